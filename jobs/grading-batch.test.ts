// Grading in batches (docs/decisions/010) against a real SQLite database and a
// real Redis: a batch gives what grading the same attempts one by one gives,
// one bad attempt fails alone, and a pass queues its lesson's hours once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment } from "../tests/helpers/app-environment.ts";
import { refuseUpdatesOf } from "../tests/helpers/refuse-update.ts";

let app: AppEnvironment;

const load = async () => ({
  ...(await import("~/utils/db.server.ts")),
  ...(await import("~/models/progress.server.ts")),
  ...(await import("~/models/quiz.server.ts")),
  ...(await import("~/utils/queues.server.ts")),
  ...(await import("./processors/grading.ts")),
});
let m: Awaited<ReturnType<typeof load>>;

type LessonBank = { id: string; questions: { id: string; type: string; answerJson: string }[] };

async function lesson(slug: string): Promise<LessonBank> {
  const prisma = await m.getPrisma();
  return prisma.lesson.findFirstOrThrow({
    where: { slug },
    select: {
      id: true,
      questions: { where: { retired: false }, orderBy: { sortOrder: "asc" }, select: { id: true, type: true, answerJson: true } },
    },
  });
}

function rightAnswers(bank: LessonBank) {
  return bank.questions.map((question) => {
    const answer: unknown = JSON.parse(question.answerJson);
    const response =
      question.type === "TRUE_FALSE"
        ? String(answer)
        : question.type === "FILL"
          ? (answer as string[])[0]!
          : question.type === "SHORT"
            ? "我的体会"
            : (answer as string | string[]);
    return { questionId: question.id, response };
  });
}

const blankAnswers = (bank: LessonBank) => bank.questions.map((question) => ({ questionId: question.id, response: null }));

let learnerCount = 0;
async function newLearner(): Promise<string> {
  const prisma = await m.getPrisma();
  const org = await prisma.organization.findUniqueOrThrow({ where: { code: "hexi-cun" }, select: { id: true } });
  learnerCount += 1;
  const user = await prisma.user.create({
    data: { username: `batch${learnerCount}`, name: `批量${learnerCount}`, homeOrgId: org.id },
    select: { id: true },
  });
  return user.id;
}

async function openTesting(userId: string, lessonId: string) {
  for (const stage of ["PREPARATION", "VIEWING", "DISCUSSION"] as const) await m.markStageDone(userId, lessonId, stage);
}

let keyCount = 0;
async function submit(userId: string, bank: LessonBank, responses: { questionId: string; response: string | string[] | null }[]) {
  keyCount += 1;
  return (await m.submitAttempt({ userId, lessonId: bank.id, idempotencyKey: `batch-test-${keyCount}`, responses })).id;
}

/** One learner per case; the same cases are made twice, for the batch and for one by one. */
async function makeCases() {
  const rudang = await lesson("rudang-shenqing");
  const minzhu = await lesson("minzhu-jizhongzhi");
  const passer = await newLearner();
  await openTesting(passer, rudang.id);
  const failer = await newLearner();
  await openTesting(failer, rudang.id);
  const writer = await newLearner();
  await openTesting(writer, minzhu.id);
  const early = await newLearner();
  const ids = {
    passed: await submit(passer, rudang, rightAnswers(rudang)),
    // A second pass of the same learner and lesson (two tabs, two tokens): hours once all the same.
    passedAgain: await submit(passer, rudang, rightAnswers(rudang)),
    failed: await submit(failer, rudang, blankAnswers(rudang)),
    shortPending: await submit(writer, minzhu, rightAnswers(minzhu)),
    alreadyGraded: await submit(early, rudang, rightAnswers(rudang)),
    unknown: `no-such-attempt-${keyCount}`,
  };
  // Graded before the batch (stages not done: no hours), then changed under it: a regrade would show.
  expect(await m.gradeAttempts([ids.alreadyGraded])).toEqual(
    new Map([[ids.alreadyGraded, { status: "GRADED", scorePercent: 100, savedNow: true }]]),
  );
  const prisma = await m.getPrisma();
  await prisma.quizAttempt.update({ where: { id: ids.alreadyGraded }, data: { scorePercent: 42 } });
  return { ids, learners: { passer, failer, writer, early }, lessons: { rudang: rudang.id, minzhu: minzhu.id } };
}

