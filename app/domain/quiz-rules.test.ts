import { describe, expect, it } from "vitest";
import {
  attemptsLeft,
  checkReview,
  gateProblem,
  mayRevealAnswers,
  presentAttempt,
  quizGate,
  reviewProblem,
  type AttemptStatus,
  type StoredAnswer,
} from "./quiz-rules.ts";

describe("quizGate: may he sit the test now?", () => {
  const base = {
    stageOpen: true,
    stageDone: false,
    attemptLimit: null as number | null,
    attemptsUsed: 0,
    latest: null as { status: AttemptStatus; passed: boolean | null } | null,
  };
  const failed = { status: "GRADED" as const, passed: false };

  it.each([
    { name: "earlier stages not done", facts: { ...base, stageOpen: false }, gate: { state: "locked" } },
    { name: "first attempt, no limit", facts: base, gate: { state: "open", attemptsLeft: null } },
    { name: "first attempt of three", facts: { ...base, attemptLimit: 3 }, gate: { state: "open", attemptsLeft: 3 } },
    {
      name: "two failed of three: one left",
      facts: { ...base, attemptLimit: 3, attemptsUsed: 2, latest: failed },
      gate: { state: "open", attemptsLeft: 1 },
    },
    {
      name: "three failed of three: limit reached",
      facts: { ...base, attemptLimit: 3, attemptsUsed: 3, latest: failed },
      gate: { state: "limit-reached", limit: 3 },
    },
    {
      name: "more than the limit (the lesson lowered it)",
      facts: { ...base, attemptLimit: 2, attemptsUsed: 3, latest: failed },
      gate: { state: "limit-reached", limit: 2 },
    },
    { name: "many failed, no limit", facts: { ...base, attemptsUsed: 40, latest: failed }, gate: { state: "open", attemptsLeft: null } },
    { name: "the testing stage is done", facts: { ...base, stageDone: true, attemptsUsed: 1 }, gate: { state: "passed" } },
    {
      name: "the last allowed attempt passed, before the worker marked the stage",
      facts: { ...base, attemptLimit: 1, attemptsUsed: 1, latest: { status: "GRADED" as const, passed: true } },
      gate: { state: "passed" },
    },
    {
      name: "an attempt is being graded",
      facts: { ...base, attemptsUsed: 1, latest: { status: "SUBMITTED" as const, passed: null } },
      gate: { state: "pending" },
    },
    {
      name: "the last allowed attempt waits for a trainer: pending, not refused",
      facts: { ...base, attemptLimit: 1, attemptsUsed: 1, latest: { status: "AWAITING_REVIEW" as const, passed: null } },
      gate: { state: "pending" },
    },
  ])("$name", ({ facts, gate }) => {
    expect(quizGate(facts)).toEqual(gate);
  });

  it.each([
    [null, 5, null],
    [3, 0, 3],
    [3, 3, 0],
    [3, 7, 0],
  ] as const)("attemptsLeft(limit %s, used %s) = %s", (limit, used, left) => {
    expect(attemptsLeft(limit, used)).toBe(left);
  });
});

describe("reveal policy", () => {
  it.each([
    { policy: "ALWAYS", status: "GRADED", passed: true, reveal: true },
    { policy: "ALWAYS", status: "GRADED", passed: false, reveal: true },
    { policy: "AFTER_PASS", status: "GRADED", passed: true, reveal: true },
    { policy: "AFTER_PASS", status: "GRADED", passed: false, reveal: false },
    { policy: "ALWAYS", status: "SUBMITTED", passed: null, reveal: false },
    { policy: "ALWAYS", status: "AWAITING_REVIEW", passed: null, reveal: false },
    { policy: "AFTER_PASS", status: "AWAITING_REVIEW", passed: null, reveal: false },
  ] as const)("$policy, $status, passed $passed → $reveal", ({ policy, status, passed, reveal }) => {
    expect(mayRevealAnswers(policy, { status, passed })).toBe(reveal);
  });

  const answers: StoredAnswer[] = [
    {
      position: 1,
      type: "TRUE_FALSE",
      prompt: "判断",
      points: 1,
      response: "true",
      correct: false,
      pointsEarned: 0,
      answer: false,
      explanation: "解析二",
    },
    {
      position: 0,
      type: "SINGLE",
      prompt: "单选",
      points: 1,
      response: "乙",
      correct: true,
      pointsEarned: 1,
      answer: "乙",
      explanation: "解析一",
    },
  ];

  it("a revealed paper carries answers, explanations and verdicts in the order shown", () => {
    const view = presentAttempt({ status: "GRADED", scorePercent: 50, passed: false, attemptNumber: 1, answers }, "ALWAYS");
    expect(view).toMatchObject({ revealed: true, scorePercent: 50, passed: false });
    expect(view.answers.map((answer) => [answer.prompt, answer.correct, answer.answer, answer.explanation])).toEqual([
      ["单选", true, "乙", "解析一"],
      ["判断", false, false, "解析二"],
    ]);
  });

  it("after-pass, failed: the score only; no key, no explanation and no per-question verdict reaches the page", () => {
    const view = presentAttempt({ status: "GRADED", scorePercent: 50, passed: false, attemptNumber: 2, answers }, "AFTER_PASS");
    expect(view).toEqual({ status: "GRADED", scorePercent: 50, passed: false, attemptNumber: 2, revealed: false, answers: [] });
    expect(JSON.stringify(view)).not.toContain("解析");
  });

  it("awaiting review: no score yet", () => {
    const view = presentAttempt({ status: "AWAITING_REVIEW", scorePercent: null, passed: null, attemptNumber: 1, answers }, "ALWAYS");
    expect(view).toMatchObject({ status: "AWAITING_REVIEW", scorePercent: null, revealed: false, answers: [] });
  });
});

