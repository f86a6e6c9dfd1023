import { describe, expect, it } from "vitest";
import type { QuestionType } from "./grading.ts";
import { drawQuiz, drawSize, isDrawCurrent, responsesForDraw, seededRandom, shuffle, type BankQuestion } from "./quiz-draw.ts";

const BANK: BankQuestion[] = [
  { id: "q1", type: "SINGLE", options: ["甲", "乙", "丙", "丁"] },
  { id: "q2", type: "MULTIPLE", options: ["一", "二", "三", "四", "五"] },
  { id: "q3", type: "TRUE_FALSE", options: [] },
  { id: "q4", type: "FILL", options: [] },
  { id: "q5", type: "SHORT", options: [] },
  { id: "q6", type: "SINGLE", options: ["是", "否"] },
];

describe("seededRandom", () => {
  it("gives the same sequence for the same seed, and another for another seed", () => {
    const take = (seed: string) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(take("seed-a")).toEqual(take("seed-a"));
    expect(take("seed-a")).not.toEqual(take("seed-b"));
  });

  it.each(["", "a", "0", "试卷", "f".repeat(64)])("stays within [0, 1) for seed %j", (seed) => {
    const random = seededRandom(seed);
    for (let index = 0; index < 1000; index += 1) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe("shuffle", () => {
  it("returns a permutation and leaves the input alone", () => {
    const input = ["a", "b", "c", "d", "e"];
    const output = shuffle(input, seededRandom("x"));
    expect([...output].sort()).toEqual(input);
    expect(input).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("reaches every order of three items, about equally often", () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 6000; index += 1) {
      const key = shuffle(["a", "b", "c"], seededRandom(`s${index}`)).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(count).toBeGreaterThan(850); // 1000 expected
  });
});

describe("drawSize", () => {
  it.each([
    { bank: 6, perAttempt: null, size: 6 },
    { bank: 6, perAttempt: 3, size: 3 },
    { bank: 6, perAttempt: 6, size: 6 },
    { bank: 6, perAttempt: 10, size: 6 },
  ])("$perAttempt of $bank → $size", ({ bank, perAttempt, size }) => {
    expect(drawSize(bank, perAttempt)).toBe(size);
  });
});

describe("drawQuiz", () => {
  it.each([
    { seed: "alpha", perAttempt: 3 },
    { seed: "beta", perAttempt: 3 },
    { seed: "gamma", perAttempt: null },
    { seed: "delta", perAttempt: 1 },
  ])("seed $seed, $perAttempt per attempt: deterministic, the right size, the author's order", ({ seed, perAttempt }) => {
    const draw = drawQuiz(BANK, perAttempt, seed);
    expect(drawQuiz(BANK, perAttempt, seed)).toEqual(draw);
    expect(draw).toHaveLength(perAttempt ?? BANK.length);
    const positions = draw.map((item) => BANK.findIndex((question) => question.id === item.questionId));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it("shuffles the options of choice questions only, keeping every option", () => {
    const draw = drawQuiz(BANK, null, "options");
    for (const item of draw) {
      const question = BANK.find((candidate) => candidate.id === item.questionId)!;
      if (question.type === "SINGLE" || question.type === "MULTIPLE")
        expect([...item.options].sort()).toEqual([...question.options].sort());
      else expect(item.options).toEqual([]);
    }
  });

  it("pins the draw of one seed: stored seeds keep explaining stored draws (a change to the generator shows here)", () => {
    expect(drawQuiz(BANK, 3, "pinned")).toEqual([
      { questionId: "q1", options: ["丙", "乙", "丁", "甲"] },
      { questionId: "q4", options: [] },
      { questionId: "q6", options: ["否", "是"] },
    ]);
  });

  it("varies the option order from seed to seed", () => {
    const orders = new Set(Array.from({ length: 50 }, (_, index) => drawQuiz(BANK, null, `o${index}`)[0]!.options.join("")));
    expect(orders.size).toBeGreaterThan(10); // 24 orders of four options: seeds really vary them
  });

  it("draws every question about equally often over many seeds", () => {
    const counts = new Map<string, number>();
    const runs = 3000;
    for (let index = 0; index < runs; index += 1) {
      for (const item of drawQuiz(BANK, 2, `run-${index}`)) counts.set(item.questionId, (counts.get(item.questionId) ?? 0) + 1);
    }
    // Each question: 2/6 of the papers, 1000 expected.
    for (const question of BANK) expect(counts.get(question.id) ?? 0, question.id).toBeGreaterThan(870);
    for (const question of BANK) expect(counts.get(question.id) ?? 0, question.id).toBeLessThan(1130);
  });
});

describe("isDrawCurrent", () => {
  const draw = drawQuiz(BANK, 3, "current");
  const drawnIds = new Set(draw.map((item) => item.questionId));
  const notDrawn = BANK.find((question) => !drawnIds.has(question.id))!;
  const drawnChoice = BANK.find((question) => drawnIds.has(question.id) && question.options.length > 0);

  it.each([
    { name: "the same bank", bank: BANK, perAttempt: 3, current: true },
    { name: "a question not drawn retired", bank: BANK.filter((question) => question !== notDrawn), perAttempt: 3, current: true },
    {
      name: "a drawn question retired",
      bank: BANK.filter((question) => question.id !== draw[0]!.questionId),
      perAttempt: 3,
      current: false,
    },
    { name: "a different number per attempt", bank: BANK, perAttempt: 4, current: false },
    {
      name: "a drawn question's options edited",
      bank: BANK.map((question) =>
        question === drawnChoice ? { ...question, options: [...question.options.slice(1), "新选项"] } : question,
      ),
      perAttempt: 3,
      current: drawnChoice === undefined,
    },
  ])("$name → $current", ({ bank, perAttempt, current }) => {
    expect(isDrawCurrent(draw, bank, perAttempt)).toBe(current);
  });
});

describe("responsesForDraw", () => {
  const types = new Map<string, QuestionType>(BANK.map((question) => [question.id, question.type]));
  const items = [
    { questionId: "q2", options: ["三", "一", "五", "二", "四"] },
    { questionId: "q1", options: ["丁", "甲", "乙", "丙"] },
    { questionId: "q4", options: [] },
  ];

  it("reads the drawn questions only, in the order shown; a forged field for another question is never read", () => {
    const form: Record<string, string[]> = { q1: ["乙"], q2: ["一", "三"], q4: ["  "], q5: ["我不在这张试卷上"], q6: ["是"] };
    const read: string[] = [];
    const responses = responsesForDraw(items, types, (id) => {
      read.push(id);
      return form[id] ?? [];
    });
    expect(responses).toEqual([
      { questionId: "q2", response: ["一", "三"] },
      { questionId: "q1", response: "乙" },
      { questionId: "q4", response: null },
    ]);
    expect(read).toEqual(["q2", "q1", "q4"]);
  });

  it.each([
    { name: "multiple, nothing ticked", id: "q2", values: [], response: [] },
    { name: "single, two values forged", id: "q1", values: ["甲", "乙"], response: "甲" },
    { name: "fill, blank then text", id: "q4", values: ["", "十八"], response: "十八" },
  ])("$name", ({ id, values, response }) => {
    const [result] = responsesForDraw([{ questionId: id, options: [] }], types, () => values);
    expect(result).toEqual({ questionId: id, response });
  });
});
