// The file `npm run eligibility:try` reads: people described by their facts,
// and the policy to try on them, so staff can see what a policy change would do
// before adopting it. Dates are "YYYY-MM-DD" (UTC calendar days). Every field a
// person does not have may be left out.
import { z } from "zod";
import { readErrorMessage, type ProblemParams } from "../../utils/problems.ts";
import { checkFacts, type Facts } from "./evaluate.ts";
import { calendarDay } from "./records.ts";
import { policyOverrideSchema, resolvePolicy, type Policy } from "./policy.ts";

const date = calendarDay;
const count = z.number().int("development.problems.notInteger").min(0, "development.problems.negative");
const purpose = z.enum(["ADMISSION", "CONVERSION"]);

const personSchema = z
  .object({
    name: z.string().min(1),
    stage: z.enum(["NONE", "APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET", "PROBATIONARY", "FULL_MEMBER"]),
    birthDate: date.nullable().default(null),
    appliedOn: date.nullable().default(null),
    applicationTalkOn: date.nullable().default(null),
    recommendations: z.array(z.object({ source: z.enum(["MEMBER", "YOUTH_LEAGUE", "MASS_ORG", "MASSES"]), on: date }).strict()).default([]),
    activistSince: date.nullable().default(null),
    contacts: count.default(0),
    assessments: z.array(z.object({ on: date, passed: z.boolean() }).strict()).default([]),
    thoughtReports: z.array(date).default([]),
    opinionsHeardOn: date.nullable().default(null),
    targetSince: date.nullable().default(null),
    sponsors: count.default(0),
    politicalReview: z
      .object({ on: date, conclusion: z.enum(["QUALIFIED", "UNCLEAR", "UNQUALIFIED"]) })
      .strict()
      .nullable()
      .default(null),
    concentratedTrainingHours: z.number().min(0, "development.problems.negative").default(0),
    completedCourses: z.array(z.string()).default([]),
    inspection: z
      .object({ on: date, result: z.enum(["EXCELLENT", "GOOD", "AVERAGE", "POOR"]), strongObjections: z.boolean().default(false) })
      .strict()
      .nullable()
      .default(null),
    committeeReviewOn: date.nullable().default(null),
    preReview: z.object({ on: date, approved: z.boolean() }).strict().nullable().default(null),
    polls: z
      .array(z.object({ purpose, scope: z.enum(["RESIDENCE", "WORKPLACE"]), approve: count, total: count, heldOn: date }).strict())
      .default([]),
    notices: z
      .array(
        z
          .object({ purpose, startsOn: date, endsOn: date, objections: count.default(0), objectionsCleared: z.boolean().default(false) })
          .strict(),
      )
      .default([]),
    votes: z
      .array(z.object({ purpose, heldOn: date, entitled: count, present: count, yes: count, advanceYes: count.default(0) }).strict())
      .default([]),
    admittedOn: date.nullable().default(null),
    probationExtensionMonths: count.default(0),
    oathOn: date.nullable().default(null),
    conversionAppliedOn: date.nullable().default(null),
  })
  .strict();

export const factsFileSchema = z
  .object({
    /** The day to judge on; defaults to today on the machine that runs the command. */
    today: date.optional(),
    /** Overrides from the top organization down to the person's own; the nearest wins. */
    policies: z.array(policyOverrideSchema).default([]),
    people: z.array(personSchema).min(1, "development.problems.nobodyInFile"),
  })
  .strict();

/** A mistake in the file: its JSON path, and the i18n key of its words with their parameters. */
export type FileProblem = { path: string; key: string; params: ProblemParams };
export type FactsFile = { today: Date; policy: Policy; people: (Facts & { name: string })[] };

/** A Zod issue's words: our own key, or Zod's English text kept as a detail. */
function issueWords(issue: z.ZodIssue): { key: string; params: ProblemParams } {
  if (issue.code === "unrecognized_keys") return { key: "development.problems.unknownField", params: { fields: issue.keys.join(", ") } };
  const read = readErrorMessage(issue.message);
  return read.key.startsWith("development.") ? read : { key: "development.problems.invalid", params: { detail: issue.message } };
}

/** Reads the whole file, reporting every problem with its JSON path; judges nothing if any. */
export function readFactsFile(raw: unknown, now: Date): { ok: true; file: FactsFile } | { ok: false; problems: FileProblem[] } {
  const parsed = factsFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path:
          issue.path
            .map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`))
            .join("")
            .replace(/^\./, "") || "(file)",
        ...issueWords(issue),
      })),
    };
  }
  const policy = resolvePolicy(parsed.data.policies);
  if (!policy.ok)
    return {
      ok: false,
      problems: policy.problems.map((problem) => ({
        path: `policies.${problem.field}`,
        key: `development.policyProblems.${problem.code}`,
        params: problem.params ?? {},
      })),
    };
  const today = parsed.data.today ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const problems = parsed.data.people.flatMap((person, index) =>
    checkFacts(person, today).map((problem) => ({
      path: `people[${index}].${problem.field}`,
      key: `development.problems.${problem.code}`,
      params: problem.params ?? {},
    })),
  );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, file: { today, policy: policy.policy, people: parsed.data.people } };
}
