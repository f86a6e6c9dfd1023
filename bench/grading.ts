// Grading throughput: quiz attempts graded end to end through BullMQ and written
// back, per second, next to the rate of a no-op BullMQ job on the same Redis,
// with the same worker options (concurrency included) and the same job options,
// in the same run.
import path from "node:path";
import { Queue, Worker } from "bullmq";
import { waitUntil, workerBenchEnvironment } from "./setup.ts";

// 10,000: runs of 2,000 last about a second each, too short for a steady rate.
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 10_000);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 6395);
// BENCH_DATA_DIR lets two checkouts (or two runs) bench side by side without sharing a folder.
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? ".bench-data-grading");

export type RateResult = { jobs: number; seconds: number; perSecond: number };

export async function benchGrading() {
  const environment = await workerBenchEnvironment(DATA_DIR, REDIS_PORT);
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { submitAttempt } = await import("~/models/quiz.server.ts");
  const { getQueue, closeQueues, QUEUE_DEFAULTS } = await import("~/utils/queues.server.ts");
  const { startWorkers, workerOptions } = await import("../jobs/worker.ts");
  const { workerSettings } = await import("../jobs/settings.ts");
  const { createRedisConnection } = await import("~/utils/redis.server.ts");
  const prisma = await getPrisma();
  try {
    // Attempts stored as the site stores them (not timed): correct answers, so each passes and marks its stage.
    const lesson = await prisma.lesson.findFirstOrThrow({
      where: { slug: "rudang-shenqing" },
      select: { id: true, questions: { where: { retired: false }, select: { id: true, type: true, answerJson: true } } },
    });
    const home = await prisma.organization.findUniqueOrThrow({ where: { code: "hexi-cun" }, select: { id: true } });
    const learners = 200;
    await prisma.user.createMany({
      data: Array.from({ length: learners }, (_, index) => ({ username: `grader${index}`, name: `压测${index}`, homeOrgId: home.id })),
    });
    const users = await prisma.user.findMany({ where: { username: { startsWith: "grader" } }, select: { id: true } });
    const responses = lesson.questions.map((question) => {
      const answer: unknown = JSON.parse(question.answerJson);
      const response =
        question.type === "TRUE_FALSE"
          ? String(answer)
          : question.type === "FILL"
            ? (answer as string[])[0]!
            : (answer as string | string[]);
      return { questionId: question.id, response };
    });
    const attemptIds: string[] = [];
    for (let index = 0; index < ATTEMPTS; index += 1) {
      const attempt = await submitAttempt({
        userId: users[index % learners]!.id,
        lessonId: lesson.id,
        idempotencyKey: `bench-${index}`,
        responses,
      });
      attemptIds.push(attempt.id);
    }

    // No-op jobs: what BullMQ itself costs here.
    // Same worker options as the grading worker, same job options as the grading queue.
    const noopQueue = new Queue("bench-noop", {
      connection: createRedisConnection("producer"),
      prefix: "bench",
      defaultJobOptions: QUEUE_DEFAULTS,
    });
    let noopDone = 0;
    const noopWorker = new Worker("bench-noop", async () => ({ noop: true }), workerOptions("grading"));
    noopWorker.on("completed", () => (noopDone += 1));
    await noopWorker.waitUntilReady();
    const noopStart = performance.now();
    await noopQueue.addBulk(attemptIds.map((id) => ({ name: "noop", data: { attemptId: id }, opts: { jobId: `noop-${id}` } })));
    await waitUntil(() => noopDone >= ATTEMPTS);
    const noopSeconds = (performance.now() - noopStart) / 1000;
    await noopWorker.close();
    await noopQueue.close();

    // Grading: the real processors, from queued to written back. Counted as the no-op jobs
    // are, by completed jobs: a grading job completes only after its batch's transaction
    // committed, so this is no earlier than the write. Polling the database instead would
    // add queries of the benchmark's own to the timed run.
    const workers = startWorkers();
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    let gradingDone = 0;
    workers.find((worker) => worker.name === "grading")!.on("completed", () => (gradingDone += 1));
    const gradingStart = performance.now();
    await getQueue("grading").addBulk(
      attemptIds.map((attemptId) => ({ name: "grade", data: { attemptId }, opts: { jobId: `grade-${attemptId}` } })),
    );
    await waitUntil(() => gradingDone >= ATTEMPTS);
    const gradingSeconds = (performance.now() - gradingStart) / 1000;
    // Not timed: every attempt really is graded and written back.
    const graded = await prisma.quizAttempt.count({ where: { status: "GRADED", passed: true } });
    if (graded !== ATTEMPTS) throw new Error(`only ${graded} of ${ATTEMPTS} attempts are graded in the database`);
    await Promise.all(workers.map((worker) => worker.close()));
    await closeQueues();

    const settings = workerSettings();
    return {
      concurrency: settings.concurrency.grading,
      batch: settings.gradingBatch,
      noop: { jobs: ATTEMPTS, seconds: noopSeconds, perSecond: ATTEMPTS / noopSeconds },
      grading: { jobs: ATTEMPTS, seconds: gradingSeconds, perSecond: ATTEMPTS / gradingSeconds },
    };
  } finally {
    await prisma.$disconnect();
    await environment.stop();
  }
}
