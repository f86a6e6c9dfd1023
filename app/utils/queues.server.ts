// The queues, their payloads, and how the site and the workers add jobs.
// Job ids make a repeat harmless while the earlier job still exists; the
// database's unique constraints remain the real guard against double work.
import { Queue, type JobsOptions } from "bullmq";
import { log } from "./log.server.ts";
import { closeRedisConnections, createRedisConnection } from "./redis.server.ts";

export const QUEUE_NAMES = ["grading", "hours", "eligibility"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export type JobPayloads = {
  grading: { attemptId: string };
  hours: { userId: string; lessonId: string };
  /** One person's recompute, or a policy change's fan-out to everyone below an organization. */
  eligibility: { userId: string; reason: string } | { orgId: string; reason: "policy" };
};

/** Finished jobs are removed on purpose: history lives in the database. */
export const QUEUE_DEFAULTS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/** Redis key prefix: lets several installations (or test runs) share one Redis. */
export function queuePrefix(): string {
  return process.env.QUEUE_PREFIX?.trim() || "sihuan";
}

const queues = new Map<QueueName, Queue>();

export function getQueue<Name extends QueueName>(name: Name): Queue<JobPayloads[Name]> {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: createRedisConnection("producer"), prefix: queuePrefix(), defaultJobOptions: QUEUE_DEFAULTS });
    queue.on("error", () => {
      // Connection errors surface on the add() that needs Redis; this keeps them from crashing the process.
    });
    queues.set(name, queue);
  }
  return queue as Queue<JobPayloads[Name]>;
}

/** Closes the queues and every Redis connection this process made (workers close theirs first). */
export async function closeQueues() {
  await Promise.all([...queues.values()].map((queue) => queue.close()));
  queues.clear();
  await closeRedisConnections();
}

/**
 * Queues the follow-up of a write that is already saved. When Redis is down the
 * write still stands: the failure is logged and `false` returned, and the
 * worker's sweep (or the page, which judges from the records) catches up later.
 */
export async function queueOrLeaveForSweep(enqueue: () => Promise<unknown>, context: { what: string } & Record<string, unknown>): Promise<boolean> {
  try {
    await enqueue();
    return true;
  } catch (error) {
    log.error({ err: (error as Error).message, ...context }, `could not queue ${context.what}`);
    return false;
  }
}

/**
 * An attempt is graded twice at most: when submitted, and once more when the
 * trainer has decided its last short answer. The second job gets its own id,
 * because the first (kept after completion) would swallow a repeat of its id.
 */
export function enqueueGrading(attemptId: string, when: "submitted" | "reviewed" = "submitted") {
  const jobId = when === "submitted" ? `grade-${attemptId}` : `grade-${attemptId}-reviewed`;
  return getQueue("grading").add("grade", { attemptId }, { jobId });
}

function hoursJobId(userId: string, lessonId: string) {
  return `hours-${userId}-${lessonId}`;
}

export function enqueueHours(userId: string, lessonId: string) {
  return getQueue("hours").add("lesson-hours", { userId, lessonId }, { jobId: hoursJobId(userId, lessonId) });
}

/** Many hours jobs in one round trip, with the same job ids as enqueueHours. */
export async function enqueueHoursMany(lessons: readonly { userId: string; lessonId: string }[]) {
  if (lessons.length === 0) return;
  await getQueue("hours").addBulk(
    lessons.map(({ userId, lessonId }) => ({ name: "lesson-hours", data: { userId, lessonId }, opts: { jobId: hoursJobId(userId, lessonId) } })),
  );
}

/** Recompute after every change; at most one waiting recompute per person. */
export function enqueueEligibility(userId: string, reason: string) {
  return getQueue("eligibility").add(
    "recompute",
    { userId, reason },
    { deduplication: { id: `eligibility-${userId}`, keepLastIfActive: true } },
  );
}

const POLICY_JOB = "policy-changed";

/** A policy change: one job recomputes everyone below the organization, in batches, reporting progress. */
export function enqueuePolicyRecompute(orgId: string) {
  return getQueue("eligibility").add(POLICY_JOB, { orgId, reason: "policy" }, { deduplication: { id: `policy-${orgId}`, keepLastIfActive: true } });
}

export type RecomputeProgress = { done: number; total: number };

/** The latest policy recompute of an organization, for its page: state and people done of total. */
export async function policyRecomputeProgress(orgId: string): Promise<({ state: string } & RecomputeProgress) | null> {
  const jobs = await getQueue("eligibility").getJobs(["active", "waiting", "delayed", "completed", "failed"], 0, 200);
  const latest = jobs
    .filter((job) => job.name === POLICY_JOB && "orgId" in job.data && job.data.orgId === orgId)
    .sort((a, b) => b.timestamp - a.timestamp)[0];
  if (!latest?.id) return null;
  // State first, then the progress read afresh: a job seen while running may have finished since.
  const state = await latest.getState();
  const fresh = (await getQueue("eligibility").getJob(latest.id)) ?? latest;
  const progress = (typeof fresh.progress === "object" ? fresh.progress : { done: 0, total: 0 }) as RecomputeProgress;
  return { state, done: progress.done ?? 0, total: progress.total ?? 0 };
}
