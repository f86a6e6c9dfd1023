// The queues, their payloads, and how the site and the workers add jobs.
// Job ids make a repeat harmless while the earlier job still exists; the
// database's unique constraints remain the real guard against double work.
import { randomUUID } from "node:crypto";
import { Queue, type Job, type JobsOptions } from "bullmq";
import type { Cell } from "~/domain/people-import.ts";
import type { ImportMode, ImportReport } from "~/models/people-import.server.ts";
import { log } from "./log.server.ts";
import { closeRedisConnections, createRedisConnection } from "./redis.server.ts";

export const QUEUE_NAMES = ["grading", "hours", "eligibility", "people-import"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export type JobPayloads = {
  grading: { attemptId: string };
  /** A lesson completed online, or one person's part in a closed station session. */
  hours: { userId: string; lessonId: string } | { userId: string; stationSessionId: string };
  /** One person's recompute, or a policy change's fan-out to everyone below an organization. */
  eligibility: { userId: string; reason: string } | { orgId: string; reason: "policy" };
  /** A roster an admin uploaded, its cells as read (dates kept as dates through JSON) and its count of people's rows, to import into his subtrees. */
  "people-import": { actorId: string; roots: string[]; mode: ImportMode; fileName: string; rows: QueuedCell[][]; total: number };
};

/** A spreadsheet cell as a job carries it: JSON has no dates, so a date cell travels as its ISO text in an object. */
export type QueuedCell = Exclude<Cell, Date> | { date: string };

export const queuedCell = (cell: Cell): QueuedCell => (cell instanceof Date ? { date: cell.toISOString() } : cell);
export const cellFromQueue = (cell: QueuedCell): Cell => (cell !== null && typeof cell === "object" ? new Date(cell.date) : cell);

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
    const connection = createRedisConnection("producer");
    const made = new Queue(name, { connection, prefix: queuePrefix(), defaultJobOptions: QUEUE_DEFAULTS });
    made.on("error", () => {
      // Connection errors surface on the add() that needs Redis; this keeps them from crashing the process.
    });
    // A queue whose first connection failed (Redis went away while it was being made) keeps failing every add: BullMQ
    // sets a queue's connection up once. It is dropped, so the next add makes a new one.
    made.waitUntilReady().catch(() => {
      if (queues.get(name) === made) queues.delete(name);
      connection.disconnect();
    });
    queues.set(name, made);
    queue = made;
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
export async function queueOrLeaveForSweep(
  enqueue: () => Promise<unknown>,
  context: { what: string } & Record<string, unknown>,
): Promise<boolean> {
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
  return getQueue("grading").add("grade", { attemptId }, { jobId: gradingJobId(attemptId, when) });
}

/** Attempts just submitted together (a station's upload), each under the job id enqueueGrading gives it. */
export async function enqueueGradingOf(attemptIds: readonly string[]) {
  if (attemptIds.length === 0) return;
  await getQueue("grading").addBulk(
    attemptIds.map((attemptId) => ({ name: "grade", data: { attemptId }, opts: { jobId: gradingJobId(attemptId, "submitted") } })),
  );
}

function gradingJobId(attemptId: string, when: "submitted" | "reviewed") {
  return when === "submitted" ? `grade-${attemptId}` : `grade-${attemptId}-reviewed`;
}

/**
 * The sweep's enqueue. A job that failed for good is kept (for inspection) under
 * the attempt's job id and would swallow a new add of that id, leaving the
 * attempt ungraded forever: retry that job instead.
 */
export async function requeueGrading(attemptId: string, when: "submitted" | "reviewed") {
  const failed = await getQueue("grading").getJob(gradingJobId(attemptId, when));
  if (failed && (await failed.isFailed())) return failed.retry("failed");
  return enqueueGrading(attemptId, when);
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
    lessons.map(({ userId, lessonId }) => ({
      name: "lesson-hours",
      data: { userId, lessonId },
      opts: { jobId: hoursJobId(userId, lessonId) },
    })),
  );
}

/**
 * One hours job per account holder at a closed station session (`stationSessionId`:
 * the session's id made on the device). `after` names what makes a later job for
 * the same person (an answer typed in after the close): the first job's id is kept
 * after it ran and would swallow a repeat.
 */
