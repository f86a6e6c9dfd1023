// 测试: papers are drawn when the form is first shown, attempts are stored
// exactly as submitted, then graded by the worker; short answers wait for a
// trainer, whose decisions are recorded here with the audit entry.
import { randomBytes, randomUUID } from "node:crypto";
import type { GradableQuestion, QuestionType, Response, ShortAnswerReview } from "~/domain/grading.ts";
import { answerWrites, attemptWrites, passedLessons, type AttemptToGrade, type GradingDecision } from "~/domain/grading-batch.ts";
import { drawQuiz, isDrawCurrent, type BankQuestion, type DrawnItem } from "~/domain/quiz-draw.ts";
import { attemptsLeft, type AttemptStatus, type RevealPolicy, type StoredAnswer } from "~/domain/quiz-rules.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { markStageDoneMany, type LessonStageDates } from "./progress.server.ts";
import { recordAudit } from "./audit.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";
import { decodeAnswerKey, decodeDrawnItems, decodeOptions, decodeResponse } from "./json-columns.server.ts";

// ─── Draws ─────────────────────────────────────────────────────────────────

export type QuizDraw = { id: string; token: string; items: DrawnItem[] };

/**
 * The paper for the learner's next attempt: the one drawn earlier and not yet
 * submitted, or a new one. Reusing it means a reload (or a second tab) shows
 * the same questions under the same token, so fishing for an easier paper by
 * reloading gets nowhere and two tabs still make one attempt.
 */
export async function openDraw(
  userId: string,
  lesson: { id: string; questionsPerAttempt: number | null },
  bank: readonly BankQuestion[],
): Promise<QuizDraw> {
  const prisma = await getPrisma();
  const pending = await prisma.quizDraw.findFirst({
    where: { userId, lessonId: lesson.id, attempt: { is: null } },
    orderBy: { createdAt: "desc" },
    select: { id: true, token: true, itemsJson: true },
  });
  if (pending) {
    const items = decodeDrawnItems(pending.id, pending.itemsJson);
    // A content import may have changed the bank since: such a paper is not shown again.
    if (isDrawCurrent(items, bank, lesson.questionsPerAttempt)) return { id: pending.id, token: pending.token, items };
  }
  return createDraw(userId, lesson, bank);
}

/**
 * The paper to show this person for this lesson, with its questions as drawn:
 * drawn once and kept until submitted (a reload shows the same one).
 */
export async function openPaper(
  userId: string,
  lesson: {
    id: string;
    passPercent: number | null;
    questionsPerAttempt: number | null;
    questions: readonly { id: string; type: string; prompt: string; options: string[] }[];
  },
) {
  // A film without a quiz has no paper: callers look at hasQuiz first.
  if (lesson.passPercent === null) throw new Error(`lesson ${lesson.id} has no quiz`);
  const bank: BankQuestion[] = lesson.questions.map((question) => ({
    id: question.id,
    type: question.type as QuestionType,
    options: question.options,
  }));
  const draw = await openDraw(userId, lesson, bank);
  const byId = new Map(lesson.questions.map((question) => [question.id, question]));
  return {
    token: draw.token,
    // openDraw returns only a paper whose questions are all in this bank.
    questions: draw.items.flatMap((item) => {
      const question = byId.get(item.questionId);
      return question ? [{ id: question.id, type: question.type, prompt: question.prompt, options: item.options }] : [];
    }),
  };
}

/** A fresh paper. The seed comes from the CSPRNG: the learner cannot choose or foresee it. */
export async function createDraw(
  userId: string,
  lesson: { id: string; questionsPerAttempt: number | null },
  bank: readonly BankQuestion[],
): Promise<QuizDraw> {
  const prisma = await getPrisma();
  const seed = randomBytes(16).toString("hex");
  const items = drawQuiz(bank, lesson.questionsPerAttempt, seed);
  const created = await prisma.quizDraw.create({
    data: { userId, lessonId: lesson.id, token: randomUUID(), seed, itemsJson: JSON.stringify(items) },
    select: { id: true, token: true },
  });
  return { ...created, items };
}

