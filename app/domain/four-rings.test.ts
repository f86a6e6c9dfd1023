import { describe, expect, it } from "vitest";
import { currentStage, isLessonComplete, isStageOpen, NOT_STARTED, type StageDates } from "./four-rings.ts";

const day = new Date("2026-11-01T00:00:00Z");
const prepared: StageDates = { ...NOT_STARTED, preparedAt: day };
const viewed: StageDates = { ...prepared, viewedAt: day };
const discussed: StageDates = { ...viewed, discussedAt: day };
const tested: StageDates = { ...discussed, testedAt: day };

describe("four rings", () => {
  it.each([
    { progress: NOT_STARTED, current: "PREPARATION" },
    { progress: prepared, current: "VIEWING" },
    { progress: viewed, current: "DISCUSSION" },
    { progress: discussed, current: "TESTING" },
    { progress: tested, current: null },
    // A gap (discussion recorded without viewing) still leaves viewing current.
    { progress: { ...prepared, discussedAt: day }, current: "VIEWING" },
  ])("current stage $current", ({ progress, current }) => {
    expect(currentStage(progress)).toBe(current);
  });
  it.each([
    { progress: NOT_STARTED, stage: "PREPARATION" as const, open: true },
    { progress: NOT_STARTED, stage: "VIEWING" as const, open: false },
    { progress: prepared, stage: "VIEWING" as const, open: true },
    { progress: prepared, stage: "TESTING" as const, open: false },
    { progress: { ...prepared, discussedAt: day }, stage: "TESTING" as const, open: false },
    { progress: discussed, stage: "TESTING" as const, open: true },
  ])("$stage open: $open", ({ progress, stage, open }) => {
    expect(isStageOpen(progress, stage)).toBe(open);
  });
  it("complete only when all four are done", () => {
    expect(isLessonComplete(discussed)).toBe(false);
    expect(isLessonComplete(tested)).toBe(true);
  });
});
