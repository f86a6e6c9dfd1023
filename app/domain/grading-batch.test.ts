import { describe, expect, it } from "vitest";
import type { GradableQuestion, Response } from "./grading.ts";
import {
  answerWrites,
  attemptWrites,
  claimableFrom,
  decideGrading,
  groupByValues,
  isPass,
  passedLessons,
  type AttemptToGrade,
  type GradingDecision,
} from "./grading-batch.ts";
import type { AttemptStatus } from "./quiz-rules.ts";

const single: GradableQuestion = { id: "s", type: "SINGLE", points: 1, answer: "乙" };
const trueFalse: GradableQuestion = { id: "t", type: "TRUE_FALSE", points: 1, answer: true };
const short: GradableQuestion = { id: "x", type: "SHORT", points: 2, answer: "参考答案" };

function attempt(id: string, over: Partial<AttemptToGrade> & { answers?: Record<string, Response> } = {}): AttemptToGrade {
  const questions = over.questions ?? [single, trueFalse];
  const answers = over.answers ?? { s: "乙", t: "true" };
  return {
    id,
    userId: `user-${id}`,
    lessonId: "lesson",
    status: "SUBMITTED",
    passed: null,
    scorePercent: null,
    passPercent: 60,
    policy: { partialCredit: false, reviews: new Map() },
    responses: new Map(Object.entries(answers)),
    answerIds: new Map(questions.map((question) => [question.id, `${id}-${question.id}`])),
    ...over,
    questions,
  };
}

describe("decideGrading", () => {
  it.each<{ name: string; input: AttemptToGrade | undefined; expected: Partial<GradingDecision> & Record<string, unknown> }>([
    { name: "no such attempt", input: undefined, expected: { kind: "missing" } },
    {
      name: "submitted, all right",
      input: attempt("a"),
      expected: {
        kind: "grade",
        from: ["SUBMITTED", "AWAITING_REVIEW"],
        outcome: expect.objectContaining({ status: "GRADED", scorePercent: 100, passed: true }),
      },
    },
    {
      name: "submitted, all wrong",
      input: attempt("a", { answers: { s: "甲", t: "false" } }),
      expected: { kind: "grade", outcome: expect.objectContaining({ status: "GRADED", scorePercent: 0, passed: false }) },
    },
    {
      name: "a short answer not yet reviewed",
      input: attempt("a", { questions: [single, short], answers: { s: "乙", x: "我的体会" } }),
      expected: { kind: "grade", from: ["SUBMITTED"], outcome: expect.objectContaining({ status: "AWAITING_REVIEW", scorePercent: null }) },
    },
    {
      name: "the short answer reviewed: scored now",
      input: attempt("a", {
        status: "AWAITING_REVIEW",
        questions: [single, short],
        answers: { s: "乙", x: "我的体会" },
        policy: { partialCredit: false, reviews: new Map([["x", { correct: true, points: 2 }]]) },
      }),
      expected: {
        kind: "grade",
        from: ["SUBMITTED", "AWAITING_REVIEW"],
        outcome: expect.objectContaining({ status: "GRADED", scorePercent: 100, passed: true }),
      },
    },
    {
      name: "already graded: not graded again, the stored verdict stands",
      input: attempt("a", { status: "GRADED", passed: true, scorePercent: 70, answers: { s: "甲", t: "false" } }),
      expected: { kind: "already-graded", passed: true, scorePercent: 70 },
    },
    {
      name: "already graded as failed",
      input: attempt("a", { status: "GRADED", passed: false, scorePercent: 20 }),
      expected: { kind: "already-graded", passed: false },
    },
  ])("$name", ({ input, expected }) => {
    expect(decideGrading("a", input)).toMatchObject({ attemptId: "a", ...expected });
  });
});