/** The learner's own paper for this lesson by its form token, with the attempt made from it if any. */
export async function findDraw(token: string, userId: string, lessonId: string) {
  const draw = (await findDraws([token])).get(token);
  return draw && draw.userId === userId && draw.lessonId === lessonId ? draw : null;
}

/** The papers drawn under these tokens, by token, each with its learner, lesson and the attempt made from it if any. */
export async function findDraws(tokens: readonly string[]) {
  if (tokens.length === 0) return new Map<string, never>();
  const prisma = await getPrisma();
  const draws = await prisma.quizDraw.findMany({
    where: { token: { in: [...tokens] } },
    select: { id: true, token: true, userId: true, lessonId: true, itemsJson: true, attempt: { select: { id: true } } },
  });
  return new Map(
    draws.map((draw) => [
      draw.token,
      {
        id: draw.id,
        token: draw.token,
        userId: draw.userId,
        lessonId: draw.lessonId,
        items: decodeDrawnItems(draw.id, draw.itemsJson),
        attemptId: draw.attempt?.id ?? null,
      },
    ]),
  );
}

/** Question types by id, retired ones included: a paper is graded against what it showed. */
export async function questionTypes(questionIds: readonly string[]): Promise<Map<string, QuestionType>> {
  const prisma = await getPrisma();
  const rows = await prisma.question.findMany({ where: { id: { in: [...questionIds] } }, select: { id: true, type: true } });
  return new Map(rows.map((row) => [row.id, row.type as QuestionType]));
}

// ─── Submitting ────────────────────────────────────────────────────────────

export type SubmittedAttempt = {
  userId: string;
  lessonId: string;
  idempotencyKey: string;
  /** The paper the form showed; absent only where no form was involved (tests of the pipeline). */
  drawId?: string;
  /** The lesson's attemptLimit; null or absent: no limit. */
  attemptLimit?: number | null;
  /** Every question shown, in the order shown, with the learner's response (null when left blank). */
  responses: { questionId: string; response: Response }[];
};

export class AttemptLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`attempt limit of ${limit} reached`);
  }
}

/** A racing writer took the same attempt number: recount and try again, a few times at most. */
const NUMBER_RETRIES = 5;

async function attemptByKey(idempotencyKey: string, userId: string) {
  const prisma = await getPrisma();
  const existing = await prisma.quizAttempt.findUnique({ where: { idempotencyKey }, select: { id: true, userId: true } });
  return existing && existing.userId === userId ? existing : null;
}

/**
 * Stores the attempt; a double submit with the same form token finds the
 * first one. Attempts are numbered 1, 2, 3… per learner and lesson under a
 * unique constraint, so two forms sent at once cannot both take the last
 * allowed attempt: the loser recounts and is refused. Throws
 * AttemptLimitReached when no attempt is left.
 */
