// 测试, many at a time: the grading worker takes the attempts of several jobs
// together (docs/decisions/010). Pure: what to do with each loaded attempt, and
// how to write many results with few statements. Each attempt is still graded
// by gradeAttempt alone; batching changes how results are written, not what.
import { gradeAttempt, type GradableQuestion, type GradingOutcome, type GradingPolicy, type Response } from "./grading.ts";
import type { AttemptStatus } from "./quiz-rules.ts";

/** An attempt as stored, ready for gradeAttempt. */
export type AttemptToGrade = {
  id: string;
  userId: string;
  lessonId: string;
  status: AttemptStatus;
  /** The stored verdict (set once GRADED). */
  passed: boolean | null;
  scorePercent: number | null;
  passPercent: number;
  questions: readonly GradableQuestion[];
  responses: ReadonlyMap<string, Response>;
  policy: GradingPolicy;
  /** The stored answer rows' ids by question id: results are written by row id. */
  answerIds: ReadonlyMap<string, string>;
};

export type GradingDecision =
  /** No such attempt: nothing to do (the job completes, as before). */
  | { kind: "missing"; attemptId: string }
  /** Graded earlier: never graded again; a pass still gets its follow-up (idempotent). */
  | { kind: "already-graded"; attemptId: string; userId: string; lessonId: string; passed: boolean; scorePercent: number | null }
  /** Graded now: written only if the attempt is still in one of `from` when written. */
  | { kind: "grade"; attemptId: string; userId: string; lessonId: string; outcome: GradingOutcome; from: readonly AttemptStatus[] };

/**
 * A SUBMITTED attempt may become GRADED or AWAITING_REVIEW; an AWAITING_REVIEW
 * one only GRADED (once a trainer decided its last short answer).
 */
export function claimableFrom(outcome: GradingOutcome): readonly AttemptStatus[] {
  return outcome.status === "GRADED" ? ["SUBMITTED", "AWAITING_REVIEW"] : ["SUBMITTED"];
}

export function decideGrading(attemptId: string, attempt: AttemptToGrade | undefined): GradingDecision {
  if (!attempt) return { kind: "missing", attemptId };
  const owner = { attemptId, userId: attempt.userId, lessonId: attempt.lessonId };
  if (attempt.status === "GRADED")
    return { kind: "already-graded", ...owner, passed: attempt.passed === true, scorePercent: attempt.scorePercent };
  const outcome = gradeAttempt(attempt.questions, attempt.responses, attempt.passPercent, attempt.policy);
  return { kind: "grade", ...owner, outcome, from: claimableFrom(outcome) };
}

/** Did this decision end in a pass (now or earlier)? A pass marks TESTING done and may earn hours. */
export function isPass(decision: GradingDecision): boolean {
  if (decision.kind === "already-graded") return decision.passed;
  return decision.kind === "grade" && decision.outcome.status === "GRADED" && decision.outcome.passed;
}

// ─── Few statements for many rows ──────────────────────────────────────────

/** Rows that get the same values, so one `UPDATE … WHERE id IN (…)` writes them all. */
export type WriteGroup<Values> = { values: Values; ids: string[] };

/**
 * Groups row ids by the values each row is to get. A batch of attempts of one
 * lesson has few distinct scores and per-answer results (right, wrong, waiting
 * for a trainer), so the statement count follows the number of distinct values,
 * not the number of rows; in the worst case it is one per row, as before.
 * Groups keep the order of their first row; ids keep their order.
 */
export function groupByValues<Values>(rows: readonly { id: string; values: Values }[]): WriteGroup<Values>[] {
  const groups = new Map<string, WriteGroup<Values>>();
  for (const row of rows) {
    const key = JSON.stringify(row.values);
    const group = groups.get(key);
    if (group) group.ids.push(row.id);
    else groups.set(key, { values: row.values, ids: [row.id] });
  }
  return [...groups.values()];
}

export type AttemptValues = {
  status: GradingOutcome["status"];
  scorePercent: number | null;
  passed: boolean | null;
  from: readonly AttemptStatus[];
};
export type AnswerValues = { correct: boolean | null; pointsEarned: number | null };

/** The attempt rows to claim, grouped by what they become (and from which statuses). */
export function attemptWrites(decisions: readonly GradingDecision[]): WriteGroup<AttemptValues>[] {
  return groupByValues(
    decisions.flatMap((decision) =>
      decision.kind === "grade"
        ? [
            {
              id: decision.attemptId,
              values: {
                status: decision.outcome.status,
                scorePercent: decision.outcome.scorePercent,
                passed: decision.outcome.passed,
                from: decision.from,
              },
            },
          ]
        : [],
    ),
  );
}

/**
 * The answer rows of the attempts this write claimed, grouped by result. An
 * attempt claimed by someone else (another job, another worker) is left to
 * its claimant, answers included.
 */
export function answerWrites(
  decisions: readonly GradingDecision[],
  claimed: ReadonlySet<string>,
  answerIds: (attemptId: string, questionId: string) => string | undefined,
): WriteGroup<AnswerValues>[] {
  const rows: { id: string; values: AnswerValues }[] = [];
  for (const decision of decisions) {
    if (decision.kind !== "grade" || !claimed.has(decision.attemptId)) continue;
    for (const result of decision.outcome.results) {
      const id = answerIds(decision.attemptId, result.questionId);
      if (id) rows.push({ id, values: { correct: result.correct, pointsEarned: result.pointsEarned } });
    }
  }
  return groupByValues(rows);
}

/** One (learner, lesson) per pass, first come first kept: TESTING is marked once per pair. */
export function passedLessons(decisions: readonly GradingDecision[]): { userId: string; lessonId: string }[] {
  const seen = new Map<string, { userId: string; lessonId: string }>();
  for (const decision of decisions) {
    if (decision.kind === "missing" || !isPass(decision)) continue;
    const key = `${decision.userId}\u0000${decision.lessonId}`;
    if (!seen.has(key)) seen.set(key, { userId: decision.userId, lessonId: decision.lessonId });
  }
  return [...seen.values()];
}
