// people-import: a roster an admin uploaded, imported into his subtrees with its
// progress reported for the page. The cells are dropped from the job once done:
// the roster's ID-card numbers need not stay in Redis for the day the summary does.
import type { Job } from "bullmq";
import { importRoster, type ImportReport } from "~/models/people-import.server.ts";
import { cellFromQueue, type JobPayloads } from "~/utils/queues.server.ts";

export async function processPeopleImport(job: Job<JobPayloads["people-import"]>): Promise<ImportReport> {
  const { rows, total, ...input } = job.data;
  await job.updateProgress({ done: 0, total });
  const report = await importRoster({
    ...input,
    rows: rows.map((cells) => cells.map(cellFromQueue)),
    onProgress: (progress) => job.updateProgress(progress),
  });
  await job.updateData({ ...job.data, rows: [] });
  return report;
}