export async function submitAttempt(attempt: SubmittedAttempt): Promise<{ id: string; created: boolean }> {
  const prisma = await getPrisma();
  for (let round = 0; ; round += 1) {
    const existing = await attemptByKey(attempt.idempotencyKey, attempt.userId);
    if (existing) return { id: existing.id, created: false };
    const used = await prisma.quizAttempt.count({ where: { userId: attempt.userId, lessonId: attempt.lessonId } });
    const limit = attempt.attemptLimit ?? null;
    if (limit !== null && attemptsLeft(limit, used) === 0) throw new AttemptLimitReached(limit);
    try {
      const created = await prisma.quizAttempt.create({
        data: {
          userId: attempt.userId,
          lessonId: attempt.lessonId,
          idempotencyKey: attempt.idempotencyKey,
          drawId: attempt.drawId ?? null,
          attemptNumber: used + 1,
          answers: {
            create: attempt.responses.map(({ questionId, response }, position) => ({
              questionId,
              position,
              responseJson: JSON.stringify(response),
            })),
          },
        },
        select: { id: true },
      });
      return { id: created.id, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const same = await attemptByKey(attempt.idempotencyKey, attempt.userId);
      if (same) return { id: same.id, created: false };
      // Another user's token, or the draw already used under another key: not ours to return.
      if (round >= NUMBER_RETRIES || (await prisma.quizAttempt.count({ where: { idempotencyKey: attempt.idempotencyKey } })) > 0)
        throw error;
    }
  }
}

/** One learner's answers to the paper drawn for him, for preparePaperAttempts. */
export type PaperAttempt = Pick<SubmittedAttempt, "userId" | "idempotencyKey" | "responses"> & { drawId: string };

/** Rows a multi-row INSERT takes at most: within either database's limit of bound values. */
const ROWS_PER_INSERT = 2000;

/**
 * Several learners' papers for one lesson, to be stored at once (a station's
 * upload), each as submitAttempt would store it alone: numbered after the
 * attempts he has, AttemptLimitReached in its place when none is left. Answers
 * each paper's attempt id and `write`, which stores them in the caller's
 * transaction with a multi-row INSERT per table; it fails on a unique key when
 * another writer took a number or a key since. Null when they are not that
 * plain case (a learner or a token twice, a paper answered before): the caller
 * then submits them one at a time. The ids are UUIDs made here, as the rows
 * are written without the client.
 */
export async function preparePaperAttempts(
  lesson: { id: string; attemptLimit: number | null },
  attempts: readonly PaperAttempt[],
): Promise<{ attemptIds: (string | AttemptLimitReached)[]; write: (tx: Prisma.TransactionClient) => Promise<void> } | null> {
  const userIds = attempts.map((attempt) => attempt.userId);
  const keys = attempts.map((attempt) => attempt.idempotencyKey);
  if (new Set(userIds).size !== attempts.length || new Set(keys).size !== attempts.length) return null;
  const prisma = await getPrisma();
  const drawIds = attempts.map((attempt) => attempt.drawId);
  // One query: a paper answered before (by its key or its draw), and the attempts each learner has used on this lesson.
  const earlier = await prisma.quizAttempt.findMany({
    where: { OR: [{ idempotencyKey: { in: keys } }, { drawId: { in: drawIds } }, { userId: { in: userIds }, lessonId: lesson.id }] },
    select: { userId: true, lessonId: true, idempotencyKey: true, drawId: true },
  });
  const [keySet, drawSet] = [new Set<string | null>(keys), new Set<string | null>(drawIds)];
  if (earlier.some((attempt) => keySet.has(attempt.idempotencyKey) || drawSet.has(attempt.drawId))) return null;
  const used = usedAttempts(earlier);
  const numbered = attempts.map((attempt) => {
    const count = used.get(usedKey(attempt.userId, lesson.id)) ?? 0;
    if (lesson.attemptLimit !== null && attemptsLeft(lesson.attemptLimit, count) === 0) return new AttemptLimitReached(lesson.attemptLimit);
    return { ...attempt, lessonId: lesson.id, id: randomUUID(), attemptNumber: count + 1 };
  });
  const stored = numbered.flatMap((attempt) => (attempt instanceof AttemptLimitReached ? [] : [attempt]));
  return {
    attemptIds: numbered.map((attempt) => (attempt instanceof AttemptLimitReached ? attempt : attempt.id)),
    write: (tx) => insertPaperAttempts(tx, stored),
  };
}

/** A paper attempt numbered and given its id, as insertPaperAttempts stores it. */
export type NumberedPaperAttempt = PaperAttempt & { id: string; lessonId: string; attemptNumber: number };

/** The attempts each learner has used on each lesson, from their rows, under usedKey. */
export function usedAttempts(rows: readonly { userId: string; lessonId: string }[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const row of rows) used.set(usedKey(row.userId, row.lessonId), (used.get(usedKey(row.userId, row.lessonId)) ?? 0) + 1);
  return used;
}
export const usedKey = (userId: string, lessonId: string) => `${userId}\u0000${lessonId}`;

/** The attempts these learners have used on these lessons (usedAttempts), in one query. */
export async function attemptsUsedOn(userIds: readonly string[], lessonIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0 || lessonIds.length === 0) return new Map();
  const prisma = await getPrisma();
  const rows = await prisma.quizAttempt.findMany({
    where: { userId: { in: [...new Set(userIds)] }, lessonId: { in: [...new Set(lessonIds)] } },
    select: { userId: true, lessonId: true },
  });
  return usedAttempts(rows);
}

