import { describe, expect, it } from "vitest";
import { monthSchedule, nextOccurrence, nextShowing, occurrencesInMonth, recurrenceProblem, type Recurrence } from "./schedule.ts";

describe("occurrencesInMonth", () => {
  it.each<[string, Recurrence, number, number, string[]]>([
    ["逢六 in December", { kind: "digit", digit: 6 }, 2026, 12, ["2026-12-06", "2026-12-16", "2026-12-26"]],
    ["逢一 in a month of 31 days has four", { kind: "digit", digit: 1 }, 2026, 1, ["2026-01-01", "2026-01-11", "2026-01-21", "2026-01-31"]],
    ["逢一 in a month of 30 days has three", { kind: "digit", digit: 1 }, 2026, 4, ["2026-04-01", "2026-04-11", "2026-04-21"]],
    ["逢十 (0) in February has no 30th", { kind: "digit", digit: 0 }, 2026, 2, ["2026-02-10", "2026-02-20"]],
    ["逢九 in a leap February reaches the 29th", { kind: "digit", digit: 9 }, 2028, 2, ["2028-02-09", "2028-02-19", "2028-02-29"]],
    ["逢九 in a common February stops at the 19th", { kind: "digit", digit: 9 }, 2027, 2, ["2027-02-09", "2027-02-19"]],
    ["the 1st, 15th and 31st in June skip the 31st", { kind: "monthDays", days: [31, 1, 15] }, 2026, 6, ["2026-06-01", "2026-06-15"]],
    ["Saturdays of December 2026", { kind: "weekly", weekdays: [6] }, 2026, 12, ["2026-12-05", "2026-12-12", "2026-12-19", "2026-12-26"]],
    [
      "Mondays and Thursdays of March 2026",
      { kind: "weekly", weekdays: [1, 4] },
      2026,
      3,
      ["2026-03-02", "2026-03-05", "2026-03-09", "2026-03-12", "2026-03-16", "2026-03-19", "2026-03-23", "2026-03-26", "2026-03-30"],
    ],
    ["one date, in its month", { kind: "once", date: "2026-07-01" }, 2026, 7, ["2026-07-01"]],
    ["one date, in another month", { kind: "once", date: "2026-07-01" }, 2026, 8, []],
    ["a broken rule falls on no day", { kind: "digit", digit: 12 }, 2026, 12, []],
  ])("%s", (_label, rule, year, month, expected) => {
    expect(occurrencesInMonth(rule, year, month)).toEqual(expected);
  });
});

describe("recurrenceProblem", () => {
  it.each<[Recurrence, string | null]>([
    [{ kind: "digit", digit: 6 }, null],
    [{ kind: "digit", digit: 10 }, "digit-out-of-range"],
    [{ kind: "digit", digit: 2.5 }, "digit-out-of-range"],
    [{ kind: "monthDays", days: [] }, "no-days"],
    [{ kind: "monthDays", days: [0] }, "day-out-of-range"],
    [{ kind: "monthDays", days: [32] }, "day-out-of-range"],
    [{ kind: "weekly", weekdays: [] }, "no-days"],
    [{ kind: "weekly", weekdays: [0] }, "weekday-out-of-range"],
    [{ kind: "once", date: "2026-02-30" }, "bad-date"],
    [{ kind: "once", date: "2026-2-3" }, "bad-date"],
    [{ kind: "once", date: "2026-02-28" }, null],
  ])("%j → %s", (rule, expected) => {
    expect(recurrenceProblem(rule)).toBe(expected);
  });
});

describe("nextOccurrence", () => {
  const fengLiu: Recurrence = { kind: "digit", digit: 6 };
  it.each<[string, Recurrence[], string, string | null]>([
    ["the same day counts", [fengLiu], "2026-12-06", "2026-12-06"],
    ["later in the month", [fengLiu], "2026-12-07", "2026-12-16"],
    ["over the year's end", [fengLiu], "2026-12-27", "2027-01-06"],
    ["the earliest of several rules", [fengLiu, { kind: "weekly", weekdays: [3] }], "2026-12-07", "2026-12-09"],
    ["a past single date is not next", [{ kind: "once", date: "2026-11-01" }], "2026-12-01", null],
    ["no rules, no date", [], "2026-12-01", null],
    ["a start that is not a date", [fengLiu], "tomorrow", null],
  ])("%s", (_label, rules, from, expected) => {
    expect(nextOccurrence(rules, from)).toBe(expected);
  });
});

describe("monthSchedule: the month's showings from every line of the plan", () => {
  it("orders them by date, then time, and skips lines that fall nowhere in the month", () => {
    const schedule = monthSchedule(
      [
        { rule: { kind: "digit", digit: 6 }, time: "19:30", entry: "逢六" },
        { rule: { kind: "monthDays", days: [6] }, time: "09:00", entry: "六日上午" },
        { rule: { kind: "once", date: "2027-01-06" }, time: "10:00", entry: "下个月" },
      ],
      2026,
      12,
    );
    expect(schedule).toEqual([
      { date: "2026-12-06", time: "09:00", entry: "六日上午" },
      { date: "2026-12-06", time: "19:30", entry: "逢六" },
      { date: "2026-12-16", time: "19:30", entry: "逢六" },
      { date: "2026-12-26", time: "19:30", entry: "逢六" },
    ]);
  });
});

describe("nextShowing: what the station shows next", () => {
  const lines = [
    { rule: { kind: "digit", digit: 6 } as Recurrence, time: "19:30", entry: "逢六" },
    { rule: { kind: "weekly", weekdays: [3] } as Recurrence, time: "09:00", entry: "每周三" },
  ];
  it.each([
    {
      name: "a market day later today still counts",
      now: { date: "2026-12-06", time: "08:00" },
      expected: { date: "2026-12-06", time: "19:30", entry: "逢六" },
    },
    {
      name: "once it has begun, the next one",
      now: { date: "2026-12-06", time: "20:00" },
      expected: { date: "2026-12-09", time: "09:00", entry: "每周三" },
    },
    {
      name: "at the very minute it starts, it is still next",
      now: { date: "2026-12-06", time: "19:30" },
      expected: { date: "2026-12-06", time: "19:30", entry: "逢六" },
    },
    {
      name: "across the month's end",
      now: { date: "2026-12-31", time: "10:00" },
      expected: { date: "2027-01-06", time: "09:00", entry: "每周三" },
    },
  ])("$name", ({ now, expected }) => {
    expect(nextShowing(lines, now)).toEqual(expected);
  });

  it("nothing planned, or a single date long past: none", () => {
    expect(nextShowing([], { date: "2026-12-06", time: "08:00" })).toBeNull();
    expect(
      nextShowing([{ rule: { kind: "once", date: "2026-01-01" }, time: "09:00", entry: "x" }], { date: "2026-12-06", time: "08:00" }),
    ).toBeNull();
  });
});
