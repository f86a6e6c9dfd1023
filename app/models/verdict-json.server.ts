// A verdict's reasons as stored in EligibilityResult.reasonsJson: written by
// the eligibility recompute, read back by the pages. The only place that
// decodes that column.
import { z } from "zod";
import { isoDay } from "~/domain/calendar.ts";
import type { Effect, Message, Reason } from "~/domain/development/evaluate.ts";
import { RULE_SET_VERSION, RULES, type RuleId } from "~/domain/development/rule-set.ts";

/** A reason as the page shows it: dates as calendar days. */
export type ShownReason = { rule: RuleId; effect: Effect; evidence: Message; remedy: Message; metOn?: string };

export function storedReason({ metOn, ...reason }: Reason): ShownReason {
  return { ...reason, ...(metOn ? { metOn: isoDay(metOn) } : {}) };
}

const message = z.object({ code: z.string(), params: z.record(z.union([z.string(), z.number()])).optional() });
const storedReasons = z.array(
  z.object({
    rule: z.string().refine((rule): rule is RuleId => Object.hasOwn(RULES, rule)),
    effect: z.enum(["NOT_YET", "POSTPONED", "REFUSED"]),
    evidence: message,
    remedy: message,
    metOn: z.string().optional(),
  }),
);

/** The reasons of a stored verdict, or null when it is stale (another rule-set version, or a shape that no longer reads). */
export function readStoredReasons(row: { ruleSetVersion: string; reasonsJson: string }): ShownReason[] | null {
  if (row.ruleSetVersion !== RULE_SET_VERSION) return null;
  try {
    const parsed = storedReasons.safeParse(JSON.parse(row.reasonsJson));
    return parsed.success ? (parsed.data as ShownReason[]) : null;
  } catch {
    return null;
  }
}
