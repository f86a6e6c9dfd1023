// 学时折算: class hours for a lesson whose file gives none, from its video length.
// There is no national "N minutes = 1 class hour" rule; provincial
// platforms differ, so the rule is data, and the default below is one choice.

/** One step of a rule: a video at least `fromMinutes` long earns `classHours`. */
export type ClassHoursStep = { fromMinutes: number; classHours: number };
/** Steps from the longest threshold down; the last one starts at 0, so every video earns something. */
export type ClassHoursRule = readonly ClassHoursStep[];

/**
 * The default: 30 minutes or more = 1 class hour, 15–30 minutes = 0.5, under
 * 15 minutes = 0.25. The first two steps are one province's published rule;
 * the last fills the gap it leaves for short films (station films are often
 * 5–10 minutes) with a quarter hour rather than nothing.
 */
export const DEFAULT_CLASS_HOURS_RULE: ClassHoursRule = [
  { fromMinutes: 30, classHours: 1 },
  { fromMinutes: 15, classHours: 0.5 },
  { fromMinutes: 0, classHours: 0.25 },
];

/** The class hours a video of `durationSeconds` earns under `rule`. */
export function classHoursForDuration(durationSeconds: number, rule: ClassHoursRule = DEFAULT_CLASS_HOURS_RULE): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new RangeError(`durationSeconds must be a positive number of seconds, got ${durationSeconds}`);
  }
  const step = [...rule].sort((a, b) => b.fromMinutes - a.fromMinutes).find((candidate) => durationSeconds >= candidate.fromMinutes * 60);
  if (!step) throw new RangeError(`the rule has no step for a ${durationSeconds}-second video (its last step must start at 0 minutes)`);
  return step.classHours;
}

export type RuleProblem = { position: number; message: string };

/**
 * Reads a rule written as a setting: "30=1, 15=0.5, 0=0.25" (minutes = class
 * hours, any order; a Chinese comma or a semicolon also separates). Every
 * problem names the step's position, counted from 1, so a typo is easy to find.
 */
export function parseClassHoursRule(text: string): { ok: true; rule: ClassHoursRule } | { ok: false; problems: RuleProblem[] } {
  const parts = text
    .split(/[,，;；]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const problems: RuleProblem[] = [];
  const steps: ClassHoursStep[] = [];
  parts.forEach((part, index) => {
    const position = index + 1;
    const match = /^(\d+(?:\.\d+)?)\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!match) {
      problems.push({ position, message: `“${part}” 应写成 分钟=学时，例如 30=1 (expected minutes=hours, e.g. 30=1)` });
      return;
    }
    const fromMinutes = Number(match[1]);
    const classHours = Number(match[2]);
    if (classHours <= 0 || classHours > 8) {
      problems.push({ position, message: `学时 ${classHours} 应大于 0 且不超过 8 (class hours must be above 0 and at most 8)` });
    }
    if (steps.some((step) => step.fromMinutes === fromMinutes)) {
      problems.push({ position, message: `${fromMinutes} 分钟出现了两次 (${fromMinutes} minutes appears twice)` });
    }
    steps.push({ fromMinutes, classHours });
  });
  if (parts.length === 0) problems.push({ position: 0, message: "规则为空 (the rule is empty)" });
  else if (!steps.some((step) => step.fromMinutes === 0)) {
    problems.push({ position: 0, message: "需要一条 0=学时，短片也有学时 (a step at 0 minutes is needed so every video earns hours)" });
  }
  const sorted = [...steps].sort((a, b) => b.fromMinutes - a.fromMinutes);
  // A longer video must never earn less than a shorter one.
  for (let index = 1; index < sorted.length; index += 1) {
    const longer = sorted[index - 1]!;
    const shorter = sorted[index]!;
    if (longer.classHours < shorter.classHours) {
      problems.push({
        position: 0,
        message: `${longer.fromMinutes} 分钟的学时少于 ${shorter.fromMinutes} 分钟的 (a ${longer.fromMinutes}-minute video would earn less than a ${shorter.fromMinutes}-minute one)`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rule: sorted };
}
