// The quiz engine through the real lesson page and review page, on a real
// migrated SQLite database, the real Redis and the real grading, hours and
// eligibility workers: papers are drawn once and graded as shown, forged
// fields count for nothing, the attempt limit holds, and a short answer goes
// through a trainer's review to a pass and one ledger entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../tests/helpers/wait.ts";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, replyMessages, replyValue, routeRequest, type RouteAnswer } from "../../tests/helpers/route-call.ts";
import type { loader as lessonLoader } from "./courses+/$courseSlug.$lessonSlug.tsx";
import type { loader as reviewsLoader } from "./org+/reviews.tsx";

type LessonPage = Awaited<ReturnType<typeof lessonLoader>>;
type ReviewsPage = Awaited<ReturnType<typeof reviewsLoader>>;
type Params = { courseSlug: string; lessonSlug: string };

const YIWU: Params = { courseSlug: "dangzhang-jichu", lessonSlug: "yiwu-quanli" };
const MINZHU: Params = { courseSlug: "dangzhang-jichu", lessonSlug: "minzhu-jizhongzhi" };
const RUDANG: Params = { courseSlug: "fazhan-dangyuan", lessonSlug: "rudang-shenqing" };
const YUBEI: Params = { courseSlug: "fazhan-dangyuan", lessonSlug: "yubei-dangyuan" };

let app: AppEnvironment;
let workers: { close: () => Promise<void> }[] = [];
const cookies = new Map<string, string>();

// Imported after the environment is set, so every module sees the test database.
const load = async () => ({
  lessonRoute: await import("./courses+/$courseSlug.$lessonSlug.tsx"),
  reviewsRoute: await import("./org+/reviews.tsx"),
  ...(await import("~/utils/db.server.ts")),
  ...(await import("~/models/progress.server.ts")),
  ...(await import("~/models/quiz.server.ts")),
  ...(await import("~/utils/queues.server.ts")),
  ...(await import("../../jobs/worker.ts")),
  ...(await import("../../jobs/processors/grading.ts")),
});
let m: Awaited<ReturnType<typeof load>>;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  await loadSampleData();
  for (const username of ["xueyuan", "fazhan", "yubei", "liudong", "shenqing", "peiyang", "chengguan"])
    cookies.set(username, await sessionCookieFor(username));
  workers = m.startWorkers();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await app?.cleanup();
});

async function prisma() {
  return m.getPrisma();
}

