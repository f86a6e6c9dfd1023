import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { planFormSchema, recurrenceFromText } from "./plan-form.ts";

describe("recurrenceFromText: the days as people type them", () => {
  it.each([
    { kind: "digit", text: "6", expected: { kind: "digit", digit: 6 } },
    { kind: "digit", text: " 0 ", expected: { kind: "digit", digit: 0 } },
    { kind: "digit", text: "6,16", expected: { problem: "days-unreadable" } },
    { kind: "digit", text: "10", expected: { problem: "digit-out-of-range" } },
    { kind: "monthDays", text: "15、1，1", expected: { kind: "monthDays", days: [1, 15] } },
    { kind: "monthDays", text: "32", expected: { problem: "day-out-of-range" } },
    { kind: "monthDays", text: "初一", expected: { problem: "days-unreadable" } },
    { kind: "weekly", text: "3 5", expected: { kind: "weekly", weekdays: [3, 5] } },
    { kind: "weekly", text: "8", expected: { problem: "weekday-out-of-range" } },
    { kind: "weekly", text: "", expected: { problem: "days-unreadable" } },
    { kind: "once", text: "2026-12-06", expected: { kind: "once", date: "2026-12-06" } },
    { kind: "once", text: "2026-02-30", expected: { problem: "bad-date" } },
  ] as const)("$kind “$text”", ({ kind, text, expected }) => {
    expect(recurrenceFromText(kind, text)).toEqual(expected);
  });
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return parseWithZod(data, { schema: planFormSchema });
}

const GOOD = { intent: "add", lessonId: "l1", kind: "digit", days: "6", time: "19:30", mode: "CENTRALIZED", venue: "FIXED" };

describe("planFormSchema: the plan page's forms", () => {
  it("takes a good line", () => {
    const submission = form(GOOD);
    expect(submission.status).toBe("success");
  });

  it.each([
    {
      name: "days that do not read as the rule: named on the days field",
      fields: { ...GOOD, days: "16" },
      field: "days",
      key: "station.scheduleProblems.digit-out-of-range",
    },
    {
      name: "days in words",
      fields: { ...GOOD, kind: "monthDays", days: "初一" },
      field: "days",
      key: "station.planProblems.days-unreadable",
    },
    { name: "a time that is not HH:MM", fields: { ...GOOD, time: "7点半" }, field: "time", key: "station.planProblems.time" },
    { name: "no lesson", fields: { ...GOOD, lessonId: "" }, field: "lessonId", key: "station.planProblems.lesson" },
    { name: "an unknown mode", fields: { ...GOOD, mode: "RADIO" }, field: "mode", key: "station.planProblems.mode" },
    { name: "removing nothing", fields: { intent: "remove" }, field: "entryId", key: "station.planProblems.gone" },
  ])("$name", ({ fields, field, key }) => {
    const submission = form(fields);
    if (submission.status !== "error") throw new Error("expected a refusal");
    expect(submission.error?.[field]).toEqual([key]);
  });
});
