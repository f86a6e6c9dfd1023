// 测试 rules around the grading itself: may the learner sit the test now, what
// he sees of a graded paper, and what a trainer's decision on a short answer
// must look like. Pure: the lesson page, the review page and the tests share it.
import type { Problem } from "~/utils/problems.ts";
import type { QuestionType, Response } from "./grading.ts";

export type AttemptStatus = "SUBMITTED" | "GRADED" | "AWAITING_REVIEW";

// ─── May he sit the test? ──────────────────────────────────────────────────

export type QuizGate =
  /** Show the form. attemptsLeft counts the one he is about to make; null: no limit. */
  | { state: "open"; attemptsLeft: number | null }
  /** The earlier stages are not done. */
  | { state: "locked" }
  /** The test is passed: the lesson's testing stage is done. */
  | { state: "passed" }
  /** An attempt is still being graded or waits for a trainer: one paper at a time. */
  | { state: "pending" }
  /** Every allowed attempt is used and none passed. */
  | { state: "limit-reached"; limit: number };

export function attemptsLeft(attemptLimit: number | null, attemptsUsed: number): number | null {
  return attemptLimit === null ? null : Math.max(0, attemptLimit - attemptsUsed);
}

export function quizGate(facts: {
  stageOpen: boolean;
  stageDone: boolean;
  attemptLimit: number | null;
  attemptsUsed: number;
  latest: { status: AttemptStatus; passed: boolean | null } | null;
}): QuizGate {
  if (!facts.stageOpen) return { state: "locked" };
  // A passed attempt counts before the worker has marked the stage.
  if (facts.stageDone || facts.latest?.passed === true) return { state: "passed" };
  if (facts.latest && facts.latest.status !== "GRADED") return { state: "pending" };
  const left = attemptsLeft(facts.attemptLimit, facts.attemptsUsed);
  if (left === 0 && facts.attemptLimit !== null) return { state: "limit-reached", limit: facts.attemptLimit };
  return { state: "open", attemptsLeft: left };
}

// ─── What the learner sees of a paper ──────────────────────────────────────

/** The lesson file's `revealAnswers`: `always` → ALWAYS, `after-pass` → AFTER_PASS. */
export type RevealPolicy = "ALWAYS" | "AFTER_PASS";
export const REVEAL_POLICIES: readonly RevealPolicy[] = ["ALWAYS", "AFTER_PASS"];

export function isRevealPolicy(value: string): value is RevealPolicy {
  return (REVEAL_POLICIES as readonly string[]).includes(value);
}

/**
 * Correct answers and explanations are shown for a graded paper only, and
 * under `after-pass` only once he passed: otherwise a learner could fail on
 * purpose, read the key and pass the next attempt without learning anything.
 */
export function mayRevealAnswers(policy: RevealPolicy, attempt: { status: AttemptStatus; passed: boolean | null }): boolean {
  if (attempt.status !== "GRADED") return false;
  return policy === "ALWAYS" || attempt.passed === true;
}

export type StoredAnswer = {
  position: number;
  type: QuestionType;
  prompt: string;
  points: number;
  response: Response;
  correct: boolean | null;
  pointsEarned: number | null;
  /** The key: option text(s), a boolean, accepted answers or a reference answer. */
  answer: unknown;
  explanation: string;
};

export type AnswerView = Omit<StoredAnswer, "answer" | "explanation"> & { answer?: unknown; explanation?: string };

export type AttemptView = {
  status: AttemptStatus;
  scorePercent: number | null;
  passed: boolean | null;
  attemptNumber: number | null;
  /** Were the answers (and each question's verdict) shown? */
  revealed: boolean;
  /** In the order shown on the paper; empty unless revealed. */
  answers: AnswerView[];
};

/**
 * What the learner's page may carry of an attempt. When the answers are not
 * revealed, neither is the per-question verdict: on a 判断题 a ✗ tells the
 * answer as plainly as the key would. This runs on the server, so nothing
 * hidden reaches the browser.
 */
export function presentAttempt(
  attempt: {
    status: AttemptStatus;
    scorePercent: number | null;
    passed: boolean | null;
    attemptNumber: number | null;
    answers: readonly StoredAnswer[];
  },
  policy: RevealPolicy,
): AttemptView {
  const revealed = mayRevealAnswers(policy, attempt);
  return {
    status: attempt.status,
    scorePercent: attempt.status === "GRADED" ? attempt.scorePercent : null,
    passed: attempt.status === "GRADED" ? attempt.passed : null,
    attemptNumber: attempt.attemptNumber,
    revealed,
    answers: revealed ? [...attempt.answers].sort((a, b) => a.position - b.position) : [],
  };
}

// ─── A trainer's decision on a short answer ────────────────────────────────

export type ReviewVerdict = "correct" | "incorrect";

export type ReviewProblem =
  /** Nobody grades his own paper. */
  | "own-attempt"
  /** The attempt is not waiting for a person (graded already, or not yet auto-graded). */
  | "not-awaiting"
  /** Only short answers are graded by hand. */
  | "not-short"
  /** Someone already decided this answer. */
  | "already-reviewed"
  /** Points outside 0…the question's points, or not in half points. */
  | "points-range"
  /** "Correct" with no points, or "incorrect" with full points: the two contradict each other. */
  | "points-contradict";

/**
 * A decision is a verdict plus points from 0 to the question's points, in
 * steps of half a point. Partly right answers get points under either verdict,
 * but "correct" must earn something and "incorrect" less than full marks.
 */
/** A refused review decision as a problem: a points problem belongs to the points field, the rest to the form. */
export function reviewProblem(code: ReviewProblem): Problem {
  return { field: code === "points-range" || code === "points-contradict" ? "points" : "", code };
}

/** Why this learner may not hand in a paper now, as a problem of the form (codes are the lesson page's message keys). */
export function gateProblem(gate: Exclude<QuizGate, { state: "open" }>): Problem {
  switch (gate.state) {
    case "locked":
      return { field: "", code: "stageLocked" };
    case "passed":
      return { field: "", code: "alreadyPassed" };
    case "pending":
      return { field: "", code: "attemptPending" };
    case "limit-reached":
      return { field: "", code: "attemptLimitReached", params: { limit: gate.limit } };
  }
}

export function checkReview(input: {
  reviewerId: string;
  learnerId: string;
  attemptStatus: AttemptStatus;
  questionType: QuestionType;
  alreadyReviewed: boolean;
  maxPoints: number;
  verdict: ReviewVerdict;
  points: number;
}): ReviewProblem | null {
  if (input.reviewerId === input.learnerId) return "own-attempt";
  if (input.questionType !== "SHORT") return "not-short";
  if (input.alreadyReviewed) return "already-reviewed";
  if (input.attemptStatus !== "AWAITING_REVIEW") return "not-awaiting";
  const halves = input.points * 2;
  if (!Number.isFinite(input.points) || input.points < 0 || input.points > input.maxPoints || !Number.isInteger(halves))
    return "points-range";
  if (input.verdict === "correct" && input.points === 0) return "points-contradict";
  if (input.verdict === "incorrect" && input.points === input.maxPoints) return "points-contradict";
  return null;
}
