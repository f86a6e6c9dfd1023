// 播放计划 as the operator or an admin enters it: which lesson, on which days by
// a rule the village knows ("逢六", "每月 1 日和 15 日", "每周三", one date), at
// what time, how and where. One schema for the browser and the server; the
// days are typed as text, the way people say them, and read into a rule.
import { z } from "zod";
import { recurrenceProblem, type Recurrence } from "./schedule.ts";

export const PLAN_MODES = ["CENTRALIZED", "SCATTERED"] as const;
export const PLAN_VENUES = ["FIXED", "TOURING"] as const;
export const RULE_KINDS = ["digit", "monthDays", "weekly", "once"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const P = "station.planProblems";
const S = "station.scheduleProblems";

/** Numbers separated by commas, the Chinese comma, 、 or spaces ("1、15", "1,3 5"); null when something else is in there. */
function numbers(text: string): number[] | null {
  const parts = text.split(/[,，、\s]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((part) => !/^\d{1,2}$/.test(part))) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/** The rule the days text means for its kind, or what is wrong with it (a code of ScheduleProblem or "days-unreadable"). */
export function recurrenceFromText(kind: RuleKind, text: string): Recurrence | { problem: string } {
  const trimmed = text.trim();
  let rule: Recurrence;
  if (kind === "once") rule = { kind, date: trimmed };
  else {
    const values = numbers(trimmed);
    if (values === null) return { problem: "days-unreadable" };
    if (kind === "digit") {
      if (values.length !== 1) return { problem: "days-unreadable" };
      rule = { kind, digit: values[0]! };
    } else rule = kind === "monthDays" ? { kind, days: values } : { kind, weekdays: values };
  }
  const problem = recurrenceProblem(rule);
  return problem === null ? rule : { problem };
}

const planEntryFields = z.object({
  intent: z.literal("add"),
  lessonId: z.string({ required_error: `${P}.lesson` }).min(1, `${P}.lesson`),
  kind: z.enum(RULE_KINDS, { errorMap: () => ({ message: `${P}.kind` }) }),
  days: z.string({ required_error: `${P}.days` }).max(100, `${P}.days-unreadable`),
  time: z.string({ required_error: `${P}.time` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${P}.time`),
  mode: z.enum(PLAN_MODES, { errorMap: () => ({ message: `${P}.mode` }) }),
  venue: z.enum(PLAN_VENUES, { errorMap: () => ({ message: `${P}.venue` }) }),
  place: z.string().max(100, `${P}.place`).optional(),
});

const planRemoveFields = z.object({
  intent: z.literal("remove"),
  entryId: z.string({ required_error: `${P}.gone` }).min(1, `${P}.gone`),
});

/** The days must read as a rule of their kind: the problem is named on the days field. */
function checkDays(value: { intent: string; kind?: RuleKind; days?: string }, context: z.RefinementCtx) {
  if (value.intent !== "add" || value.kind === undefined || value.days === undefined) return;
  const rule = recurrenceFromText(value.kind, value.days);
  if ("problem" in rule) {
    const key = rule.problem === "days-unreadable" ? `${P}.days-unreadable` : `${S}.${rule.problem}`;
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["days"], message: key });
  }
}

/** The add form, in the browser and on the server. */
export const planEntryFormSchema = planEntryFields.superRefine(checkDays);

/** The plan page's forms (add an entry, remove one) as one union of intents, for its action. */
export const planFormSchema = z.discriminatedUnion("intent", [planEntryFields, planRemoveFields]).superRefine(checkDays);
