// A submitted quiz flows through the real grading, hours and eligibility
// workers on a real Redis into a real SQLite database, exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../tests/helpers/wait.ts";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment } from "../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let workers: { close: () => Promise<void> }[] = [];

// Imported after the environment is set, so every module sees the test database.
const load = async () => ({
  ...(await import("~/utils/db.server.ts")),
  ...(await import("~/models/progress.server.ts")),
  ...(await import("~/models/quiz.server.ts")),
  ...(await import("~/models/ledger.server.ts")),
  ...(await import("~/utils/queues.server.ts")),
  ...(await import("./worker.ts")),
  ...(await import("./processors/hours.ts")),
});
let m: Awaited<ReturnType<typeof load>>;

async function lessonWithAnswers(lessonSlug: string) {
  const prisma = await m.getPrisma();
  return prisma.lesson.findFirstOrThrow({
    where: { slug: lessonSlug },
    select: { id: true, classHours: true, questions: { select: { id: true, type: true, answerJson: true } } },
  });
}

function correctResponses(questions: { id: string; type: string; answerJson: string }[]) {
  return questions.map((question) => {
    const answer: unknown = JSON.parse(question.answerJson);
    const response =
      question.type === "TRUE_FALSE"
        ? String(answer)
        : question.type === "MULTIPLE"
          ? (answer as string[])
          : question.type === "FILL"
            ? (answer as string[])[0]!
            : (answer as string);
    return { questionId: question.id, response };
  });
}

async function userId(username: string) {
  const prisma = await m.getPrisma();
  return (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}

async function openTesting(learnerId: string, lessonId: string) {
  for (const stage of ["PREPARATION", "VIEWING", "DISCUSSION"] as const) await m.markStageDone(learnerId, lessonId, stage);
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  await loadSampleData();
  workers = m.startWorkers();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await app.cleanup();
});

describe("grading → hours → eligibility", () => {
  it("a passed quiz earns the lesson's hours once, even when submitted and queued twice", async () => {
    const learner = await userId("xueyuan");
    const lesson = await lessonWithAnswers("rudang-shenqing");
    await openTesting(learner, lesson.id);
    const submission = {
      userId: learner,
      lessonId: lesson.id,
      idempotencyKey: "11111111-1111-4111-8111-111111111111",
      responses: correctResponses(lesson.questions),
    };

    const first = await m.submitAttempt(submission);
    const second = await m.submitAttempt(submission);
    expect(second).toEqual({ id: first.id, created: false });
    await Promise.all([m.enqueueGrading(first.id), m.enqueueGrading(first.id)]);

    const prisma = await m.getPrisma();
    // The seed judged him already; wait for the worker's recompute after the ledger entry.
    const earned = await until(() => prisma.hoursLedgerEntry.findFirst({ where: { userId: learner, lessonId: lesson.id } }));
    const eligibility = await until(() =>
      prisma.eligibilityResult.findFirst({ where: { userId: learner, computedAt: { gte: earned.createdAt } } }),
    );
    const attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: first.id } });
    expect(attempt).toMatchObject({ status: "GRADED", scorePercent: 100, passed: true });
    expect(await prisma.quizAttempt.count({ where: { userId: learner } })).toBe(1);

    const entries = await m.listLedgerEntries(learner);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ category: "ONLINE_STUDY", classHours: lesson.classHours, sequence: 1 });
    // The seeded activist has 8 months of cultivation: not yet, and the reason says why.
    expect(eligibility).toMatchObject({ nextStage: "DEVELOPMENT_TARGET", status: "NOT_YET" });
    expect(eligibility.reasonsJson).toContain("cultivation-before-target");

    // The hours job run again (a retry, a duplicate) adds nothing: the ledger's unique key guards it.
    const rerun = await m.processHours({ data: { userId: learner, lessonId: lesson.id } } as Parameters<typeof m.processHours>[0]);
    expect(rerun).toMatchObject({ created: false });
    expect(await m.listLedgerEntries(learner)).toHaveLength(1);
    expect((await m.verifyAllChains()).breaks).toEqual([]);
  });

  it("a failed quiz is graded but earns nothing and leaves the test open", async () => {
    const learner = await userId("fazhan");
    const lesson = await lessonWithAnswers("rudang-shenqing");
    await openTesting(learner, lesson.id);
    const attempt = await m.submitAttempt({
      userId: learner,
      lessonId: lesson.id,
      idempotencyKey: "22222222-2222-4222-8222-222222222222",
      responses: lesson.questions.map((question) => ({ questionId: question.id, response: null })),
    });
    await m.enqueueGrading(attempt.id);
    const prisma = await m.getPrisma();
    const graded = await until(() => prisma.quizAttempt.findFirst({ where: { id: attempt.id, status: "GRADED" } }));
    expect(graded).toMatchObject({ scorePercent: 0, passed: false });
    expect((await m.getStageDates(learner, lesson.id))?.testedAt).toBeNull();
    expect(await m.listLedgerEntries(learner)).toHaveLength(0);
  });
});

describe("ledger chain under concurrency", () => {
  it("twenty appends at once for one learner make one unbroken chain", async () => {
    const learner = await userId("yubei");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        m.appendLedgerEntry({
          userId: learner,
          category: "STATION_SESSION",
          classHours: 1,
          source: `station-session:test-${index}`,
          idempotencyKey: `concurrency-${index}`,
          occurredAt: new Date("2026-11-01T08:00:00Z"),
        }),
      ),
    );
    expect(results.every((result) => result.created)).toBe(true);
    const entries = await m.listLedgerEntries(learner);
    expect(entries.map((entry) => entry.sequence)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect((await m.verifyAllChains()).breaks).toEqual([]);
  });

  it("a row changed behind the ledger's back is found", async () => {
    const learner = await userId("yubei");
    const prisma = await m.getPrisma();
    const victim = await prisma.hoursLedgerEntry.findFirstOrThrow({ where: { userId: learner, sequence: 7 } });
    await prisma.hoursLedgerEntry.update({ where: { id: victim.id }, data: { classHours: 9 } });
    const { breaks } = await m.verifyAllChains();
    expect(breaks).toEqual([expect.objectContaining({ userId: learner, entryId: victim.id, sequence: 7 })]);
  });
});
