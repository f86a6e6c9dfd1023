// 测试: attempts are stored exactly as submitted, then graded by the worker.
import type { GradableQuestion, GradingOutcome, QuestionType, Response } from "~/domain/grading.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

export type SubmittedAttempt = {
  userId: string;
  lessonId: string;
  idempotencyKey: string;
  /** Every question shown, with the learner's response (null when left blank). */
  responses: { questionId: string; response: Response }[];
};

/** Stores the attempt; a double submit with the same form token finds the first one. */
export async function submitAttempt(attempt: SubmittedAttempt): Promise<{ id: string; created: boolean }> {
  const prisma = await getPrisma();
  try {
    const created = await prisma.quizAttempt.create({
      data: {
        userId: attempt.userId,
        lessonId: attempt.lessonId,
        idempotencyKey: attempt.idempotencyKey,
        answers: {
          create: attempt.responses.map(({ questionId, response }) => ({ questionId, responseJson: JSON.stringify(response) })),
        },
      },
      select: { id: true },
    });
    return { id: created.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await prisma.quizAttempt.findUniqueOrThrow({
      where: { idempotencyKey: attempt.idempotencyKey },
      select: { id: true, userId: true },
    });
    if (existing.userId !== attempt.userId) throw error;
    return { id: existing.id, created: false };
  }
}

export function toGradableQuestion(row: { id: string; type: string; points: number; answerJson: string }): GradableQuestion {
  const answer: unknown = JSON.parse(row.answerJson);
  return { id: row.id, type: row.type as QuestionType, points: row.points, answer } as GradableQuestion;
}

export async function loadAttemptForGrading(attemptId: string) {
  const prisma = await getPrisma();
  const attempt = await prisma.quizAttempt.findUnique({
    where: { id: attemptId },
    select: {
      id: true,
      userId: true,
      lessonId: true,
      status: true,
      lesson: { select: { passPercent: true } },
      answers: { select: { questionId: true, responseJson: true, question: { select: { id: true, type: true, points: true, answerJson: true } } } },
    },
  });
  if (!attempt) return null;
  return {
    ...attempt,
    questions: attempt.answers.map((answer) => toGradableQuestion(answer.question)),
    responses: new Map(attempt.answers.map((answer) => [answer.questionId, JSON.parse(answer.responseJson) as Response])),
  };
}

/** Writes the outcome once: an attempt already graded is left as it is. */
export async function saveGradingOutcome(attemptId: string, outcome: GradingOutcome): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.quizAttempt.updateMany({
      where: { id: attemptId, status: "SUBMITTED" },
      data: { status: outcome.status, scorePercent: outcome.scorePercent, passed: outcome.passed, gradedAt: new Date() },
    });
    if (claimed.count === 0) return false;
    for (const result of outcome.results) {
      await tx.quizAnswer.update({
        where: { attemptId_questionId: { attemptId, questionId: result.questionId } },
        data: { correct: result.correct, pointsEarned: result.pointsEarned },
      });
    }
    return true;
  });
}

export async function getAttemptForLearner(attemptId: string, userId: string) {
  const prisma = await getPrisma();
  return prisma.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: {
      id: true,
      status: true,
      scorePercent: true,
      passed: true,
      submittedAt: true,
      answers: {
        select: {
          responseJson: true,
          correct: true,
          question: { select: { prompt: true, type: true, answerJson: true, explanation: true, sortOrder: true } },
        },
      },
    },
  });
}

export async function latestAttempt(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  return prisma.quizAttempt.findFirst({
    where: { userId, lessonId },
    orderBy: { submittedAt: "desc" },
    select: { id: true, status: true, passed: true, scorePercent: true },
  });
}

/** Attempts stored but never graded (the queue was down when they came in). */
export async function listUngradedAttemptIds() {
  const prisma = await getPrisma();
  const rows = await prisma.quizAttempt.findMany({ where: { status: "SUBMITTED" }, select: { id: true }, take: 10_000 });
  return rows.map((row) => row.id);
}