/**
 * Stores submitted paper attempts and their answers in the caller's
 * transaction, a multi-row INSERT per table; a number or key another writer
 * took since fails on its unique key.
 */
export async function insertPaperAttempts(tx: Prisma.TransactionClient, attempts: readonly NumberedPaperAttempt[]) {
  const now = new Date();
  const attemptRows = attempts.map(
    (attempt) =>
      Prisma.sql`(${attempt.id}, ${attempt.userId}, ${attempt.lessonId}, ${attempt.idempotencyKey}, ${attempt.drawId}, ${attempt.attemptNumber}, ${"SUBMITTED"}, ${now}, ${now}, ${now})`,
  );
  const answerRows = attempts.flatMap((attempt) =>
    attempt.responses.map(
      ({ questionId, response }, position) =>
        Prisma.sql`(${randomUUID()}, ${attempt.id}, ${questionId}, ${position}, ${JSON.stringify(response)}, ${now}, ${now})`,
    ),
  );
  for (const rows of chunked(attemptRows)) {
    await tx.$executeRaw`
      INSERT INTO "QuizAttempt" ("id", "userId", "lessonId", "idempotencyKey", "drawId", "attemptNumber", "status", "submittedAt", "createdAt", "updatedAt")
      VALUES ${Prisma.join(rows)}`;
  }
  for (const rows of chunked(answerRows)) {
    await tx.$executeRaw`
      INSERT INTO "QuizAnswer" ("id", "attemptId", "questionId", "position", "responseJson", "createdAt", "updatedAt")
      VALUES ${Prisma.join(rows)}`;
  }
}

function chunked<T>(rows: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, index) =>
    rows.slice(index * ROWS_PER_INSERT, (index + 1) * ROWS_PER_INSERT),
  );
}

/** An attempt's responses as submitted, in the order of its paper: a sheet sent again is compared with them. */
export async function attemptResponses(attemptId: string): Promise<{ questionId: string; response: Response }[]> {
  const prisma = await getPrisma();
  const answers = await prisma.quizAnswer.findMany({
    where: { attemptId },
    orderBy: { position: "asc" },
    select: { id: true, questionId: true, responseJson: true },
  });
  return answers.map((answer) => ({ questionId: answer.questionId, response: decodeResponse(answer.id, answer.responseJson) }));
}

export async function countAttempts(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  return prisma.quizAttempt.count({ where: { userId, lessonId } });
}

// ─── Grading ───────────────────────────────────────────────────────────────

function toGradableQuestion(row: { id: string; type: string; points: number; answerJson: string; optionsJson: string }): GradableQuestion {
  const answer = decodeAnswerKey(row.id, row.answerJson);
  const options = decodeOptions(row.id, row.optionsJson);
  return { id: row.id, type: row.type as QuestionType, points: row.points, answer, options } as GradableQuestion;
}

const ATTEMPT_FOR_GRADING = {
  id: true,
  userId: true,
  lessonId: true,
  status: true,
  passed: true,
  scorePercent: true,
  lesson: { select: { passPercent: true, partialCredit: true } },
  answers: {
    orderBy: { position: "asc" },
    select: { id: true, questionId: true, responseJson: true, correct: true, pointsEarned: true, reviewedAt: true },
  },
} as const satisfies Prisma.QuizAttemptSelect;

type AttemptRow = Prisma.QuizAttemptGetPayload<{ select: typeof ATTEMPT_FOR_GRADING }>;

/** The lesson's pass mark; a lesson whose quiz was taken out after this attempt was made has none to grade it by. */
function passMarkOf(row: AttemptRow): number {
  if (row.lesson.passPercent === null) throw new Error(`attempt ${row.id}: its lesson ${row.lessonId} no longer has a quiz`);
  return row.lesson.passPercent;
}

