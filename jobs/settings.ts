// The workers' settings from the environment, validated once (README lists them).
//   WORKER_CONCURRENCY       jobs each worker runs at once: "grading=512,hours=4",
//                            or a bare number for the grading worker
//   GRADING_BATCH_SIZE       most attempts graded together
//   GRADING_BATCH_WAIT_MS    how long the first attempt of a batch waits for others
import { z } from "zod";
import { QUEUE_NAMES, type QueueName } from "~/utils/queues.server.ts";

/**
 * Grading jobs wait for their batch, so the grading worker holds many at once:
 * about two batches' worth, one being written while the next one fills.
 * Roster imports run one at a time: each is one long transaction.
 */
export const DEFAULT_CONCURRENCY: Readonly<Record<QueueName, number>> = { grading: 512, hours: 4, eligibility: 2, "people-import": 1 };
export const DEFAULT_GRADING_BATCH = { maxSize: 256, maxWaitMs: 5 } as const;

export type WorkerSettings = {
  concurrency: Record<QueueName, number>;
  gradingBatch: { maxSize: number; maxWaitMs: number };
};

const count = (name: string, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(max, `${name} must be at most ${max}`);

function parseConcurrency(value: string | undefined): Record<QueueName, number> {
  const concurrency = { ...DEFAULT_CONCURRENCY };
  const text = value?.trim();
  if (!text) return concurrency;
  if (/^\d+$/.test(text)) {
    concurrency.grading = count("WORKER_CONCURRENCY", 10_000).parse(text);
    return concurrency;
  }
  for (const part of text.split(",")) {
    const [name, number] = part.split("=").map((piece) => piece.trim());
    if (!name || number === undefined || !(QUEUE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`WORKER_CONCURRENCY: "${part.trim()}" is not <queue>=<number> with a queue among ${QUEUE_NAMES.join(", ")}`);
    }
    concurrency[name as QueueName] = count(`WORKER_CONCURRENCY ${name}`, 10_000).parse(number);
  }
  return concurrency;
}

export function parseWorkerSettings(env: Readonly<Record<string, string | undefined>>): WorkerSettings {
  try {
    return {
      concurrency: parseConcurrency(env.WORKER_CONCURRENCY),
      gradingBatch: {
        maxSize: env.GRADING_BATCH_SIZE?.trim()
          ? count("GRADING_BATCH_SIZE", 1000).parse(env.GRADING_BATCH_SIZE)
          : DEFAULT_GRADING_BATCH.maxSize,
        maxWaitMs: env.GRADING_BATCH_WAIT_MS?.trim()
          ? z.coerce
              .number()
              .int("GRADING_BATCH_WAIT_MS must be a whole number of milliseconds")
              .min(0)
              .max(1000, "GRADING_BATCH_WAIT_MS must be at most 1000")
              .parse(env.GRADING_BATCH_WAIT_MS)
          : DEFAULT_GRADING_BATCH.maxWaitMs,
      },
    };
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join("; ") : (error as Error).message;
    throw new Error(`环境变量有误 / invalid environment: ${message}`);
  }
}

let cached: WorkerSettings | undefined;

export function workerSettings(): WorkerSettings {
  cached ??= parseWorkerSettings(process.env);
  return cached;
}
