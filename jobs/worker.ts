// The worker process: one BullMQ worker per queue, each calling its processor.
// On SIGINT/SIGTERM it stops taking jobs and lets the current ones finish, for
// a few seconds at most: past that, or at once when Redis is unreachable, it
// closes by force and exits (a job cut short is taken back by BullMQ's stalled
// check and redone; every processor is idempotent). A lost Redis connection is
// logged once, not once per reconnect attempt (docs/decisions/015).
import { Worker, type Processor, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import { getPrisma } from "~/utils/db.server.ts";
import { log } from "~/utils/log.server.ts";
import { listAttemptsToGrade } from "~/models/quiz.server.ts";
import { completedLessonsAwaitingHours } from "~/models/progress.server.ts";
import { closedSessionsAwaitingHours, queueClosedSessionHours } from "~/models/station-session.server.ts";
import { closeQueues, enqueueHoursMany, enqueueStationHours, requeueGrading, queuePrefix, type QueueName } from "~/utils/queues.server.ts";
import { createRedisConnection, disconnectRedisConnections } from "~/utils/redis.server.ts";
import { processEligibility } from "./processors/eligibility.ts";
import { processGrading } from "./processors/grading.ts";
import { processHours } from "./processors/hours.ts";
import { processPeopleImport } from "./processors/people-import.ts";
import { isConnectionError, onOutageEvent, UP, type OutageEvent, type OutageState } from "./redis-outage.ts";
import { workerSettings } from "./settings.ts";

const PROCESSORS: Record<QueueName, Processor> = {
  grading: processGrading,
  hours: processHours,
  eligibility: processEligibility,
  "people-import": processPeopleImport,
};

/**
 * The options a queue's worker runs with (concurrency from WORKER_CONCURRENCY).
 * The benchmark gives its no-op worker the same ones, so the ratio is fair.
 */
export function workerOptions(name: QueueName, connection: Redis = createRedisConnection("worker")): WorkerOptions {
  return { connection, prefix: queuePrefix(), concurrency: workerSettings().concurrency[name] };
}

/** Whether Redis is reachable, as this process's workers see it; every change logged once. */
let outage: OutageState = UP;
/** Called when Redis is lost (a stop in progress then closes by force at once). */
let onRedisLost: (() => void) | undefined;

function noteRedis(event: OutageEvent) {
  const wasDown = outage.down;
  const next = onOutageEvent(outage, event);
  outage = next.state;
  if (next.line) log[next.line.level](next.line.fields, next.line.message);
  if (!wasDown && outage.down) onRedisLost?.();
}

export function startWorkers() {
  return (Object.keys(PROCESSORS) as QueueName[]).map((name) => {
    const connection = createRedisConnection("worker");
    const worker = new Worker(name, PROCESSORS[name], workerOptions(name, connection));
    // An import's result is the admin's report, refused rows and their ID-card numbers among it: not for the log.
    worker.on("completed", (job, result) =>
      log.info({ queue: name, jobId: job.id, result: name === "people-import" ? undefined : result }, "job completed"),
    );
    worker.on("failed", (job, error) =>
      log.error({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, "job failed"),
    );
    worker.on("error", (error) => {
      if (isConnectionError(error)) noteRedis({ kind: "error", at: Date.now(), message: error.message });
      else log.error({ queue: name, err: error.message }, "worker error");
    });
    connection.on("ready", () => noteRedis({ kind: "ready", at: Date.now() }));
    return worker;
  });
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Attempts saved while Redis was unreachable were never queued, nor were those
 * whose last short answer was reviewed then: queue them (job ids dedupe).
 */
async function queueUngradedAttempts() {
  const { submitted, reviewed } = await listAttemptsToGrade();
  await Promise.all([
    ...submitted.map((attemptId) => requeueGrading(attemptId, "submitted")),
    ...reviewed.map((attemptId) => requeueGrading(attemptId, "reviewed")),
  ]);
  if (submitted.length + reviewed.length > 0)
    log.info({ submitted: submitted.length, reviewed: reviewed.length }, "queued ungraded attempts");
}

/** Station sessions closed while Redis was unreachable: queue their attendees' hours (job ids dedupe, the ledger's keys too). */
async function queueStationHoursLeftOver() {
  const sessions = await closedSessionsAwaitingHours();
  for (const sessionClientId of sessions) {
    await queueClosedSessionHours(sessionClientId, async (accounts) => {
      await enqueueStationHours(sessionClientId, accounts);
      return true;
    });
  }
  if (sessions.length > 0) log.info({ sessions: sessions.length }, "queued station hours left over");
}

/** Lessons completed while Redis was unreachable (a film without a quiz completes in the page, not in a job): queue their hours. */
export async function queueLessonHoursLeftOver() {
  const lessons = await completedLessonsAwaitingHours();
  await enqueueHoursMany(lessons);
  if (lessons.length > 0) log.info({ lessons: lessons.length }, "queued lesson hours left over");
}

/** How long the current jobs may take to finish on a stop; then the worker closes by force. */
const CLOSE_GRACE_MS = 4_000;
/** How long a forced close may take before the process exits regardless. */
const FORCE_GRACE_MS = 1_000;

/** "done" when `work` settles (either way) within `ms`, else "timeout", or "interrupted" if `interrupt` comes first. */
async function waitAtMost(work: Promise<unknown>, ms: number, interrupt?: Promise<unknown>): Promise<"done" | "timeout" | "interrupted"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    return await Promise.race([
      work.then(
        () => "done" as const,
        () => "done" as const,
      ),
      timeout,
      ...(interrupt ? [interrupt.then(() => "interrupted" as const)] : []),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  await getPrisma();
  const workers = startWorkers();
  let sweep: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweep);
    // Closing waits on Redis (jobs hand back their results and locks there): pointless while it is gone,
    // and Ctrl-C reaches the embedded Redis at the same moment as this process.
    const lost = new Promise<void>((resolve) => (onRedisLost = resolve));
    log.info({ signal, redisDown: outage.down }, "workers stopping: finishing current jobs");
    const graceful = async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await closeQueues();
    };
    const outcome = outage.down ? "interrupted" : await waitAtMost(graceful(), CLOSE_GRACE_MS, lost);
    const closed = outcome === "done";
    if (!closed) {
      const reason = outcome === "timeout" ? "jobs still running" : "redis unreachable";
      log.warn({ reason, graceMs: CLOSE_GRACE_MS }, "workers stopping by force: unfinished jobs are redone after a restart");
      await waitAtMost(Promise.all(workers.map((worker) => worker.close(true))), FORCE_GRACE_MS);
      disconnectRedisConnections();
    }
    await waitAtMost(
      getPrisma().then((prisma) => prisma.$disconnect()),
      FORCE_GRACE_MS,
    );
    log.info({ forced: !closed }, "workers stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  // Waits for Redis however long it takes (a worker restarted while Redis is down).
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  log.info({ queues: Object.keys(PROCESSORS) }, "workers ready");
  const sweepOnce = () =>
    Promise.all([queueUngradedAttempts(), queueStationHoursLeftOver(), queueLessonHoursLeftOver()]).catch((error: Error) =>
      log.error({ err: error.message }, "sweep failed"),
    );
  await sweepOnce();
  sweep = setInterval(() => void sweepOnce(), SWEEP_INTERVAL_MS);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    log.fatal({ err: error instanceof Error ? error.message : String(error) }, "worker failed to start");
    process.exit(1);
  });
}
