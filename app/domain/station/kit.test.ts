import { describe, expect, it } from "vitest";
import { daysFrom, lessonBytes, paperFor, plannedDatesAhead } from "./kit.ts";
import type { Recurrence } from "./schedule.ts";

describe("daysFrom", () => {
  it.each([
    { from: "2026-12-30", days: 4, expected: ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"] },
    { from: "2028-02-28", days: 2, expected: ["2028-02-28", "2028-02-29"] },
    { from: "2026-12-01", days: 0, expected: [] },
    { from: "not a date", days: 3, expected: [] },
  ])("$from, $days days", ({ from, days, expected }) => {
    expect(daysFrom(from, days)).toEqual(expected);
  });
});

describe("plannedDatesAhead: the days of the coming two weeks a plan shows", () => {
  const cases: { name: string; rules: Recurrence[]; from: string; expected: string[] }[] = [
    // From the 3rd the window ends on the 16th: the 16th is in, the 26th is not.
    { name: "逢六 from the 3rd", rules: [{ kind: "digit", digit: 6 }], from: "2026-12-03", expected: ["2026-12-06", "2026-12-16"] },
    { name: "逢六 from the 2nd", rules: [{ kind: "digit", digit: 6 }], from: "2026-12-02", expected: ["2026-12-06"] },
    { name: "逢六 from the 4th", rules: [{ kind: "digit", digit: 6 }], from: "2026-12-04", expected: ["2026-12-06", "2026-12-16"] },
    { name: "逢六 from the 17th", rules: [{ kind: "digit", digit: 6 }], from: "2026-12-17", expected: ["2026-12-26"] },
    {
      name: "across the new year",
      rules: [{ kind: "monthDays", days: [1, 31] }],
      from: "2026-12-25",
      expected: ["2026-12-31", "2027-01-01"],
    },
    { name: "a single date today", rules: [{ kind: "once", date: "2026-12-03" }], from: "2026-12-03", expected: ["2026-12-03"] },
    { name: "a single date two weeks on", rules: [{ kind: "once", date: "2026-12-17" }], from: "2026-12-03", expected: [] },
    { name: "a single date yesterday", rules: [{ kind: "once", date: "2026-12-02" }], from: "2026-12-03", expected: [] },
    {
      name: "two rules on one day count it once",
      rules: [
        { kind: "weekly", weekdays: [7] },
        { kind: "monthDays", days: [6] },
      ],
      from: "2026-12-01",
      expected: ["2026-12-06", "2026-12-13"],
    },
    { name: "no rules", rules: [], from: "2026-12-03", expected: [] },
  ];
  it.each(cases)("$name", ({ rules, from, expected }) => {
    expect(plannedDatesAhead(rules, from)).toEqual(expected);
  });
});

describe("lessonBytes and paperFor", () => {
  const lesson = {
    files: [
      { url: "/media/a.mp4", bytes: 1000, kind: "video" as const },
      { url: "/media/a.vtt", bytes: 24, kind: "subtitle" as const },
    ],
    papers: [{ personId: "p1", token: "t1", questions: [] }],
  };
  it("adds the files' sizes", () => {
    expect(lessonBytes(lesson)).toBe(1024);
    expect(lessonBytes({ files: [] })).toBe(0);
  });
  it("finds a person's paper, or none", () => {
    expect(paperFor(lesson, "p1")?.token).toBe("t1");
    expect(paperFor(lesson, "p2")).toBeNull();
  });
});
