// 发展党员政策: the settings the eligibility engine reads. Each organization may
// override any of them; a person is judged by the settings of his organization,
// each one taken from the nearest organization on the way up that sets it.
import { z } from "zod";

export type Policy = {
  /** Months from confirmation as an activist before he may become a development target (细则 art. 13: more than one year). */
  minCultivationMonthsForTarget: number;
  /** Months from confirmation as an activist before admission (seed 001's county: 24). */
  minCultivationMonthsForAdmission: number;
  /** Class hours of concentrated training before admission (细则 art. 17: 3 days or 24 class hours). */
  minConcentratedTrainingHours: number;
  /** Course slugs an activist completes before he may become a development target. */
  requiredCourses: string[];
  /** Opinion polls (seed 003): below this approval, postpone. */
  pollPostponeBelowPercent: number;
  /** Opinion polls (seed 003): below this approval, refuse. */
  pollRefuseBelowPercent: number;
  /** Whether a poll is needed at all before admission and conversion. */
  pollsRequired: boolean;
  /** Days a public notice (公示) must run. */
  publicNoticeDays: number;
  /** Months a political review stays valid before admission. */
  politicalReviewValidMonths: number;
  /** One thought report (思想汇报) due every this many months while an activist. */
  thoughtReportEveryMonths: number;
  /** Apply the county's six "不发展" conditions at admission (DOMAIN.md). */
  sixNoDevelop: boolean;
};

/**
 * The national rules where there are any, seed 003's poll thresholds, and
 * common practice for the rest (a 5-day notice, a review valid for a year,
 * quarterly thought reports).
 */
export const DEFAULT_POLICY: Policy = {
  minCultivationMonthsForTarget: 12,
  minCultivationMonthsForAdmission: 12,
  minConcentratedTrainingHours: 24,
  requiredCourses: [],
  pollPostponeBelowPercent: 80,
  pollRefuseBelowPercent: 60,
  pollsRequired: true,
  publicNoticeDays: 5,
  politicalReviewValidMonths: 12,
  thoughtReportEveryMonths: 3,
  sixNoDevelop: false,
};

const months = (max: number) => z.number().int("应为整数 (expected a whole number)").min(0, "不能为负数 (must not be negative)").max(max, `不超过 ${max} (at most ${max})`);
const yesNo = z.boolean({ invalid_type_error: "应为 true 或 false (expected true or false)" });
const percent = z.number().min(0, "应在 0 到 100 之间 (expected 0–100)").max(100, "应在 0 到 100 之间 (expected 0–100)");

/** What one organization sets; every field optional, unknown fields refused. */
export const policyOverrideSchema = z
  .object({
    minCultivationMonthsForTarget: months(120),
    minCultivationMonthsForAdmission: months(120),
    minConcentratedTrainingHours: z.number().min(0, "不能为负数 (must not be negative)").max(500, "不超过 500 (at most 500)"),
    requiredCourses: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "应为课程 slug，如 fazhan-dangyuan (expected a course slug)")),
    pollPostponeBelowPercent: percent,
    pollRefuseBelowPercent: percent,
    pollsRequired: yesNo,
    publicNoticeDays: z.number().int("应为整数 (expected a whole number)").min(1, "至少 1 天 (at least 1 day)").max(60, "不超过 60 天 (at most 60 days)"),
    politicalReviewValidMonths: months(120).min(1, "至少 1 个月 (at least 1 month)"),
    thoughtReportEveryMonths: months(24).min(1, "至少 1 个月 (at least 1 month)"),
    sixNoDevelop: yesNo,
  })
  .partial()
  .strict();

export type PolicyOverride = z.infer<typeof policyOverrideSchema>;

export type PolicyProblem = { field: string; message: string };

/** Reads an override as stored or submitted, naming each bad field. */
export function parsePolicyOverride(raw: unknown): { ok: true; value: PolicyOverride } | { ok: false; problems: PolicyProblem[] } {
  const result = policyOverrideSchema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({
        field: issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join("."),
        message: issue.code === "unrecognized_keys" ? "没有这项设置 (unknown setting)" : issue.message,
      })),
    };
  }
  return { ok: true, value: result.data };
}

/**
 * The policy for an organization, from its ancestors' overrides listed root
 * first and its own last: the nearest setting wins. Refuses a combination that
 * cannot work (a refusal threshold above the postponement one) rather than
 * letting one of them silently never apply.
 */
export function resolvePolicy(overridesRootFirst: readonly PolicyOverride[]): { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] } {
  const policy: Policy = { ...DEFAULT_POLICY };
  for (const override of overridesRootFirst) {
    for (const [key, value] of Object.entries(override) as [keyof Policy, Policy[keyof Policy] | undefined][]) {
      if (value !== undefined) (policy as Record<keyof Policy, unknown>)[key] = value;
    }
  }
  if (policy.pollRefuseBelowPercent > policy.pollPostponeBelowPercent) {
    return {
      ok: false,
      problems: [
        {
          field: "pollRefuseBelowPercent",
          message: `不予发展的门槛 ${policy.pollRefuseBelowPercent}% 高于暂缓的门槛 ${policy.pollPostponeBelowPercent}% (the refusal threshold must not exceed the postponement threshold)`,
        },
      ],
    };
  }
  return { ok: true, policy };
}

export const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as (keyof Policy)[];

/**
 * Reads the policy form: an empty field inherits (no override), numbers are
 * typed as text, yes/no settings come as "true"/"false", required courses as
 * slugs separated by commas.
 */
export function policyOverrideFromForm(form: Record<string, unknown>) {
  const raw: Record<string, unknown> = {};
  for (const key of POLICY_KEYS) {
    const value = typeof form[key] === "string" ? (form[key] as string).trim() : "";
    if (value === "") continue;
    const kind = typeof DEFAULT_POLICY[key];
    if (kind === "boolean") raw[key] = value === "true" ? true : value === "false" ? false : value;
    else if (kind === "number") raw[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    else raw[key] = value.split(/[,，、\s]+/).filter(Boolean);
  }
  return parsePolicyOverride(raw);
}

/**
 * The development settings in an organization's settings document, which also
 * holds other rule sets' keys (annual study targets). A document whose
 * development settings no longer read counts as setting none of them.
 */
export function developmentOverrideIn(document: Record<string, unknown>): PolicyOverride {
  const own = Object.fromEntries(Object.entries(document).filter(([key]) => (POLICY_KEYS as string[]).includes(key)));
  const parsed = parsePolicyOverride(own);
  return parsed.ok ? parsed.value : {};
}

/** The document with its development settings replaced by `override`, other keys kept. */
export function withDevelopmentOverride(document: Record<string, unknown>, override: PolicyOverride): Record<string, unknown> {
  const others = Object.fromEntries(Object.entries(document).filter(([key]) => !(POLICY_KEYS as string[]).includes(key)));
  return { ...others, ...override };
}