function toAttemptToGrade(row: AttemptRow, questions: ReadonlyMap<string, GradableQuestion>): AttemptToGrade {
  const reviews = new Map<string, ShortAnswerReview>();
  const gradable: GradableQuestion[] = [];
  for (const answer of row.answers) {
    const question = questions.get(answer.questionId);
    if (!question) throw new Error(`question ${answer.questionId} of attempt ${row.id} not found`);
    gradable.push(question);
    if (question.type === "SHORT" && answer.reviewedAt && answer.correct !== null) {
      reviews.set(answer.questionId, { correct: answer.correct, points: answer.pointsEarned ?? 0 });
    }
  }
  return {
    id: row.id,
    userId: row.userId,
    lessonId: row.lessonId,
    status: row.status as AttemptStatus,
    passed: row.passed,
    scorePercent: row.scorePercent,
    passPercent: passMarkOf(row),
    questions: gradable,
    responses: new Map(row.answers.map((answer) => [answer.questionId, decodeResponse(answer.id, answer.responseJson)])),
    policy: { partialCredit: row.lesson.partialCredit, reviews },
    answerIds: new Map(row.answers.map((answer) => [answer.questionId, answer.id])),
  };
}

/**
 * Many attempts with their answers and questions, in a few queries whatever
 * their number (attempts with answers, then each question once). An attempt
 * whose stored data cannot be read (a broken JSON value, a missing question)
 * is reported under `broken` and does not stop the others.
 */
export async function loadAttemptsForGrading(
  attemptIds: readonly string[],
): Promise<{ attempts: Map<string, AttemptToGrade>; broken: Map<string, Error> }> {
  const prisma = await getPrisma();
  const rows = await prisma.quizAttempt.findMany({ where: { id: { in: [...new Set(attemptIds)] } }, select: ATTEMPT_FOR_GRADING });
  const questionIds = [...new Set(rows.flatMap((row) => row.answers.map((answer) => answer.questionId)))];
  const questionRows = questionIds.length
    ? await prisma.question.findMany({
        where: { id: { in: questionIds } },
        select: { id: true, type: true, points: true, answerJson: true, optionsJson: true },
      })
    : [];
  const questions = new Map<string, GradableQuestion>();
  const badQuestions = new Map<string, Error>();
  for (const row of questionRows) {
    try {
      questions.set(row.id, toGradableQuestion(row));
    } catch (error) {
      badQuestions.set(row.id, error as Error);
    }
  }
  const attempts = new Map<string, AttemptToGrade>();
  const broken = new Map<string, Error>();
  for (const row of rows) {
    try {
      const badQuestion = row.answers.map((answer) => badQuestions.get(answer.questionId)).find(Boolean);
      if (badQuestion) throw badQuestion;
      attempts.set(row.id, toAttemptToGrade(row, questions));
    } catch (error) {
      broken.set(row.id, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return { attempts, broken };
}

export type GradingWrite = { claimed: Set<string>; progress: LessonStageDates[] };

/**
 * Writes a batch of grading decisions in one transaction with few statements:
 * per group of attempts that get the same values, one UPDATE that claims those
 * still in a status they may leave (RETURNING the ones it claimed); per group
 * of answers that get the same result, one UPDATE; then TESTING marked done
 * for every pass (learners and lessons as `passedLessons` lists them). An
 * attempt graded by someone else meanwhile is not claimed and nothing of it is
 * written: an attempt is graded once. The first statement writes, so SQLite
 * takes its write lock at once (a deferred read-then-write transaction cannot wait
 * its way into the lock: measured, 140 of 500 failed with SQLITE_BUSY).
 */
export async function saveGradingDecisions(
  decisions: readonly GradingDecision[],
  answerIdOf: (attemptId: string, questionId: string) => string | undefined,
  at = new Date(),
): Promise<GradingWrite> {
  const attemptGroups = attemptWrites(decisions);
  const passes = passedLessons(decisions);
  if (attemptGroups.length === 0 && passes.length === 0) return { claimed: new Set(), progress: [] };
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const claimed = new Set<string>();
    for (const { values, ids } of attemptGroups) {
      const rows = await tx.quizAttempt.updateManyAndReturn({
        where: { id: { in: ids }, status: { in: [...values.from] } },
        data: {
          status: values.status,
          scorePercent: values.scorePercent,
          passed: values.passed,
          gradedAt: values.status === "GRADED" ? at : null,
        },
        select: { id: true },
      });
      for (const row of rows) claimed.add(row.id);
    }
    for (const { values, ids } of answerWrites(decisions, claimed, answerIdOf)) {
      await tx.quizAnswer.updateMany({ where: { id: { in: ids } }, data: values });
    }
    // A pass already graded earlier, or claimed by another worker, is marked too: marking is idempotent.
    const progress = await markStageDoneMany(passes, "TESTING", at, tx);
    return { claimed, progress };
  });
}

/** Attempts the worker still has to grade: never queued (Redis was down), or reviewed but not yet scored. */
export async function listAttemptsToGrade() {
  const prisma = await getPrisma();
  const [submitted, reviewed] = await Promise.all([
    prisma.quizAttempt.findMany({ where: { status: "SUBMITTED" }, select: { id: true }, take: 10_000 }),
    prisma.quizAttempt.findMany({
      where: { status: "AWAITING_REVIEW", answers: { none: { question: { type: "SHORT" }, reviewedAt: null } } },
      select: { id: true },
      take: 10_000,
    }),
  ]);
  return { submitted: submitted.map((row) => row.id), reviewed: reviewed.map((row) => row.id) };
}

// ─── What the learner sees ─────────────────────────────────────────────────

export async function getAttemptForLearner(attemptId: string, userId: string) {
  const prisma = await getPrisma();
  const attempt = await prisma.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: {
      id: true,
      lessonId: true,
      status: true,
      scorePercent: true,
      passed: true,
      attemptNumber: true,
      submittedAt: true,
      lesson: { select: { revealAnswers: true } },
      answers: {
        select: {
          id: true,
          position: true,
          responseJson: true,
          correct: true,
          pointsEarned: true,
          question: { select: { id: true, prompt: true, type: true, points: true, answerJson: true, explanation: true } },
        },
      },
    },
  });
  if (!attempt) return null;
  return {
    id: attempt.id,
    lessonId: attempt.lessonId,
    status: attempt.status as AttemptStatus,
    scorePercent: attempt.scorePercent,
    passed: attempt.passed,
    attemptNumber: attempt.attemptNumber,
    revealAnswers: attempt.lesson.revealAnswers as RevealPolicy,
    answers: attempt.answers.map((answer): StoredAnswer => ({
      position: answer.position,
      type: answer.question.type as QuestionType,
      prompt: answer.question.prompt,
      points: answer.question.points,
      response: decodeResponse(answer.id, answer.responseJson),
      correct: answer.correct,
      pointsEarned: answer.pointsEarned,
      answer: decodeAnswerKey(answer.question.id, answer.question.answerJson),
      explanation: answer.question.explanation,
    })),
  };
}