async function userId(username: string) {
  return (await (await prisma()).user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}

async function lessonId(params: Params) {
  const lesson = await (
    await prisma()
  ).lesson.findFirstOrThrow({ where: { slug: params.lessonSlug, course: { slug: params.courseSlug } }, select: { id: true } });
  return lesson.id;
}

async function setLesson(
  params: Params,
  data: { questionsPerAttempt?: number | null; attemptLimit?: number | null; partialCredit?: boolean; revealAnswers?: string },
) {
  await (await prisma()).lesson.update({ where: { id: await lessonId(params) }, data });
}

async function openTesting(username: string, params: Params) {
  const [learner, lesson] = await Promise.all([userId(username), lessonId(params)]);
  for (const stage of ["PREPARATION", "VIEWING", "DISCUSSION"] as const) await m.markStageDone(learner, lesson, stage);
}

function pathOf(params: Params) {
  return `/courses/${params.courseSlug}/${params.lessonSlug}`;
}

async function lessonPage(username: string, params: Params): Promise<LessonPage> {
  return (await callRoute(m.lessonRoute.loader, routeRequest(pathOf(params), { cookie: cookies.get(username)! }), params))
    .body as LessonPage;
}

async function submitQuiz(username: string, params: Params, fields: [string, string][]): Promise<RouteAnswer> {
  return callRoute(
    m.lessonRoute.action,
    routeRequest(pathOf(params), { cookie: cookies.get(username)!, fields: [["intent", "quiz"], ...fields] }),
    params,
  );
}

/** A refusal: its status and its field errors as i18n keys with their parameters ("" for the form as a whole). */
function refusal(answer: RouteAnswer) {
  return { status: answer.status, errors: replyMessages(answer) };
}

function attemptIdFrom(result: RouteAnswer): string {
  expect(result.status).toBe(302);
  const location = result.location ?? "";
  const id = new URL(location, "http://localhost").searchParams.get("attempt");
  expect(id, location).toBeTruthy();
  return id!;
}

type Key = { type: string; answer: unknown; options: string[] };

async function answerKey(): Promise<Map<string, Key>> {
  const rows = await (await prisma()).question.findMany({ select: { id: true, type: true, answerJson: true, optionsJson: true } });
  return new Map(
    rows.map((row) => [
      row.id,
      { type: row.type, answer: JSON.parse(row.answerJson) as unknown, options: JSON.parse(row.optionsJson) as string[] },
    ]),
  );
}

/** The form fields of a diligent learner: every question on the paper answered correctly. */
function rightAnswers(questionIds: readonly string[], key: Map<string, Key>): [string, string][] {
  return questionIds.flatMap((id): [string, string][] => {
    const { type, answer } = key.get(id)!;
    if (type === "MULTIPLE") return (answer as string[]).map((option) => [`q-${id}`, option]);
    if (type === "FILL") return [[`q-${id}`, (answer as string[])[0]!]];
    if (type === "SHORT")
      return [[`q-${id}`, "除紧急情况按多数意见执行外，应暂缓决定，调查研究、交换意见后下次再表决，也可报请上级组织裁决。"]];
    return [[`q-${id}`, String(answer)]];
  });
}

/** A wrong answer to each question. */
function wrongAnswers(questionIds: readonly string[], key: Map<string, Key>): [string, string][] {
  return questionIds.map((id): [string, string] => {
    const { type, answer, options } = key.get(id)!;
    if (type === "SINGLE") return [`q-${id}`, options.find((option) => option !== answer)!];
    if (type === "MULTIPLE") return [`q-${id}`, options.find((option) => !(answer as string[]).includes(option))!];
    if (type === "TRUE_FALSE") return [`q-${id}`, String(!answer)];
    return [`q-${id}`, "不知道"];
  });
}

async function reviewQueue(username: string): Promise<ReviewsPage> {
  return (await callRoute(m.reviewsRoute.loader, routeRequest("/org/reviews", { cookie: cookies.get(username)! }))).body as ReviewsPage;
}

async function review(username: string, answerId: string, fields: Record<string, string>): Promise<RouteAnswer> {
  return callRoute(
    m.reviewsRoute.action,
    routeRequest("/org/reviews", { cookie: cookies.get(username)!, fields: { intent: "review", answerId, ...fields } }),
  );
}

/** A refused review decision, with the answer it was about (so the page shows it under that answer's form). */
function reviewRefusal(answer: RouteAnswer) {
  return { ...refusal(answer), answerId: replyValue(answer)?.answerId };
}

async function gradedAttempt(attemptId: string) {
  const db = await prisma();
  return until(() => db.quizAttempt.findFirst({ where: { id: attemptId, status: "GRADED" } }));
}

describe("the paper: drawn once, stored as shown, graded against it", () => {
  it("draws N questions with shuffled options, shows the same paper on reload, and stores the attempt in the order shown", async () => {
    await setLesson(YIWU, { questionsPerAttempt: 3 });
    await openTesting("xueyuan", YIWU);
    const key = await answerKey();

    const first = await lessonPage("xueyuan", YIWU);
    expect(first.quizGate).toEqual({ state: "open", attemptsLeft: null });
    const paper = first.quiz!;
    expect(paper.questions).toHaveLength(3);
    for (const question of paper.questions) {
      expect([...question.options].sort()).toEqual(
        [...(question.type === "SINGLE" || question.type === "MULTIPLE" ? key.get(question.id)!.options : [])].sort(),
      );
    }
    // A reload shows the very same paper under the same token: no fishing for an easier one.
    const reload = await lessonPage("xueyuan", YIWU);
    expect(reload.quiz).toEqual(paper);

    const db = await prisma();
    const learner = await userId("xueyuan");
    const draws = await db.quizDraw.findMany({ where: { userId: learner, lessonId: await lessonId(YIWU) } });
    expect(draws).toHaveLength(1);
    expect(draws[0]!.token).toBe(paper.token);
    expect(JSON.parse(draws[0]!.itemsJson)).toEqual(
      paper.questions.map((question) => ({ questionId: question.id, options: question.options })),
    );

    const drawn = paper.questions.map((question) => question.id);
    const fields: [string, string][] = [["token", paper.token], ...rightAnswers(drawn, key)];
    const attemptId = attemptIdFrom(await submitQuiz("xueyuan", YIWU, fields));
    // Submitted twice (a double click, a resent form): one attempt.
    expect(attemptIdFrom(await submitQuiz("xueyuan", YIWU, fields))).toBe(attemptId);

    const stored = await db.quizAttempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: {
        drawId: true,
        attemptNumber: true,
        idempotencyKey: true,
        answers: { orderBy: { position: "asc" }, select: { questionId: true, position: true } },
      },
    });
    expect(stored).toMatchObject({ drawId: draws[0]!.id, attemptNumber: 1, idempotencyKey: paper.token });
    expect(stored.answers).toEqual(drawn.map((questionId, position) => ({ questionId, position })));
    expect(await db.quizAttempt.count({ where: { userId: learner } })).toBe(1);

    expect(await gradedAttempt(attemptId)).toMatchObject({ scorePercent: 100, passed: true });
    const after = await until(async () => {
      const page = await lessonPage("xueyuan", YIWU);
      return page.quizGate.state === "passed" ? page : null;
    });
    expect(after.quiz).toBeNull();
    expect(after.attempt).toMatchObject({ status: "GRADED", revealed: true });
    expect(after.attempt?.answers.map((answer) => answer.position)).toEqual([0, 1, 2]);
  });

  it("a forged field for a question not on the paper is neither stored nor counted", async () => {
    await openTesting("fazhan", YIWU);
    const key = await answerKey();
    const paper = (await lessonPage("fazhan", YIWU)).quiz!;
    const drawn = paper.questions.map((question) => question.id);
    const bank = (await (await prisma()).question.findMany({ where: { lessonId: await lessonId(YIWU) }, select: { id: true } })).map(
      (row) => row.id,
    );
    const notDrawn = bank.filter((id) => !drawn.includes(id));
    expect(notDrawn.length).toBeGreaterThan(0);

    // Wrong on the paper, right on every question he was not given.
    const result = await submitQuiz("fazhan", YIWU, [["token", paper.token], ...wrongAnswers(drawn, key), ...rightAnswers(notDrawn, key)]);
    const attemptId = attemptIdFrom(result);
    const answers = await (await prisma()).quizAnswer.findMany({ where: { attemptId }, select: { questionId: true } });
    expect(answers.map((answer) => answer.questionId).sort()).toEqual([...drawn].sort());
    expect(await gradedAttempt(attemptId)).toMatchObject({ scorePercent: 0, passed: false });
  });

  it("a made-up token, or another learner's paper, is refused and stores nothing", async () => {
    await openTesting("yubei", YIWU);
    const yubeiPaper = (await lessonPage("yubei", YIWU)).quiz!;
    const db = await prisma();
    const before = await db.quizAttempt.count();

    const paperUnknown = { status: 400, errors: { "": [{ key: "lesson.paperUnknown", params: {} }] } };
    expect(refusal(await submitQuiz("fazhan", YIWU, [["token", "44444444-4444-4444-8444-444444444444"]]))).toEqual(paperUnknown);
    expect(refusal(await submitQuiz("fazhan", YIWU, [["token", yubeiPaper.token]]))).toEqual(paperUnknown);
    expect(await db.quizAttempt.count()).toBe(before);
    // His paper is untouched and still his to submit.
    expect((await lessonPage("yubei", YIWU)).quiz?.token).toBe(yubeiPaper.token);
  });

  it("an answer longer than the limit is refused with the limit named", async () => {
    const paper = (await lessonPage("yubei", YIWU)).quiz!;
    const field = `q-${paper.questions[0]!.id}`;
    const result = await submitQuiz("yubei", YIWU, [
      ["token", paper.token],
      [field, "长".repeat(5001)],
    ]);
    expect(refusal(result)).toEqual({ status: 400, errors: { [field]: [{ key: "lesson.answerTooLong", params: { count: 5000 } }] } });
    // Nothing stored: the paper is still open.
    expect((await lessonPage("yubei", YIWU)).quiz?.token).toBe(paper.token);
  });
});