export async function enqueueStationHours(stationSessionId: string, userIds: readonly string[], after?: string) {
  if (userIds.length === 0) return;
  await getQueue("hours").addBulk(
    userIds.map((userId) => ({
      name: "station-hours",
      data: { userId, stationSessionId },
      opts: { jobId: `hours-station-${stationSessionId}-${userId}${after ? `-${after}` : ""}` },
    })),
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

/** Where the id of an organization's latest policy recompute is kept (beside the queue's own keys). */
function latestPolicyJobKey(queue: Queue, orgId: string) {
  return queue.toKey(`policy-latest:${orgId}`);
}

/**
 * A policy change: one job recomputes everyone below the organization, in
 * batches, reporting progress. At most one waits per organization: a change
 * while one waits joins it (it reads the policy when it runs); a change while
 * one runs is kept as the next job (BullMQ's keepLastIfActive), under the id
 * given here. The id of the job that will show this change's recompute is
 * remembered per organization, so the page finds it by id however many other
 * jobs the queue keeps.
 */
export async function enqueuePolicyRecompute(orgId: string) {
  const queue = getQueue("eligibility");
  const deduplicationId = `policy-${orgId}`;
  const jobId = `policy-${orgId}-${randomUUID()}`;
  const job = await queue.add(
    POLICY_JOB,
    { orgId, reason: "policy" },
    { jobId, deduplication: { id: deduplicationId, keepLastIfActive: true } },
  );
  const client = await queue.backend.client;
  let latest = job.id ?? jobId;
  if (latest !== jobId) {
    // Deduplicated: joined a waiting job (that one is the latest), or kept as
    // the next job behind a running one (ours, once the running one ends).
    const next = await client.hget(queue.toKey(`dn:${deduplicationId}`), "jid");
    if (next === jobId || (await queue.getJob(jobId))) latest = jobId;
  }
  await client.set(latestPolicyJobKey(queue, orgId), latest);
  return job;
}

export type RecomputeProgress = { done: number; total: number };

/** The latest policy recompute of an organization, for its page: state and people done of total, found by its job id. */
export async function policyRecomputeProgress(orgId: string): Promise<({ state: string } & RecomputeProgress) | null> {
  const queue = getQueue("eligibility");
  const client = await queue.backend.client;
  const id = await client.get(latestPolicyJobKey(queue, orgId));
  if (!id) return null;
  const job = await queue.getJob(id);
  if (!job) {
    // Kept as the next job behind a running one: not created yet.
    const next = await client.hget(queue.toKey(`dn:policy-${orgId}`), "jid");
    return next === id ? { state: "waiting", done: 0, total: 0 } : null;
  }
  // State first, then the progress read afresh: a job seen while running may have finished since.
  const state = await job.getState();
  const fresh = (await queue.getJob(id)) ?? job;
  const progress = (typeof fresh.progress === "object" ? fresh.progress : { done: 0, total: 0 }) as RecomputeProgress;
  return { state, done: progress.done ?? 0, total: progress.total ?? 0 };
}

/** An import job stays findable for a day, for the admin who started it to read its summary. */
const IMPORT_KEPT_SECONDS = 24 * 3600;

/**
 * Queues an uploaded roster's import. One attempt: a failed import saved nothing (one
 * transaction), and its page says so at once rather than after retries.
 */
export async function enqueuePeopleImport(payload: JobPayloads["people-import"]): Promise<string> {
  const job = await getQueue("people-import").add("import", payload, {
    jobId: `import-${randomUUID()}`,
    attempts: 1,
    removeOnComplete: { age: IMPORT_KEPT_SECONDS },
    removeOnFail: { age: IMPORT_KEPT_SECONDS },
  });
  return job.id!;
}

export type ImportProgress = { done: number; total: number };

export type PeopleImportState =
  { state: "waiting" | "running"; progress: ImportProgress } | { state: "failed" } | { state: "done"; report: ImportReport };

/** An import job as its page shows it, or null when there is none of that id started by this admin. */
export async function peopleImportState(jobId: string, actorId: string): Promise<PeopleImportState | null> {
  const job = (await getQueue("people-import").getJob(jobId)) as Job<JobPayloads["people-import"], ImportReport> | undefined;
  if (!job || job.data.actorId !== actorId) return null;
  // State first, then the job read afresh: one seen while running may have finished since.
  const state = await job.getState();
  if (state === "completed") {
    const finished = (await getQueue("people-import").getJob(jobId)) as Job<JobPayloads["people-import"], ImportReport>;
    return { state: "done", report: finished.returnvalue };
  }
  if (state === "failed") return { state: "failed" };
  const progress = typeof job.progress === "object" ? (job.progress as ImportProgress) : { done: 0, total: job.data.total };
  return { state: state === "active" ? "running" : "waiting", progress };
}