export async function latestAttempt(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  const latest = await prisma.quizAttempt.findFirst({
    where: { userId, lessonId },
    orderBy: [{ submittedAt: "desc" }, { attemptNumber: "desc" }],
    select: { id: true, status: true, passed: true, scorePercent: true },
  });
  return latest ? { ...latest, status: latest.status as AttemptStatus } : null;
}

// ─── Trainers' review of short answers (简答题批阅) ──────────────────────────

/**
 * Attempts waiting for a person, of learners whose home branch or training
 * branch lies in one of the given subtrees; never the reviewer's own. Oldest
 * first: the learner who has waited longest comes first.
 */
export async function listAttemptsAwaitingReview(orgPaths: readonly string[], reviewerId: string) {
  if (orgPaths.length === 0) return [];
  const prisma = await getPrisma();
  const inSubtree = orgPaths.map((path) => ({ path: { startsWith: path } }));
  const rows = await prisma.quizAttempt.findMany({
    where: {
      status: "AWAITING_REVIEW",
      userId: { not: reviewerId },
      user: {
        OR: [{ homeOrg: { OR: inSubtree } }, { entrustedTraining: { some: { endedOn: null, trainingOrg: { OR: inSubtree } } } }],
      },
    },
    orderBy: { submittedAt: "asc" },
    take: 200,
    select: {
      id: true,
      attemptNumber: true,
      submittedAt: true,
      user: { select: { id: true, name: true, homeOrg: { select: { name: true } } } },
      lesson: { select: { title: true, course: { select: { title: true } } } },
      answers: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          responseJson: true,
          correct: true,
          pointsEarned: true,
          reviewedAt: true,
          question: { select: { id: true, type: true, prompt: true, points: true, answerJson: true, explanation: true } },
        },
      },
    },
  });
  return rows.map((row) => {
    const objective = row.answers.filter((answer) => answer.question.type !== "SHORT");
    return {
      id: row.id,
      attemptNumber: row.attemptNumber,
      submittedAt: row.submittedAt.toISOString(),
      learner: { id: row.user.id, name: row.user.name, branch: row.user.homeOrg?.name ?? "" },
      lesson: `${row.lesson.course.title} · ${row.lesson.title}`,
      objective: {
        earned: Math.round(objective.reduce((sum, answer) => sum + (answer.pointsEarned ?? 0), 0) * 100) / 100,
        possible: objective.reduce((sum, answer) => sum + answer.question.points, 0),
      },
      shortAnswers: row.answers
        .filter((answer) => answer.question.type === "SHORT")
        .map((answer) => ({
          id: answer.id,
          prompt: answer.question.prompt,
          points: answer.question.points,
          response: decodeResponse(answer.id, answer.responseJson) ?? "",
          reference: String(decodeAnswerKey(answer.question.id, answer.question.answerJson)),
          guidance: answer.question.explanation,
          reviewed: answer.reviewedAt ? { correct: answer.correct === true, points: answer.pointsEarned ?? 0 } : null,
        })),
    };
  });
}

