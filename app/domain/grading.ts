// 测试: grading a submitted quiz. Pure: takes the questions and the answers as
// submitted (plus a trainer's decisions on short answers, once made), returns
// per-question results and the verdict. The grading worker and the trainer's
// review both come here, so a score is computed one way only.

export type QuestionType = "SINGLE" | "MULTIPLE" | "TRUE_FALSE" | "FILL" | "SHORT";
export const QUESTION_TYPES: readonly QuestionType[] = ["SINGLE", "MULTIPLE", "TRUE_FALSE", "FILL", "SHORT"];

export type GradableQuestion =
  | { id: string; type: "SINGLE"; points: number; answer: string }
  | { id: string; type: "MULTIPLE"; points: number; answer: readonly string[]; options: readonly string[] }
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

/** A trainer's decision on a short answer (简答题批阅). */
export type ShortAnswerReview = { correct: boolean; points: number };

export type GradingPolicy = {
  /** The lesson's `partialCredit`: multiple choice earns a share for a partly right choice. */
  partialCredit: boolean;
  /** Decisions made so far on short answers, by question id. */
  reviews: ReadonlyMap<string, ShortAnswerReview>;
};

const ALL_OR_NOTHING: GradingPolicy = { partialCredit: false, reviews: new Map() };

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

/** Points are kept to two decimals: 2 × 2/3 is stored as 1.33, not 1.3333333333333333. */
function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

/**
 * 多选题部分得分 (only when the lesson sets `partialCredit: true`):
 *
 *   share = (right options picked ÷ right options) − (wrong options picked ÷ wrong options), at least 0
 *
 * Each right option carries an equal part of the points; the wrong options
 * together can take all of them back, so ticking every box earns nothing.
 * A value that is not among the options at all (a forged form) counts as a
 * wrong pick; with no wrong options in the question, it costs the whole share.
 */
export function multipleChoiceShare(answer: readonly string[], options: readonly string[], given: readonly string[]): number {
  const right = new Set(answer);
  const chosen = new Set(given);
  const rightPicked = [...chosen].filter((option) => right.has(option)).length;
  const wrongPicked = chosen.size - rightPicked;
  const wrongOptions = options.filter((option) => !right.has(option)).length;
  const share = rightPicked / right.size - wrongPicked / Math.max(1, wrongOptions);
  return Math.max(0, share);
}

function gradeQuestion(question: GradableQuestion, response: Response, policy: GradingPolicy): QuestionResult {
  const given = asList(response);
  const whole = (correct: boolean): QuestionResult => ({ questionId: question.id, correct, pointsEarned: correct ? question.points : 0 });
  switch (question.type) {
    case "SINGLE":
      return whole(given.length === 1 && given[0] === question.answer);
    case "MULTIPLE": {
      // Correct means exactly the right set, no more, no less; only partial credit earns less than all.
      const chosen = new Set(given);
      const exact = chosen.size === question.answer.length && question.answer.every((option) => chosen.has(option));
      if (exact || !policy.partialCredit) return whole(exact);
      const share = multipleChoiceShare(question.answer, question.options, given);
      return { questionId: question.id, correct: false, pointsEarned: roundPoints(question.points * share) };
    }
    case "TRUE_FALSE":
      return whole(given.length === 1 && given[0] === String(question.answer));
    case "FILL": {
      const accepted = new Set(question.answer.map(normalizeFillAnswer));
      return whole(given.length === 1 && accepted.has(normalizeFillAnswer(given[0] ?? "")));
    }
    case "SHORT": {
      // A person decides; until then the question is open.
      const review = policy.reviews.get(question.id);
      if (!review) return { questionId: question.id, correct: null, pointsEarned: null };
      const points = Math.min(question.points, Math.max(0, review.points));
      return { questionId: question.id, correct: review.correct, pointsEarned: roundPoints(points) };
    }
  }
}

export function gradeAttempt(
  questions: readonly GradableQuestion[],
  responses: ReadonlyMap<string, Response>,
  passPercent: number,
  policy: GradingPolicy = ALL_OR_NOTHING,
): GradingOutcome {
  const results = questions.map((question) => gradeQuestion(question, responses.get(question.id) ?? null, policy));
  if (results.some((result) => result.correct === null)) {
    return { status: "AWAITING_REVIEW", results, scorePercent: null, passed: null };
  }
  const possible = questions.reduce((sum, question) => sum + question.points, 0);
  const earned = results.reduce((sum, result) => sum + (result.pointsEarned ?? 0), 0);
  const scorePercent = possible === 0 ? 0 : Math.round((earned / possible) * 1000) / 10;
  return { status: "GRADED", results, scorePercent, passed: scorePercent >= passPercent };
}
