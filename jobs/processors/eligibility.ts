// eligibility: recompute a person's verdict after a fact about him changed.
import type { Job } from "bullmq";
import { recomputeEligibility } from "~/models/eligibility.server.ts";
import type { JobPayloads } from "~/utils/queues.server.ts";

export async function processEligibility(job: Job<JobPayloads["eligibility"]>) {
  const verdict = await recomputeEligibility(job.data.userId);
  return verdict ? { nextStage: verdict.nextStage, status: verdict.status } : { skipped: "no next step" };
}