describe("the attempt limit", () => {
  it("counts down, hides the form when used up, and refuses a paper drawn earlier", async () => {
    await setLesson(RUDANG, { attemptLimit: 2 });
    await openTesting("liudong", RUDANG);
    const learner = await userId("liudong");
    const lesson = await lessonId(RUDANG);

    const first = await lessonPage("liudong", RUDANG);
    expect(first.quiz).toMatchObject({ attemptsLeft: 2, attemptLimit: 2 });
    await gradedAttempt(attemptIdFrom(await submitQuiz("liudong", RUDANG, [["token", first.quiz!.token]])));

    const second = await lessonPage("liudong", RUDANG);
    expect(second.quiz).toMatchObject({ attemptsLeft: 1 });
    // A paper from an old tab, drawn before the last attempt was used.
    const bank = (
      await (
        await prisma()
      ).question.findMany({
        where: { lessonId: lesson, retired: false },
        orderBy: { sortOrder: "asc" },
        select: { id: true, type: true, optionsJson: true },
      })
    ).map((row) => ({
      id: row.id,
      type: row.type as "SINGLE",
      options: JSON.parse(row.optionsJson) as string[],
    }));
    const oldTab = await m.createDraw(learner, { id: lesson, questionsPerAttempt: null }, bank);
    await gradedAttempt(attemptIdFrom(await submitQuiz("liudong", RUDANG, [["token", second.quiz!.token]])));

    const used = await lessonPage("liudong", RUDANG);
    expect(used.quiz).toBeNull();
    expect(used.quizGate).toEqual({ state: "limit-reached", limit: 2 });
    expect(used.attempt).toMatchObject({ status: "GRADED", passed: false });

    expect(refusal(await submitQuiz("liudong", RUDANG, [["token", oldTab.token]]))).toEqual({
      status: 400,
      errors: { "": [{ key: "lesson.attemptLimitReached", params: { limit: 2 } }] },
    });
    expect(await (await prisma()).quizAttempt.count({ where: { userId: learner, lessonId: lesson } })).toBe(2);
  });

  it("three papers sent at once against a limit of two store two attempts: the numbering is the guard", async () => {
    const learner = await userId("shenqing");
    const lesson = await lessonId(RUDANG);
    const submissions = ["a", "b", "c"].map((letter) =>
      m.submitAttempt({ userId: learner, lessonId: lesson, idempotencyKey: `race-${letter}`, attemptLimit: 2, responses: [] }),
    );
    const results = await Promise.allSettled(submissions);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(m.AttemptLimitReached);
    const numbers = await (
      await prisma()
    ).quizAttempt.findMany({ where: { userId: learner, lessonId: lesson }, select: { attemptNumber: true } });
    expect(numbers.map((row) => row.attemptNumber).sort()).toEqual([1, 2]);
  });
});