/** Everything grading writes about one attempt and its learner, without ids and clocks. */
async function snapshot(attemptId: string) {
  const prisma = await m.getPrisma();
  const attempt = await prisma.quizAttempt.findUnique({
    where: { id: attemptId },
    select: {
      userId: true,
      lessonId: true,
      status: true,
      scorePercent: true,
      passed: true,
      gradedAt: true,
      answers: { orderBy: { position: "asc" }, select: { position: true, correct: true, pointsEarned: true } },
    },
  });
  if (!attempt) return null;
  const progress = await m.getStageDates(attempt.userId, attempt.lessonId);
  const hoursJob = await m.getQueue("hours").getJob(`hours-${attempt.userId}-${attempt.lessonId}`);
  return {
    status: attempt.status,
    scorePercent: attempt.scorePercent,
    passed: attempt.passed,
    graded: attempt.gradedAt !== null,
    answers: attempt.answers.map(({ position, correct, pointsEarned }) => ({ position, correct, pointsEarned })),
    tested: Boolean(progress?.testedAt),
    completed: Boolean(progress?.completedAt),
    hoursQueued: Boolean(hoursJob),
  };
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  await loadSampleData();
});

afterAll(async () => {
  await app.cleanup();
});

describe("grading a batch", () => {
  it("gives the same results as grading each attempt alone: pass, fail, short answer pending, already graded, unknown", async () => {
    const batch = await makeCases();
    const alone = await makeCases();
    const order = ["passed", "passedAgain", "failed", "shortPending", "alreadyGraded", "unknown"] as const;

    const batchResults = await m.gradeAttempts(order.map((name) => batch.ids[name]));
    const aloneResults = new Map<string, unknown>();
    for (const name of order) {
      const results = await m.gradeAttempts([alone.ids[name]]);
      aloneResults.set(alone.ids[name], results.get(alone.ids[name]));
    }

    for (const name of order) {
      expect(batchResults.get(batch.ids[name]), name).toEqual(aloneResults.get(alone.ids[name]));
      expect(await snapshot(batch.ids[name]), name).toEqual(await snapshot(alone.ids[name]));
    }

    // And what each of them is, independently of the comparison.
    const result = (name: (typeof order)[number]) => batchResults.get(batch.ids[name]);
    expect(result("passed")).toEqual({ status: "GRADED", scorePercent: 100, savedNow: true });
    expect(result("passedAgain")).toEqual({ status: "GRADED", scorePercent: 100, savedNow: true });
    expect(result("failed")).toEqual({ status: "GRADED", scorePercent: 0, savedNow: true });
    expect(result("shortPending")).toEqual({ status: "AWAITING_REVIEW", scorePercent: null, savedNow: true });
    expect(result("alreadyGraded")).toEqual({ status: "GRADED", scorePercent: 42, savedNow: false });
    expect(result("unknown")).toEqual({ skipped: "no such attempt" });

    expect(await snapshot(batch.ids.passed)).toMatchObject({
      status: "GRADED",
      passed: true,
      tested: true,
      completed: true,
      hoursQueued: true,
    });
    expect(await snapshot(batch.ids.failed)).toMatchObject({
      status: "GRADED",
      passed: false,
      tested: false,
      completed: false,
      hoursQueued: false,
    });
    const pending = await snapshot(batch.ids.shortPending);
    expect(pending).toMatchObject({
      status: "AWAITING_REVIEW",
      scorePercent: null,
      passed: null,
      graded: false,
      tested: false,
      hoursQueued: false,
    });
    // Objective questions are marked, the short answer waits for a trainer.
    expect(pending!.answers.filter((answer) => answer.correct === null)).toHaveLength(1);
    expect(pending!.answers.filter((answer) => answer.correct === true)).toHaveLength(pending!.answers.length - 1);
    // Not regraded: the changed score stays; no stage, no hours (the earlier stages were never done).
    expect(await snapshot(batch.ids.alreadyGraded)).toMatchObject({
      status: "GRADED",
      scorePercent: 42,
      tested: true,
      completed: false,
      hoursQueued: false,
    });
    expect(await snapshot(batch.ids.unknown)).toBeNull();
  });

  it("queues one hours job per passed lesson, however often it is passed or graded", async () => {
    const rudang = await lesson("rudang-shenqing");
    const learner = await newLearner();
    await openTesting(learner, rudang.id);
    const attempts = [await submit(learner, rudang, rightAnswers(rudang)), await submit(learner, rudang, rightAnswers(rudang))];
    await m.gradeAttempts(attempts);
    await m.gradeAttempts(attempts); // a retry of the whole batch
    await m.gradeAttempts([attempts[0]!, attempts[0]!]); // the same id twice in one batch
    const hours = await m.getQueue("hours").getJobs(["waiting", "active", "completed", "delayed"]);
    expect(hours.filter((job) => job.data.userId === learner)).toHaveLength(1);
    const prisma = await m.getPrisma();
    expect(await prisma.lessonProgress.count({ where: { userId: learner, lessonId: rudang.id } })).toBe(1);
  });

  it("an attempt whose stored answers cannot be read fails alone", async () => {
    const rudang = await lesson("rudang-shenqing");
    const [first, second, third] = [await newLearner(), await newLearner(), await newLearner()];
    const good = await submit(first, rudang, rightAnswers(rudang));
    const bad = await submit(second, rudang, rightAnswers(rudang));
    const alsoGood = await submit(third, rudang, blankAnswers(rudang));
    const prisma = await m.getPrisma();
    await prisma.quizAnswer.updateMany({ where: { attemptId: bad, position: 0 }, data: { responseJson: "{not json" } });

    const results = await m.gradeAttempts([good, bad, alsoGood]);
    expect(results.get(bad)).toBeInstanceOf(Error);
    expect(results.get(good)).toEqual({ status: "GRADED", scorePercent: 100, savedNow: true });
    expect(results.get(alsoGood)).toEqual({ status: "GRADED", scorePercent: 0, savedNow: true });
    expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: bad }, select: { status: true } })).toEqual({ status: "SUBMITTED" });
  });

  it("an attempt whose write fails fails alone: the batch is written again one attempt at a time", async () => {
    const rudang = await lesson("rudang-shenqing");
    const [first, second, third] = [await newLearner(), await newLearner(), await newLearner()];
    const good = await submit(first, rudang, rightAnswers(rudang));
    const refused = await submit(second, rudang, rightAnswers(rudang));
    const alsoGood = await submit(third, rudang, rightAnswers(rudang));
    const prisma = await m.getPrisma();
    // The database refuses to grade this one attempt (standing in for any error tied to one row).
    const allowUpdates = await refuseUpdatesOf(prisma, "QuizAttempt", refused);
    try {
      const results = await m.gradeAttempts([good, refused, alsoGood]);
      expect(results.get(refused)).toBeInstanceOf(Error);
      expect(results.get(good)).toMatchObject({ status: "GRADED", savedNow: true });
      expect(results.get(alsoGood)).toMatchObject({ status: "GRADED", savedNow: true });
      const statuses = await prisma.quizAttempt.findMany({
        where: { id: { in: [good, refused, alsoGood] } },
        select: { id: true, status: true },
      });
      expect(new Map(statuses.map((row) => [row.id, row.status]))).toEqual(
        new Map([
          [good, "GRADED"],
          [refused, "SUBMITTED"],
          [alsoGood, "GRADED"],
        ]),
      );
      // Nothing of the refused attempt was written, answers included.
      expect(await prisma.quizAnswer.count({ where: { attemptId: refused, correct: { not: null } } })).toBe(0);
    } finally {
      await allowUpdates();
    }
  });

  it("jobs handed in at once through the batcher are each answered with their own result", async () => {
    const rudang = await lesson("rudang-shenqing");
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1)
      ids.push(await submit(await newLearner(), rudang, index % 3 === 0 ? blankAnswers(rudang) : rightAnswers(rudang)));
    const settled = await Promise.allSettled([...ids, "no-such-attempt"].map((attemptId) => m.processGrading({ data: { attemptId } })));
    expect(settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : outcome.reason))).toEqual([
      ...ids.map((_, index) => ({ status: "GRADED", scorePercent: index % 3 === 0 ? 0 : 100, savedNow: true })),
      { skipped: "no such attempt" },
    ]);
  });
});