describe("claimableFrom", () => {
  it.each<{ status: "GRADED" | "AWAITING_REVIEW"; from: AttemptStatus[] }>([
    { status: "GRADED", from: ["SUBMITTED", "AWAITING_REVIEW"] },
    { status: "AWAITING_REVIEW", from: ["SUBMITTED"] },
  ])("$status from $from", ({ status, from }) => {
    const outcome =
      status === "GRADED"
        ? { status, results: [], scorePercent: 50, passed: false }
        : { status, results: [], scorePercent: null, passed: null };
    expect(claimableFrom(outcome)).toEqual(from);
  });
});

describe("groupByValues", () => {
  it.each<{ rows: { id: string; values: unknown }[]; groups: { values: unknown; ids: string[] }[] }>([
    { rows: [], groups: [] },
    { rows: [{ id: "1", values: { a: 1 } }], groups: [{ values: { a: 1 }, ids: ["1"] }] },
    {
      rows: [
        { id: "1", values: { correct: true, points: 1 } },
        { id: "2", values: { correct: false, points: 0 } },
        { id: "3", values: { correct: true, points: 1 } },
        { id: "4", values: { correct: null, points: null } },
      ],
      groups: [
        { values: { correct: true, points: 1 }, ids: ["1", "3"] },
        { values: { correct: false, points: 0 }, ids: ["2"] },
        { values: { correct: null, points: null }, ids: ["4"] },
      ],
    },
    // Every row different: one group each, as one statement per row would be.
    {
      rows: [
        { id: "1", values: 0.33 },
        { id: "2", values: 0.67 },
      ],
      groups: [
        { values: 0.33, ids: ["1"] },
        { values: 0.67, ids: ["2"] },
      ],
    },
  ])("%#", ({ rows, groups }) => {
    expect(groupByValues(rows)).toEqual(groups);
  });
});

describe("writes for a batch", () => {
  const pass = decideGrading("p", attempt("p"));
  const passToo = decideGrading("q", attempt("q", { userId: "user-p" }));
  const fail = decideGrading("f", attempt("f", { answers: { s: "甲", t: "true" } }));
  const pending = decideGrading("w", attempt("w", { questions: [single, short], answers: { s: "乙", x: "……" } }));
  const earlier = decideGrading("e", attempt("e", { status: "GRADED", passed: true, scorePercent: 100 }));
  const earlierFailed = decideGrading("g", attempt("g", { status: "GRADED", passed: false, scorePercent: 0 }));
  const missing = decideGrading("m", undefined);
  const all = [pass, passToo, fail, pending, earlier, earlierFailed, missing];

  it("claims attempts grouped by what they become; graded and missing ones are not written", () => {
    expect(attemptWrites(all)).toEqual([
      { values: { status: "GRADED", scorePercent: 100, passed: true, from: ["SUBMITTED", "AWAITING_REVIEW"] }, ids: ["p", "q"] },
      { values: { status: "GRADED", scorePercent: 50, passed: false, from: ["SUBMITTED", "AWAITING_REVIEW"] }, ids: ["f"] },
      { values: { status: "AWAITING_REVIEW", scorePercent: null, passed: null, from: ["SUBMITTED"] }, ids: ["w"] },
    ]);
  });

  it("writes the answers of claimed attempts only, grouped by result", () => {
    const answerId = (attemptId: string, questionId: string) => `${attemptId}-${questionId}`;
    expect(answerWrites(all, new Set(["p", "f", "w"]), answerId)).toEqual([
      { values: { correct: true, pointsEarned: 1 }, ids: ["p-s", "p-t", "f-t", "w-s"] },
      { values: { correct: false, pointsEarned: 0 }, ids: ["f-s"] },
      { values: { correct: null, pointsEarned: null }, ids: ["w-x"] },
    ]);
    expect(answerWrites(all, new Set(), answerId)).toEqual([]);
  });

  it("lists each passed learner and lesson once, earlier passes included", () => {
    expect(all.map(isPass)).toEqual([true, true, false, false, true, false, false]);
    expect(passedLessons(all)).toEqual([
      { userId: "user-p", lessonId: "lesson" },
      { userId: "user-e", lessonId: "lesson" },
    ]);
  });
});
