// 四环教学法: preparation → viewing → discussion → testing, in that order.
// A film without a quiz has three rings: it is complete after the discussion.

export type Stage = "PREPARATION" | "VIEWING" | "DISCUSSION" | "TESTING";
export const STAGES: readonly Stage[] = ["PREPARATION", "VIEWING", "DISCUSSION", "TESTING"];
const WITHOUT_TEST: readonly Stage[] = ["PREPARATION", "VIEWING", "DISCUSSION"];

export type StageDates = {
  preparedAt: Date | null;
  viewedAt: Date | null;
  discussedAt: Date | null;
  testedAt: Date | null;
};

/** What of a lesson the rings depend on: whether it has a quiz. */
export type RingTerms = { hasQuiz: boolean };

const DONE_FIELD: Record<Stage, keyof StageDates> = {
  PREPARATION: "preparedAt",
  VIEWING: "viewedAt",
  DISCUSSION: "discussedAt",
  TESTING: "testedAt",
};

export const NOT_STARTED: StageDates = { preparedAt: null, viewedAt: null, discussedAt: null, testedAt: null };

/** A lesson has a quiz exactly when it has a pass mark (the content's quiz section sets both). */
export function hasQuiz(lesson: { passPercent: number | null }): boolean {
  return lesson.passPercent !== null;
}

/** The rings this lesson runs: all four, or three for a film without a quiz. */
export function stagesOf(terms: RingTerms): readonly Stage[] {
  return terms.hasQuiz ? STAGES : WITHOUT_TEST;
}

export function isStageDone(progress: StageDates, stage: Stage): boolean {
  return progress[DONE_FIELD[stage]] !== null;
}

/** The first of the lesson's stages not yet done, or null when the lesson is complete. */
export function currentStage(progress: StageDates, terms: RingTerms): Stage | null {
  return stagesOf(terms).find((stage) => !isStageDone(progress, stage)) ?? null;
}

/** A stage opens only when every stage before it is done; a film without a quiz has no testing stage to open. */
export function isStageOpen(progress: StageDates, stage: Stage, terms: RingTerms): boolean {
  const stages = stagesOf(terms);
  if (!stages.includes(stage)) return false;
  return stages.slice(0, stages.indexOf(stage)).every((earlier) => isStageDone(progress, earlier));
}

export function isLessonComplete(progress: StageDates, terms: RingTerms): boolean {
  return currentStage(progress, terms) === null;
}

export function stageField(stage: Stage): keyof StageDates {
  return DONE_FIELD[stage];
}