export async function getAnswerForReview(answerId: string) {
  const prisma = await getPrisma();
  const answer = await prisma.quizAnswer.findUnique({
    where: { id: answerId },
    select: {
      id: true,
      questionId: true,
      reviewedAt: true,
      question: { select: { type: true, points: true } },
      attempt: { select: { id: true, userId: true, status: true, user: { select: { homeOrgId: true } } } },
    },
  });
  if (!answer) return null;
  return {
    id: answer.id,
    questionId: answer.questionId,
    questionType: answer.question.type as QuestionType,
    maxPoints: answer.question.points,
    alreadyReviewed: answer.reviewedAt !== null,
    attempt: {
      id: answer.attempt.id,
      learnerId: answer.attempt.userId,
      status: answer.attempt.status as AttemptStatus,
      learnerOrgId: answer.attempt.user.homeOrgId,
    },
  };
}

/**
 * Records a trainer's decision on one short answer and its audit entry, in
 * one transaction: the decision never exists without the name of who made it.
 * The first write claims the answer (only while undecided), so two trainers
 * deciding at once leave one decision. Returns whether this call decided it,
 * and whether every short answer of the attempt is now decided.
 */
export async function recordShortAnswerReview(review: {
  answerId: string;
  attemptId: string;
  learnerId: string;
  learnerOrgId: string | null;
  questionId: string;
  reviewerId: string;
  correct: boolean;
  points: number;
  maxPoints: number;
}): Promise<{ recorded: boolean; attemptFullyReviewed: boolean }> {
  const prisma = await getPrisma();
  const recorded = await prisma.$transaction(async (tx) => {
    const claimed = await tx.quizAnswer.updateMany({
      where: { id: review.answerId, reviewedAt: null },
      data: { correct: review.correct, pointsEarned: review.points, reviewedById: review.reviewerId, reviewedAt: new Date() },
    });
    if (claimed.count === 0) return false;
    await recordAudit(
      {
        actorId: review.reviewerId,
        orgId: review.learnerOrgId,
        action: "quiz.short-answer.reviewed",
        entityType: "QuizAnswer",
        entityId: review.answerId,
        details: {
          attemptId: review.attemptId,
          learnerId: review.learnerId,
          questionId: review.questionId,
          verdict: review.correct ? "correct" : "incorrect",
          points: review.points,
          maxPoints: review.maxPoints,
        },
      },
      tx,
    );
    return true;
  });
  const undecided = await prisma.quizAnswer.count({
    where: { attemptId: review.attemptId, question: { type: "SHORT" }, reviewedAt: null },
  });
  return { recorded, attemptFullyReviewed: undecided === 0 };
}
