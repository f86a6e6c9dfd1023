import { describe, expect, it } from "vitest";
import { classHoursForDuration, DEFAULT_CLASS_HOURS_RULE, parseClassHoursRule, type ClassHoursRule } from "./class-hours.ts";

describe("classHoursForDuration, default rule (30 min = 1, 15–30 = 0.5, under 15 = 0.25)", () => {
  const cases: { seconds: number; expected: number }[] = [
    { seconds: 1, expected: 0.25 },
    { seconds: 18, expected: 0.25 },
    { seconds: 14 * 60 + 59, expected: 0.25 },
    { seconds: 15 * 60, expected: 0.5 },
    { seconds: 29 * 60 + 59.9, expected: 0.5 },
    { seconds: 30 * 60, expected: 1 },
    { seconds: 2 * 60 * 60, expected: 1 },
  ];
  it.each(cases)("$seconds s → $expected", ({ seconds, expected }) => {
    expect(classHoursForDuration(seconds)).toBe(expected);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])("refuses a duration of %s", (seconds) => {
    expect(() => classHoursForDuration(seconds)).toThrow(RangeError);
  });
});

describe("classHoursForDuration, other rules", () => {
  const fortyFive: ClassHoursRule = [
    { fromMinutes: 0, classHours: 0.5 },
    { fromMinutes: 45, classHours: 1 },
    { fromMinutes: 90, classHours: 2 },
  ];
  const cases: { seconds: number; expected: number }[] = [
    { seconds: 44 * 60, expected: 0.5 },
    { seconds: 45 * 60, expected: 1 },
    { seconds: 100 * 60, expected: 2 },
  ];
  it.each(cases)("steps in any order: $seconds s → $expected", ({ seconds, expected }) => {
    expect(classHoursForDuration(seconds, fortyFive)).toBe(expected);
  });
  it("a rule without a step at 0 minutes cannot price a short video", () => {
    expect(() => classHoursForDuration(60, [{ fromMinutes: 30, classHours: 1 }])).toThrow(/0 minutes/);
  });
});

describe("parseClassHoursRule", () => {
  it("reads the default rule back from its setting text", () => {
    expect(parseClassHoursRule("30=1, 15=0.5, 0=0.25")).toEqual({ ok: true, rule: DEFAULT_CLASS_HOURS_RULE });
    expect(parseClassHoursRule("0=0.25；15 = 0.5，30=1")).toEqual({ ok: true, rule: DEFAULT_CLASS_HOURS_RULE });
  });
  const bad: { text: string; position: number; says: RegExp }[] = [
    { text: "", position: 0, says: /empty/ },
    { text: "30=1, 15", position: 2, says: /minutes=hours/ },
    { text: "30=1, 15=0.5", position: 0, says: /0 minutes/ },
    { text: "30=9, 0=1", position: 1, says: /at most 8/ },
    { text: "30=1, 0=0", position: 2, says: /above 0/ },
    { text: "30=1, 30=2, 0=0.5", position: 2, says: /twice/ },
    { text: "30=0.5, 0=1", position: 0, says: /less than/ },
  ];
  it.each(bad)("refuses “$text” at position $position", ({ text, position, says }) => {
    const result = parseClassHoursRule(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ position, message: expect.stringMatching(says) });
  });
});
