// 测试: grading a submitted quiz. Pure: takes the questions and the answers as
// submitted, returns per-question results and the verdict.

export type QuestionType = "SINGLE" | "MULTIPLE" | "TRUE_FALSE" | "FILL" | "SHORT";
export const QUESTION_TYPES: readonly QuestionType[] = ["SINGLE", "MULTIPLE", "TRUE_FALSE", "FILL", "SHORT"];

export type GradableQuestion =
  | { id: string; type: "SINGLE"; points: number; answer: string }
  | { id: string; type: "MULTIPLE"; points: number; answer: readonly string[] }
  | { id: string; type: "TRUE_FALSE"; points: number; answer: boolean }
  | { id: string; type: "FILL"; points: number; answer: readonly string[] }
  | { id: string; type: "SHORT"; points: number; answer: string };

/** What the learner sent: option text(s), "true"/"false", or free text. */
export type Response = string | readonly string[] | null;

export type QuestionResult = {
  questionId: string;
  /** null: a person must grade it (short answer) */
  correct: boolean | null;
  pointsEarned: number | null;
};

export type GradingOutcome =
  | { status: "GRADED"; results: QuestionResult[]; scorePercent: number; passed: boolean }
  | { status: "AWAITING_REVIEW"; results: QuestionResult[]; scorePercent: null; passed: null };

/** Fill-in answers are compared ignoring surrounding space, full-width forms and letter case. */
export function normalizeFillAnswer(text: string): string {
  return text.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

function asList(response: Response): string[] {
  if (response === null) return [];
  return typeof response === "string" ? [response] : [...response];
}

function isCorrect(question: GradableQuestion, response: Response): boolean | null {
  const given = asList(response);
  switch (question.type) {
    case "SINGLE":
      return given.length === 1 && given[0] === question.answer;
    case "MULTIPLE": {
      // All or nothing: exactly the correct set, no more, no less.
      const chosen = new Set(given);
      return chosen.size === question.answer.length && question.answer.every((option) => chosen.has(option));
    }
    case "TRUE_FALSE":
      return given.length === 1 && given[0] === String(question.answer);
    case "FILL": {
      const accepted = new Set(question.answer.map(normalizeFillAnswer));
      return given.length === 1 && accepted.has(normalizeFillAnswer(given[0] ?? ""));
    }
    case "SHORT":
      return null;
  }
}

export function gradeAttempt(
  questions: readonly GradableQuestion[],
  responses: ReadonlyMap<string, Response>,
  passPercent: number,
): GradingOutcome {
  const results = questions.map((question): QuestionResult => {
    const correct = isCorrect(question, responses.get(question.id) ?? null);
    return {
      questionId: question.id,
      correct,
      pointsEarned: correct === null ? null : correct ? question.points : 0,
    };
  });
  if (results.some((result) => result.correct === null)) {
    return { status: "AWAITING_REVIEW", results, scorePercent: null, passed: null };
  }
  const possible = questions.reduce((sum, question) => sum + question.points, 0);
  const earned = results.reduce((sum, result) => sum + (result.pointsEarned ?? 0), 0);
  const scorePercent = possible === 0 ? 0 : Math.round((earned / possible) * 1000) / 10;
  return { status: "GRADED", results, scorePercent, passed: scorePercent >= passPercent };
}
