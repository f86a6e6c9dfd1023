// eligibility: recompute a person's verdict after a fact about him changed, or
// everyone below an organization after its policy changed (in batches, with
// progress the policy page shows).
import type { Job } from "bullmq";
import { countPeopleUnder, organizationPath, peopleUnder } from "~/models/development.server.ts";
import { recomputeEligibility } from "~/models/eligibility.server.ts";
import type { JobPayloads } from "~/utils/queues.server.ts";

/** People recomputed between two progress reports. */
export const POLICY_BATCH_SIZE = 100;

export async function processEligibility(job: Job<JobPayloads["eligibility"]>) {
  if ("orgId" in job.data) return recomputeBelow(job, job.data.orgId);
  const verdict = await recomputeEligibility(job.data.userId);
  return verdict ? { nextStage: verdict.nextStage, status: verdict.status } : { skipped: "no next step" };
}

async function recomputeBelow(job: Job<JobPayloads["eligibility"]>, orgId: string) {
  const path = await organizationPath(orgId);
  if (!path) return { skipped: "no such organization" };
  const total = await countPeopleUnder(path);
  let done = 0;
  let after: string | null = null;
  await job.updateProgress({ done, total });
  for (;;) {
    const batch = await peopleUnder(path, after, POLICY_BATCH_SIZE);
    if (batch.length === 0) break;
    for (const person of batch) await recomputeEligibility(person.id);
    done += batch.length;
    after = batch[batch.length - 1]!.id;
    await job.updateProgress({ done: Math.min(done, total), total });
  }
  return { recomputed: done };
}
