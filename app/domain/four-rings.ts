// 四环教学法: preparation → viewing → discussion → testing, in that order.

export type Stage = "PREPARATION" | "VIEWING" | "DISCUSSION" | "TESTING";
export const STAGES: readonly Stage[] = ["PREPARATION", "VIEWING", "DISCUSSION", "TESTING"];

export type StageDates = {
  preparedAt: Date | null;
  viewedAt: Date | null;
  discussedAt: Date | null;
  testedAt: Date | null;
};

const DONE_FIELD: Record<Stage, keyof StageDates> = {
  PREPARATION: "preparedAt",
  VIEWING: "viewedAt",
  DISCUSSION: "discussedAt",
  TESTING: "testedAt",
};

export const NOT_STARTED: StageDates = { preparedAt: null, viewedAt: null, discussedAt: null, testedAt: null };

export function isStageDone(progress: StageDates, stage: Stage): boolean {
  return progress[DONE_FIELD[stage]] !== null;
}

/** The first stage not yet done, or null when the lesson is complete. */
export function currentStage(progress: StageDates): Stage | null {
  return STAGES.find((stage) => !isStageDone(progress, stage)) ?? null;
}

/** A stage opens only when every stage before it is done. */
export function isStageOpen(progress: StageDates, stage: Stage): boolean {
  return STAGES.slice(0, STAGES.indexOf(stage)).every((earlier) => isStageDone(progress, earlier));
}

export function isLessonComplete(progress: StageDates): boolean {
  return currentStage(progress) === null;
}

export function stageField(stage: Stage): keyof StageDates {
  return DONE_FIELD[stage];
}