describe("partial credit and answers revealed only after a pass", () => {
  it("a failed attempt shows the score only; the pass shows the answers and explanations", async () => {
    const db = await prisma();
    const lesson = await lessonId(YUBEI);
    // No short answer on this paper: the lesson's short question is retired, as an import would.
    await db.question.updateMany({ where: { lessonId: lesson, type: "SHORT" }, data: { retired: true } });
    await setLesson(YUBEI, { partialCredit: true, revealAnswers: "AFTER_PASS" });
    await openTesting("fazhan", YUBEI);
    const key = await answerKey();

    const paper = (await lessonPage("fazhan", YUBEI)).quiz!;
    expect(paper.questions).toHaveLength(5);
    const multiple = paper.questions.find((question) => question.type === "MULTIPLE")!;
    const others = paper.questions.filter((question) => question !== multiple).map((question) => question.id);
    const rightOnes = key.get(multiple.id)!.answer as string[];
    // Two of the three right options, nothing wrong: 2/3 of the point; every other question wrong.
    const fields: [string, string][] = [
      ["token", paper.token],
      [`q-${multiple.id}`, rightOnes[0]!],
      [`q-${multiple.id}`, rightOnes[1]!],
      ...wrongAnswers(others, key),
    ];
    const failedId = attemptIdFrom(await submitQuiz("fazhan", YUBEI, fields));
    expect(await gradedAttempt(failedId)).toMatchObject({ scorePercent: 13.4, passed: false });
    expect(await db.quizAnswer.findFirst({ where: { attemptId: failedId, questionId: multiple.id } })).toMatchObject({
      correct: false,
      pointsEarned: 0.67,
    });

    const failedPage = await lessonPage("fazhan", YUBEI);
    expect(failedPage.attempt).toEqual({
      status: "GRADED",
      scorePercent: 13.4,
      passed: false,
      attemptNumber: 1,
      revealed: false,
      answers: [],
    });
    // Nothing of the key reaches the page: no explanation, no correct option in the attempt.
    expect(JSON.stringify(failedPage.attempt)).not.toContain("党章");

    const retry = failedPage.quiz!;
    expect(retry.token).not.toBe(paper.token);
    const passedId = attemptIdFrom(
      await submitQuiz("fazhan", YUBEI, [
        ["token", retry.token],
        ...rightAnswers(
          retry.questions.map((question) => question.id),
          key,
        ),
      ]),
    );
    expect(await gradedAttempt(passedId)).toMatchObject({ scorePercent: 100, passed: true });
    const passedPage = await lessonPage("fazhan", YUBEI);
    expect(passedPage.attempt).toMatchObject({ revealed: true, attemptNumber: 2 });
    expect(passedPage.attempt?.answers.map((answer) => answer.explanation)).toContain("这是党章的规定。");
  });
});

