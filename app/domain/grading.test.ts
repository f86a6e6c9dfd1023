import { describe, expect, it } from "vitest";
import { gradeAttempt, normalizeFillAnswer, type GradableQuestion, type Response } from "./grading.ts";

const single: GradableQuestion = { id: "s", type: "SINGLE", points: 1, answer: "乙" };
const multiple: GradableQuestion = { id: "m", type: "MULTIPLE", points: 2, answer: ["甲", "丙"] };
const trueFalse: GradableQuestion = { id: "t", type: "TRUE_FALSE", points: 1, answer: false };
const fill: GradableQuestion = { id: "f", type: "FILL", points: 1, answer: ["十八", "18"] };
const short: GradableQuestion = { id: "x", type: "SHORT", points: 5, answer: "参考答案" };

function grade(questions: GradableQuestion[], responses: Record<string, Response>, pass = 60) {
  return gradeAttempt(questions, new Map(Object.entries(responses)), pass);
}

describe("gradeAttempt: one question at a time", () => {
  it.each([
    { q: single, r: "乙", correct: true },
    { q: single, r: "甲", correct: false },
    { q: single, r: ["乙", "甲"], correct: false },
    { q: single, r: null, correct: false },
    { q: multiple, r: ["丙", "甲"], correct: true },
    { q: multiple, r: ["甲"], correct: false },
    { q: multiple, r: ["甲", "丙", "乙"], correct: false },
    { q: multiple, r: ["甲", "甲"], correct: false },
    { q: trueFalse, r: "false", correct: true },
    { q: trueFalse, r: "true", correct: false },
    { q: fill, r: " 18 ", correct: true },
    { q: fill, r: "１８", correct: true },
    { q: fill, r: "十八", correct: true },
    { q: fill, r: "十九", correct: false },
  ])("$q.type with $r → $correct", ({ q, r, correct }) => {
    const outcome = grade([q], { [q.id]: r });
    expect(outcome.results[0]?.correct).toBe(correct);
    expect(outcome.results[0]?.pointsEarned).toBe(correct ? q.points : 0);
  });
});

describe("gradeAttempt: verdict", () => {
  it("weights by points and rounds to one decimal", () => {
    const outcome = grade([single, multiple, trueFalse], { s: "乙", m: ["甲"], t: "false" });
    expect(outcome).toMatchObject({ status: "GRADED", scorePercent: 50, passed: false });
  });
  it("passes at exactly the pass mark", () => {
    const outcome = grade([single, multiple, trueFalse, fill, { ...single, id: "s2" }], { s: "乙", m: ["甲", "丙"], t: "false" }, 66.6);
    expect(outcome).toMatchObject({ status: "GRADED", scorePercent: 66.7, passed: true });
  });
  it("all correct is 100", () => {
    expect(grade([single, fill], { s: "乙", f: "18" })).toMatchObject({ scorePercent: 100, passed: true });
  });
  it("a short answer waits for a person", () => {
    const outcome = grade([single, short], { s: "乙", x: "我的回答" });
    expect(outcome.status).toBe("AWAITING_REVIEW");
    expect(outcome.passed).toBeNull();
    expect(outcome.results.map((result) => result.correct)).toEqual([true, null]);
  });
  it("unanswered questions earn nothing", () => {
    expect(grade([single, trueFalse], {})).toMatchObject({ scorePercent: 0, passed: false });
  });
});

describe("normalizeFillAnswer", () => {
  it.each([
    ["  Ab  C ", "ab c"],
    ["ＡＢ", "ab"],
    ["民主 集中制", "民主 集中制"],
  ])("%s → %s", (input, output) => {
    expect(normalizeFillAnswer(input)).toBe(output);
  });
});