describe("checkReview: a trainer's decision on a short answer", () => {
  const ok = {
    reviewerId: "trainer",
    learnerId: "learner",
    attemptStatus: "AWAITING_REVIEW" as AttemptStatus,
    questionType: "SHORT" as const,
    alreadyReviewed: false,
    maxPoints: 5,
    verdict: "correct" as "correct" | "incorrect",
    points: 5,
  };

  it.each([
    { name: "correct, full marks", input: ok, problem: null },
    { name: "correct, partly (3.5)", input: { ...ok, points: 3.5 }, problem: null },
    { name: "incorrect, nothing", input: { ...ok, verdict: "incorrect" as const, points: 0 }, problem: null },
    { name: "incorrect, a little for effort", input: { ...ok, verdict: "incorrect" as const, points: 1 }, problem: null },
    { name: "his own paper", input: { ...ok, reviewerId: "learner" }, problem: "own-attempt" },
    { name: "not a short answer", input: { ...ok, questionType: "SINGLE" as const }, problem: "not-short" },
    { name: "decided already", input: { ...ok, alreadyReviewed: true }, problem: "already-reviewed" },
    { name: "attempt already graded", input: { ...ok, attemptStatus: "GRADED" as const }, problem: "not-awaiting" },
    { name: "attempt not yet auto-graded", input: { ...ok, attemptStatus: "SUBMITTED" as const }, problem: "not-awaiting" },
    { name: "more than the question's points", input: { ...ok, points: 6 }, problem: "points-range" },
    { name: "negative points", input: { ...ok, verdict: "incorrect" as const, points: -1 }, problem: "points-range" },
    { name: "not in half points", input: { ...ok, points: 2.3 }, problem: "points-range" },
    { name: "not a number", input: { ...ok, points: Number.NaN }, problem: "points-range" },
    { name: "correct with no points", input: { ...ok, points: 0 }, problem: "points-contradict" },
    { name: "incorrect with full marks", input: { ...ok, verdict: "incorrect" as const, points: 5 }, problem: "points-contradict" },
  ])("$name → $problem", ({ input, problem }) => {
    expect(checkReview(input)).toBe(problem);
  });
});

describe("refusals as { field, code, params }", () => {
  it.each([
    { gate: { state: "locked" as const }, expected: { field: "", code: "stageLocked" } },
    { gate: { state: "passed" as const }, expected: { field: "", code: "alreadyPassed" } },
    { gate: { state: "pending" as const }, expected: { field: "", code: "attemptPending" } },
    { gate: { state: "limit-reached" as const, limit: 3 }, expected: { field: "", code: "attemptLimitReached", params: { limit: 3 } } },
  ])("the gate $gate.state", ({ gate, expected }) => {
    expect(gateProblem(gate)).toEqual(expected);
  });

  it("a points problem belongs to the points field, the others to the form", () => {
    expect(reviewProblem("points-range")).toEqual({ field: "points", code: "points-range" });
    expect(reviewProblem("points-contradict")).toEqual({ field: "points", code: "points-contradict" });
    expect(reviewProblem("own-attempt")).toEqual({ field: "", code: "own-attempt" });
  });
});