describe("short answers: awaiting review → a trainer grades → passed → one ledger entry", () => {
  it("goes through the trainer's review queue to a pass and the lesson's hours, once", async () => {
    await openTesting("xueyuan", MINZHU);
    const db = await prisma();
    const key = await answerKey();
    const learner = await userId("xueyuan");
    const trainer = await userId("peiyang");
    const lesson = await lessonId(MINZHU);

    const paper = (await lessonPage("xueyuan", MINZHU)).quiz!;
    const attemptId = attemptIdFrom(
      await submitQuiz("xueyuan", MINZHU, [
        ["token", paper.token],
        ...rightAnswers(
          paper.questions.map((question) => question.id),
          key,
        ),
      ]),
    );
    await until(() => db.quizAttempt.findFirst({ where: { id: attemptId, status: "AWAITING_REVIEW" } }));

    const waiting = await lessonPage("xueyuan", MINZHU);
    expect(waiting.attempt).toMatchObject({ status: "AWAITING_REVIEW", scorePercent: null, revealed: false });
    expect(waiting.quizGate).toEqual({ state: "pending" });
    expect(waiting.quiz).toBeNull();
    expect(refusal(await submitQuiz("xueyuan", MINZHU, [["token", "55555555-5555-4555-8555-555555555555"]]))).toEqual({
      status: 400,
      errors: { "": [{ key: "lesson.attemptPending", params: {} }] },
    });

    // The queue: his branch's trainer and the township see it; a branch elsewhere does not reach it.
    for (const username of ["peiyang", "chengguan"]) {
      const listed = (await reviewQueue(username)).attempts.find((attempt) => attempt.id === attemptId);
      expect(listed, username).toMatchObject({ learner: { id: learner }, objective: { earned: 5, possible: 5 } });
    }
    const shortAnswer = (await reviewQueue("peiyang")).attempts.find((attempt) => attempt.id === attemptId)!.shortAnswers[0]!;
    expect(shortAnswer).toMatchObject({ points: 1, reviewed: null });

    // A contradictory or incomplete decision is refused and stores nothing.
    expect(reviewRefusal(await review("peiyang", shortAnswer.id, { verdict: "correct", points: "0" }))).toEqual({
      status: 400,
      errors: { points: [{ key: "review.problems.points-contradict", params: {} }] },
      answerId: shortAnswer.id,
    });
    expect(reviewRefusal(await review("peiyang", shortAnswer.id, { verdict: "correct", points: "" }))).toEqual({
      status: 400,
      errors: { points: [{ key: "review.problems.pointsRequired", params: {} }] },
      answerId: shortAnswer.id,
    });
    expect(reviewRefusal(await review("peiyang", shortAnswer.id, { points: "1" }))).toEqual({
      status: 400,
      errors: { verdict: [{ key: "review.problems.verdictRequired", params: {} }] },
      answerId: shortAnswer.id,
    });
    expect(await db.auditLog.count({ where: { entityId: shortAnswer.id } })).toBe(0);

    const decided = await review("peiyang", shortAnswer.id, { verdict: "correct", points: "1" });
    expect(decided.status).toBe(302);
    expect(decided.location).toBe("/org/reviews?notice=finished");

    const audit = await db.auditLog.findMany({ where: { entityType: "QuizAnswer", entityId: shortAnswer.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: trainer, action: "quiz.short-answer.reviewed" });
    expect(JSON.parse(audit[0]!.detailsJson)).toMatchObject({ attemptId, learnerId: learner, verdict: "correct", points: 1, maxPoints: 1 });

    expect(await gradedAttempt(attemptId)).toMatchObject({ scorePercent: 100, passed: true });
    expect(await db.quizAnswer.findUniqueOrThrow({ where: { id: shortAnswer.id } })).toMatchObject({
      correct: true,
      pointsEarned: 1,
      reviewedById: trainer,
    });
    const entry = await until(() => db.hoursLedgerEntry.findFirst({ where: { userId: learner, lessonId: lesson } }));
    expect(entry).toMatchObject({ category: "ONLINE_STUDY", classHours: 0.5 });
    expect((await m.getStageDates(learner, lesson))?.testedAt).not.toBeNull();
    expect((await reviewQueue("peiyang")).attempts.some((attempt) => attempt.id === attemptId)).toBe(false);

    // Decided again, graded again, queued again: nothing more is written.
    expect(reviewRefusal(await review("peiyang", shortAnswer.id, { verdict: "incorrect", points: "0" }))).toEqual({
      status: 400,
      errors: { "": [{ key: "review.problems.already-reviewed", params: {} }] },
      answerId: shortAnswer.id,
    });
    await m.enqueueGrading(attemptId, "reviewed");
    await m.processGrading({ data: { attemptId } } as Parameters<typeof m.processGrading>[0]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await db.hoursLedgerEntry.count({ where: { userId: learner, lessonId: lesson } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityId: shortAnswer.id } })).toBe(1);

    const done = await lessonPage("xueyuan", MINZHU);
    expect(done.attempt).toMatchObject({ status: "GRADED", scorePercent: 100, passed: true, revealed: true });
    expect(done.attempt?.answers.find((answer) => answer.type === "SHORT")).toMatchObject({ correct: true, pointsEarned: 1 });
  });

  it("a trainer who sits the test himself does not see his paper in his queue, and cannot grade it", async () => {
    await openTesting("peiyang", MINZHU);
    const db = await prisma();
    const key = await answerKey();
    const paper = (await lessonPage("peiyang", MINZHU)).quiz!;
    const attemptId = attemptIdFrom(
      await submitQuiz("peiyang", MINZHU, [
        ["token", paper.token],
        ...rightAnswers(
          paper.questions.map((question) => question.id),
          key,
        ),
      ]),
    );
    await until(() => db.quizAttempt.findFirst({ where: { id: attemptId, status: "AWAITING_REVIEW" } }));

    expect((await reviewQueue("peiyang")).attempts.some((attempt) => attempt.id === attemptId)).toBe(false);
    const listed = (await reviewQueue("chengguan")).attempts.find((attempt) => attempt.id === attemptId);
    expect(listed).toBeDefined();
    const own = listed!.shortAnswers[0]!;
    expect(reviewRefusal(await review("peiyang", own.id, { verdict: "correct", points: "1" }))).toEqual({
      status: 400,
      errors: { "": [{ key: "review.problems.own-attempt", params: {} }] },
      answerId: own.id,
    });
    expect(await db.quizAnswer.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ reviewedAt: null, correct: null });
  });
});
