// The sweep re-queues an ungraded attempt whose grading job failed for good:
// BullMQ keeps failed jobs under their id, and adding that id again does nothing.
import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAppEnvironment, type AppEnvironment } from "../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let queues: typeof import("~/utils/queues.server.ts");
let failing: Worker;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  queues = await import("~/utils/queues.server.ts");
  const { createRedisConnection } = await import("~/utils/redis.server.ts");
  // A grading worker that gives up on every job at once, as after its last retry.
  failing = new Worker(
    "grading",
    async (): Promise<void> => {
      throw new UnrecoverableError("the database was unreachable");
    },
    { connection: createRedisConnection("worker"), prefix: queues.queuePrefix() },
  );
});

afterAll(async () => {
  await failing?.close();
  await app?.cleanup();
});

async function failedFor(attemptId: string) {
  const job = await queues.enqueueGrading(attemptId);
  await new Promise<void>((resolve) => {
    const onFailed = (failedJob: { id?: string } | undefined) => {
      if (failedJob?.id !== job.id) return;
      failing.off("failed", onFailed);
      resolve();
    };
    failing.on("failed", onFailed);
  });
  await failing.pause();
  return job.id!;
}

describe("re-queueing a grading job that failed for good", () => {
  it("a plain add of the same id leaves it failed; the sweep's requeue puts it back to wait", async () => {
    const id = await failedFor("attempt-failed-once");
    const queue = queues.getQueue("grading");
    await queues.enqueueGrading("attempt-failed-once");
    expect(await (await queue.getJob(id))!.getState()).toBe("failed");

    await queues.requeueGrading("attempt-failed-once", "submitted");
    expect(await (await queue.getJob(id))!.getState()).toBe("waiting");
    failing.resume();
  });

  it("an attempt with no job yet is simply queued", async () => {
    await queues.requeueGrading("attempt-never-queued", "reviewed");
    const job = await queues.getQueue("grading").getJob("grade-attempt-never-queued-reviewed");
    expect(job?.data).toEqual({ attemptId: "attempt-never-queued" });
  });
});
