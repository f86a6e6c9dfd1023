import { describe, expect, it } from "vitest";
import { currentStage, hasQuiz, isLessonComplete, isStageOpen, NOT_STARTED, stagesOf, type StageDates } from "./four-rings.ts";

const day = new Date("2026-11-01T00:00:00Z");
const prepared: StageDates = { ...NOT_STARTED, preparedAt: day };
const viewed: StageDates = { ...prepared, viewedAt: day };
const discussed: StageDates = { ...viewed, discussedAt: day };
const tested: StageDates = { ...discussed, testedAt: day };
const QUIZ = { hasQuiz: true };
const FILM = { hasQuiz: false };

describe("four rings", () => {
  it.each([
    { progress: NOT_STARTED, terms: QUIZ, current: "PREPARATION" },
    { progress: prepared, terms: QUIZ, current: "VIEWING" },
    { progress: viewed, terms: QUIZ, current: "DISCUSSION" },
    { progress: discussed, terms: QUIZ, current: "TESTING" },
    { progress: tested, terms: QUIZ, current: null },
    // A gap (discussion recorded without viewing) still leaves viewing current.
    { progress: { ...prepared, discussedAt: day }, terms: QUIZ, current: "VIEWING" },
    // A film without a quiz: three rings, done after the discussion.
    { progress: NOT_STARTED, terms: FILM, current: "PREPARATION" },
    { progress: viewed, terms: FILM, current: "DISCUSSION" },
    { progress: discussed, terms: FILM, current: null },
    { progress: { ...prepared, discussedAt: day }, terms: FILM, current: "VIEWING" },
  ])("current stage $current (quiz: $terms.hasQuiz)", ({ progress, terms, current }) => {
    expect(currentStage(progress, terms)).toBe(current);
  });
  it.each([
    { progress: NOT_STARTED, stage: "PREPARATION" as const, terms: QUIZ, open: true },
    { progress: NOT_STARTED, stage: "VIEWING" as const, terms: QUIZ, open: false },
    { progress: prepared, stage: "VIEWING" as const, terms: QUIZ, open: true },
    { progress: prepared, stage: "TESTING" as const, terms: QUIZ, open: false },
    { progress: { ...prepared, discussedAt: day }, stage: "TESTING" as const, terms: QUIZ, open: false },
    { progress: discussed, stage: "TESTING" as const, terms: QUIZ, open: true },
    { progress: viewed, stage: "DISCUSSION" as const, terms: FILM, open: true },
    // No testing ring to open, however far the learner got.
    { progress: discussed, stage: "TESTING" as const, terms: FILM, open: false },
  ])("$stage open: $open (quiz: $terms.hasQuiz)", ({ progress, stage, terms, open }) => {
    expect(isStageOpen(progress, stage, terms)).toBe(open);
  });
  it.each([
    { progress: viewed, terms: QUIZ, complete: false },
    { progress: discussed, terms: QUIZ, complete: false },
    { progress: tested, terms: QUIZ, complete: true },
    { progress: viewed, terms: FILM, complete: false },
    { progress: discussed, terms: FILM, complete: true },
    // Viewing skipped (a gap): not complete, test or no test.
    { progress: { ...prepared, discussedAt: day }, terms: FILM, complete: false },
  ])("complete: $complete (quiz: $terms.hasQuiz)", ({ progress, terms, complete }) => {
    expect(isLessonComplete(progress, terms)).toBe(complete);
  });
  it("a lesson has a quiz exactly when it has a pass mark; without one it runs three rings", () => {
    expect(hasQuiz({ passPercent: 60 })).toBe(true);
    expect(hasQuiz({ passPercent: null })).toBe(false);
    expect(stagesOf(QUIZ)).toEqual(["PREPARATION", "VIEWING", "DISCUSSION", "TESTING"]);
    expect(stagesOf(FILM)).toEqual(["PREPARATION", "VIEWING", "DISCUSSION"]);
  });
});
