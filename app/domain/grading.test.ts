import { describe, expect, it } from "vitest";
import {
  gradeAttempt,
  multipleChoiceShare,
  normalizeFillAnswer,
  type GradableQuestion,
  type GradingPolicy,
  type Response,
} from "./grading.ts";

const single: GradableQuestion = { id: "s", type: "SINGLE", points: 1, answer: "乙" };
const multiple: GradableQuestion = { id: "m", type: "MULTIPLE", points: 2, answer: ["甲", "丙"], options: ["甲", "乙", "丙", "丁"] };
const trueFalse: GradableQuestion = { id: "t", type: "TRUE_FALSE", points: 1, answer: false };
const fill: GradableQuestion = { id: "f", type: "FILL", points: 1, answer: ["十八", "18"] };
const short: GradableQuestion = { id: "x", type: "SHORT", points: 5, answer: "参考答案" };

function grade(questions: GradableQuestion[], responses: Record<string, Response>, pass = 60, policy?: GradingPolicy) {
  return gradeAttempt(questions, new Map(Object.entries(responses)), pass, policy);
}

const partial: GradingPolicy = { partialCredit: true, reviews: new Map() };

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

// 四个服从: four right options, one wrong, worth 4 points.
const fourObediences: GradableQuestion = {
  id: "m4",
  type: "MULTIPLE",
  points: 4,
  answer: ["个人服从组织", "少数服从多数", "下级服从上级", "全党服从中央"],
  options: ["个人服从组织", "少数服从多数", "下级服从上级", "全党服从中央", "多数服从少数"],
};
const [A, B, C, D, WRONG] = fourObediences.type === "MULTIPLE" ? fourObediences.options : [];

describe("multiple choice: all or nothing unless the lesson allows partial credit", () => {
  it.each([
    // name, picks, all-or-nothing points, partial points
    { name: "exactly right", picks: [A, B, C, D], strict: 4, partial: 4 },
    { name: "three of four right", picks: [A, B, C], strict: 0, partial: 3 },
    { name: "one of four right", picks: [A], strict: 0, partial: 1 },
    { name: "all right plus the wrong one (every box ticked)", picks: [A, B, C, D, WRONG], strict: 0, partial: 0 },
    { name: "two right, the wrong one: 2/4 − 1/1 is below zero", picks: [A, B, WRONG], strict: 0, partial: 0 },
    { name: "only the wrong one", picks: [WRONG], strict: 0, partial: 0 },
    { name: "nothing", picks: [], strict: 0, partial: 0 },
    { name: "a right one sent twice counts once", picks: [A, A], strict: 0, partial: 1 },
    { name: "a forged value counts as a wrong pick", picks: [A, B, C, "不存在的选项"], strict: 0, partial: 0 },
  ])("$name → $strict / $partial", ({ picks, strict, partial: partialPoints }) => {
    const responses = { m4: picks as string[] };
    expect(grade([fourObediences], responses).results[0]).toMatchObject({ pointsEarned: strict, correct: strict === 4 });
    expect(grade([fourObediences], responses, 60, partial).results[0]).toMatchObject({
      pointsEarned: partialPoints,
      correct: partialPoints === 4,
    });
  });

  it.each([
    // right options k, wrong options w: share = right/k − wrong/w
    { answer: ["a", "b"], options: ["a", "b", "c", "d"], given: ["a"], share: 0.5 },
    { answer: ["a", "b"], options: ["a", "b", "c", "d"], given: ["a", "c"], share: 0 },
    { answer: ["a", "b"], options: ["a", "b", "c", "d", "e"], given: ["a", "b", "c"], share: 2 / 3 },
    { answer: ["a", "b", "c"], options: ["a", "b", "c"], given: ["a", "b"], share: 2 / 3 },
    { answer: ["a", "b", "c"], options: ["a", "b", "c"], given: ["a", "x"], share: 0 },
  ])("share of $given against $answer of $options = $share", ({ answer, options, given, share }) => {
    expect(multipleChoiceShare(answer, options, given)).toBeCloseTo(share, 10);
  });

  it("rounds partial points to two decimals and scores from them", () => {
    const twoOfThree: GradableQuestion = { id: "m3", type: "MULTIPLE", points: 2, answer: ["a", "b", "c"], options: ["a", "b", "c", "d"] };
    const outcome = grade([twoOfThree, single], { m3: ["a", "b"], s: "乙" }, 60, partial);
    expect(outcome.results[0]).toMatchObject({ correct: false, pointsEarned: 1.33 });
    // (1.33 + 1) / 3 = 77.7 %
    expect(outcome).toMatchObject({ status: "GRADED", scorePercent: 77.7, passed: true });
  });

  it("partial credit leaves the other question types all or nothing", () => {
    expect(grade([single, fill, trueFalse], { s: "甲", f: "十九", t: "true" }, 60, partial)).toMatchObject({ scorePercent: 0 });
  });
});

describe("short answers: a person decides", () => {
  const reviewed = (decisions: Record<string, { correct: boolean; points: number }>): GradingPolicy => ({
    partialCredit: false,
    reviews: new Map(Object.entries(decisions)),
  });

  it.each([
    { name: "full marks", review: { correct: true, points: 5 }, earned: 5, score: 100, passed: true },
    { name: "partly right, marked correct", review: { correct: true, points: 3.5 }, earned: 3.5, score: 75, passed: true },
    { name: "wrong", review: { correct: false, points: 0 }, earned: 0, score: 16.7, passed: false },
    { name: "more points than the question has are capped", review: { correct: true, points: 9 }, earned: 5, score: 100, passed: true },
  ])("$name → $earned points, $score", ({ review, earned, score, passed }) => {
    const outcome = grade([single, short], { s: "乙", x: "我的回答" }, 60, reviewed({ x: review }));
    expect(outcome.results[1]).toEqual({ questionId: "x", correct: review.correct, pointsEarned: earned });
    expect(outcome).toMatchObject({ status: "GRADED", scorePercent: score, passed });
  });

  it("stays awaiting review until every short answer is decided", () => {
    const second: GradableQuestion = { ...short, id: "y" };
    const outcome = grade([short, second], { x: "甲", y: "乙" }, 60, reviewed({ x: { correct: true, points: 5 } }));
    expect(outcome.status).toBe("AWAITING_REVIEW");
    expect(outcome.results.map((result) => result.correct)).toEqual([true, null]);
  });
});
