// 发展党员政策: the settings the eligibility engine reads. Each organization may
// override any of them; a person is judged by the settings of his organization,
// each one taken from the nearest organization on the way up that sets it.
import { z } from "zod";
import { errorMessage, readErrorMessage, type Problem } from "../../utils/problems.ts";

export type Policy = {
  /** Months from confirmation as an activist before he may become a development target (细则 art. 13: more than one year). */
  minCultivationMonthsForTarget: number;
  /** Months from confirmation as an activist before admission (one county's practice: 24). */
  minCultivationMonthsForAdmission: number;
  /** Class hours of concentrated training before admission (细则 art. 17: 3 days or 24 class hours). */
  minConcentratedTrainingHours: number;
  /** Course slugs an activist completes before he may become a development target. */
  requiredCourses: string[];
  /** Opinion polls (a local practice, 80/60): below this approval, postpone. */
  pollPostponeBelowPercent: number;
  /** Opinion polls (a local practice): below this approval, refuse. */
  pollRefuseBelowPercent: number;
  /** Whether a poll is needed at all before admission and conversion. */
  pollsRequired: boolean;
  /** Days a public notice (公示) must run. */
  publicNoticeDays: number;
  /** Months a political review stays valid before admission. */
  politicalReviewValidMonths: number;
  /** One thought report (思想汇报) due every this many months while an activist. */
  thoughtReportEveryMonths: number;
  /** Apply the county's six "不发展" conditions at admission (a local practice of one county, off by default). */
  sixNoDevelop: boolean;
};

/**
 * The national rules where there are any, the local 80/60 poll practice, and
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

const P = "development.policyProblems";

const months = (max: number, min = 0) =>
  z
    .number({ invalid_type_error: `${P}.notNumber`, required_error: `${P}.notNumber` })
    .int(`${P}.notInteger`)
    .min(min, min === 0 ? `${P}.negative` : errorMessage(`${P}.atLeast`, { min }))
    .max(max, errorMessage(`${P}.atMost`, { max }));
const yesNo = z.boolean({ invalid_type_error: `${P}.yesNo` });
const percent = z
  .number({ invalid_type_error: `${P}.notNumber` })
  .min(0, `${P}.percent`)
  .max(100, `${P}.percent`);
const courses = z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, `${P}.courseSlug`));

const SETTINGS = {
  minCultivationMonthsForTarget: months(120),
  minCultivationMonthsForAdmission: months(120),
  minConcentratedTrainingHours: z
    .number({ invalid_type_error: `${P}.notNumber` })
    .min(0, `${P}.negative`)
    .max(500, errorMessage(`${P}.atMost`, { max: 500 })),
  requiredCourses: courses,
  pollPostponeBelowPercent: percent,
  pollRefuseBelowPercent: percent,
  pollsRequired: yesNo,
  publicNoticeDays: months(60, 1),
  politicalReviewValidMonths: months(120, 1),
  thoughtReportEveryMonths: months(24, 1),
  sixNoDevelop: yesNo,
};

/** What one organization sets, as stored: every field optional, unknown fields refused. */
export const policyOverrideSchema = z.object(SETTINGS).partial().strict();

export type PolicyOverride = z.infer<typeof policyOverrideSchema>;

// The policy form: every setting typed as text, an empty field inherits (Conform
// sends nothing for it), yes/no as "true"/"false", courses separated by commas.
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const typedNumber = (schema: z.ZodTypeAny) =>
  z.preprocess(
    (value) => (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : blank(value)),
    schema.optional(),
  );
const typedYesNo = z.preprocess((value) => (value === "true" ? true : value === "false" ? false : blank(value)), yesNo.optional());
const typedCourses = z.preprocess(
  (value) => (typeof blank(value) === "string" ? (value as string).split(/[,，、\s]+/).filter(Boolean) : blank(value)),
  courses.optional(),
);

/** One schema for the policy page, server and browser: the organization and its own settings. */
export const policyFormSchema = z.object({
  orgId: z.string({ required_error: `${P}.noOrg` }).min(1, `${P}.noOrg`),
  minCultivationMonthsForTarget: typedNumber(SETTINGS.minCultivationMonthsForTarget),
  minCultivationMonthsForAdmission: typedNumber(SETTINGS.minCultivationMonthsForAdmission),
  minConcentratedTrainingHours: typedNumber(SETTINGS.minConcentratedTrainingHours),
  requiredCourses: typedCourses,
  pollPostponeBelowPercent: typedNumber(SETTINGS.pollPostponeBelowPercent),
  pollRefuseBelowPercent: typedNumber(SETTINGS.pollRefuseBelowPercent),
  pollsRequired: typedYesNo,
  publicNoticeDays: typedNumber(SETTINGS.publicNoticeDays),
  politicalReviewValidMonths: typedNumber(SETTINGS.politicalReviewValidMonths),
  thoughtReportEveryMonths: typedNumber(SETTINGS.thoughtReportEveryMonths),
  sixNoDevelop: typedYesNo,
});

/** The override a valid policy form sets: the settings it fills in. */
export function overrideFromPolicyForm({ orgId: _orgId, ...settings }: z.output<typeof policyFormSchema>): PolicyOverride {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as PolicyOverride;
}

/** Reads an override as stored, naming each bad field (code under development.policyProblems). */
export function parsePolicyOverride(raw: unknown): { ok: true; value: PolicyOverride } | { ok: false; problems: Problem[] } {
  const result = policyOverrideSchema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => {
        if (issue.code === "unrecognized_keys") return { field: issue.keys.join(", "), code: "unknownSetting" };
        const { key, params } = readErrorMessage(issue.message);
        return {
          field: issue.path.join("."),
          code: key.startsWith(`${P}.`) ? key.slice(P.length + 1) : "invalid",
          ...(Object.keys(params).length > 0 ? { params } : {}),
        };
      }),
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
export function resolvePolicy(
  overridesRootFirst: readonly PolicyOverride[],
): { ok: true; policy: Policy } | { ok: false; problems: Problem[] } {
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
          code: "refuseAbovePostpone",
          params: { refuse: policy.pollRefuseBelowPercent, postpone: policy.pollPostponeBelowPercent },
        },
      ],
    };
  }
  return { ok: true, policy };
}

export const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as (keyof Policy)[];

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

export type PolicyNode = { id: string; name: string; path: string; override: PolicyOverride };

/**
 * Whether a new override of one organization leaves every organization below
 * it (itself included) with a policy that works. `nodes` are the organization,
 * its ancestors and its subtree, each with its stored override; each node's
 * chain is the prefix of its path. Each problem names the organization.
 */
export function checkPolicyTree(nodes: readonly PolicyNode[], orgId: string, override: PolicyOverride): Problem[] {
  const org = nodes.find((node) => node.id === orgId);
  if (!org) return [{ field: "orgId", code: "noOrg" }];
  const overrideOf = new Map(nodes.map((node) => [node.id, node.id === orgId ? override : node.override]));
  const problems: Problem[] = [];
  for (const node of nodes.filter((candidate) => candidate.path.startsWith(org.path))) {
    const chain = node.path
      .split("/")
      .filter(Boolean)
      .map((id) => overrideOf.get(id) ?? {});
    const resolved = resolvePolicy(chain);
    if (!resolved.ok) {
      problems.push(
        ...resolved.problems.map((problem) => ({
          field: problem.field,
          code: `${problem.code}Below`,
          params: { ...problem.params, org: node.name },
        })),
      );
    }
  }
  return problems;
}
