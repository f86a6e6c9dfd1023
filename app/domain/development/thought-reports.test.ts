import { describe, expect, it } from "vitest";
import { checkComment, checkReport, REPORT_MIN_LENGTH } from "./thought-reports.ts";

describe("thought report and comment lengths, in characters", () => {
  it.each([
    { text: "思".repeat(REPORT_MIN_LENGTH), problem: null },
    { text: "思".repeat(REPORT_MIN_LENGTH - 1), problem: "too-short" },
    { text: `  ${"思".repeat(REPORT_MIN_LENGTH - 1)}   `, problem: "too-short" },
    { text: "想".repeat(10_001), problem: "too-long" },
    // Characters outside the basic plane count once each, as a reader sees them.
    { text: "𠀀".repeat(REPORT_MIN_LENGTH), problem: null },
  ])("report of $text.length code units: $problem", ({ text, problem }) => {
    expect(checkReport(text)?.problem ?? null).toBe(problem);
  });

  it.each([
    { text: "好", problem: "too-short" },
    { text: "很好", problem: null },
    { text: "好".repeat(2001), problem: "too-long" },
  ])("comment $text.length: $problem", ({ text, problem }) => {
    expect(checkComment(text)?.problem ?? null).toBe(problem);
  });
});
