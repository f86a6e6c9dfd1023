// The worker process: one BullMQ worker per queue, each calling its processor.
// On SIGINT/SIGTERM it stops taking jobs and lets the current ones finish.
import { Worker, type Processor, type WorkerOptions } from "bullmq";
import { getPrisma } from "~/utils/db.server.ts";
import { log } from "~/utils/log.server.ts";
import { listAttemptsToGrade } from "~/models/quiz.server.ts";
import { closeQueues, enqueueGrading, queuePrefix, type QueueName } from "~/utils/queues.server.ts";
import { createRedisConnection } from "~/utils/redis.server.ts";
import { processEligibility } from "./processors/eligibility.ts";
import { processGrading } from "./processors/grading.ts";
import { processHours } from "./processors/hours.ts";
import { workerSettings } from "./settings.ts";

const PROCESSORS: Record<QueueName, Processor> = {
  grading: processGrading,
  hours: processHours,
  eligibility: processEligibility,
};

/**
 * The options a queue's worker runs with (concurrency from WORKER_CONCURRENCY).
 * The benchmark gives its no-op worker the same ones, so the ratio is fair.
 */
export function workerOptions(name: QueueName): WorkerOptions {
  return { connection: createRedisConnection("worker"), prefix: queuePrefix(), concurrency: workerSettings().concurrency[name] };
}

export function startWorkers() {
  return (Object.keys(PROCESSORS) as QueueName[]).map((name) => {
    const worker = new Worker(name, PROCESSORS[name], workerOptions(name));
    worker.on("completed", (job, result) => log.info({ queue: name, jobId: job.id, result }, "job completed"));
    worker.on("failed", (job, error) =>
      log.error({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, "job failed"),
    );
    worker.on("error", (error) => log.error({ queue: name, err: error.message }, "worker error"));
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
    ...submitted.map((attemptId) => enqueueGrading(attemptId, "submitted")),
    ...reviewed.map((attemptId) => enqueueGrading(attemptId, "reviewed")),
  ]);
  if (submitted.length + reviewed.length > 0) log.info({ submitted: submitted.length, reviewed: reviewed.length }, "queued ungraded attempts");
}

async function main() {
  await getPrisma();
  const workers = startWorkers();
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  log.info({ queues: Object.keys(PROCESSORS) }, "workers ready");
  await queueUngradedAttempts();
  const sweep = setInterval(() => void queueUngradedAttempts().catch((error: Error) => log.error({ err: error.message }, "sweep failed")), SWEEP_INTERVAL_MS);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweep);
    log.info({ signal }, "workers stopping: finishing current jobs");
    await Promise.all(workers.map((worker) => worker.close()));
    await closeQueues();
    const prisma = await getPrisma();
    await prisma.$disconnect();
    log.info("workers stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    log.fatal({ err: error instanceof Error ? error.message : String(error) }, "worker failed to start");
    process.exit(1);
  });
}
