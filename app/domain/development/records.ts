// 发展党员记录: what a trainer or organization admin records about a person,
// and whether it can be true given what is already recorded. The engine
// (evaluate.ts) judges only facts; this module keeps impossible ones out.
import { z } from "zod";
import { checkFacts, type Facts, type InspectionResult, type RecommendationSource, type ReviewConclusion, type Stage } from "./evaluate.ts";
import { errorMessage, readErrorMessage, type Problem } from "../../utils/problems.ts";
import { isoDay } from "../calendar.ts";

const P = "development.problems";

/** A calendar day "YYYY-MM-DD", read as that day's UTC midnight; a day that does not exist is refused. */
export const calendarDay = z
  .string({ required_error: `${P}.dateRequired` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, `${P}.dateFormat`)
  .transform((text, context) => {
    const parsed = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: errorMessage(`${P}.noSuchDate`, { date: text }) });
      return z.NEVER;
    }
    return parsed;
  });
const date = calendarDay;
const whole = z.coerce
  .number({ invalid_type_error: `${P}.notNumber`, required_error: `${P}.numberRequired` })
  .int(`${P}.notInteger`)
  .min(0, `${P}.negative`);
// An unticked box sends nothing: absent is "no".
const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());
const note = z
  .string()
  .trim()
  .max(2000, errorMessage(`${P}.tooLong`, { max: 2000 }))
  .default("");
const choice = <const T extends [string, ...string[]]>(values: T, field: string) =>
  z.enum(values, { errorMap: () => ({ message: `${P}.choose.${field}` }) });

/** Zod issues as domain problems: the field, and the code under development.problems with its parameters. */
export function problemsFromIssues(issues: readonly z.ZodIssue[]): Problem[] {
  return issues.map((issue) => {
    const { key, params } = readErrorMessage(issue.message);
    const field = issue.path.join(".") || "form";
    if (issue.code === "unrecognized_keys") return { field, code: "unknownField", params: { fields: issue.keys.join(", ") } };
    return {
      field,
      code: key.startsWith(`${P}.`) ? key.slice(P.length + 1) : "invalid",
      ...(Object.keys(params).length > 0 ? { params } : {}),
    };
  });
}

export const TIERS = ["THIS_YEAR", "NEAR_TERM", "LONG_TERM"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Every kind of record, with the fields its form sends. Kinds that move a
 * person to the next stage name the stage they start from and lead to.
 */
export const RECORD_KINDS = {
  APPLICATION_SUBMITTED: { from: "NONE", to: "APPLICANT", fields: z.object({ occurredOn: date, note }) },
  APPLICATION_TALK: { fields: z.object({ occurredOn: date, note }) },
  RECOMMENDATION: {
    fields: z.object({ occurredOn: date, source: choice(["MEMBER", "YOUTH_LEAGUE", "MASS_ORG", "MASSES"], "source"), note }),
  },
  ACTIVIST_CONFIRMED: { from: "APPLICANT", to: "ACTIVIST", fields: z.object({ occurredOn: date, tier: choice([...TIERS], "tier"), note }) },
  TIER_SET: { fields: z.object({ occurredOn: date, tier: choice([...TIERS], "tier"), note }) },
  ASSESSMENT: { fields: z.object({ occurredOn: date, passed: checkbox, note }) },
  OPINIONS_HEARD: { fields: z.object({ occurredOn: date, note }) },
  TARGET_CONFIRMED: { from: "ACTIVIST", to: "DEVELOPMENT_TARGET", fields: z.object({ occurredOn: date, note }) },
  SPONSORS: {
    fields: z.object({
      occurredOn: date,
      first: z
        .string({ required_error: `${P}.sponsorRequired` })
        .trim()
        .min(1, `${P}.sponsorRequired`),
      second: z
        .string({ required_error: `${P}.sponsorRequired` })
        .trim()
        .min(1, `${P}.sponsorRequired`),
      note,
    }),
  },
  POLITICAL_REVIEW: {
    fields: z.object({ occurredOn: date, conclusion: choice(["QUALIFIED", "UNCLEAR", "UNQUALIFIED"], "conclusion"), note }),
  },
  INSPECTION: {
    fields: z.object({
      occurredOn: date,
      result: choice(["EXCELLENT", "GOOD", "AVERAGE", "POOR"], "result"),
      strongObjections: checkbox,
      note,
    }),
  },
  COMMITTEE_REVIEW: { fields: z.object({ occurredOn: date, note }) },
  PRE_REVIEW: { fields: z.object({ occurredOn: date, approved: checkbox, note }) },
  ADMITTED: { from: "DEVELOPMENT_TARGET", to: "PROBATIONARY", fields: z.object({ occurredOn: date, note }) },
  PROBATION_EXTENDED: {
    fields: z.object({ occurredOn: date, months: whole.min(6, `${P}.extensionRange`).max(12, `${P}.extensionRange`), note }),
  },
  OATH: { fields: z.object({ occurredOn: date, note }) },
  CONVERSION_APPLIED: { fields: z.object({ occurredOn: date, note }) },
  CONVERTED: { from: "PROBATIONARY", to: "FULL_MEMBER", fields: z.object({ occurredOn: date, note }) },
  /** A cultivation contact (a full member, by his account id); `replaces` ends another one's assignment the same day. */
  CONTACT_ASSIGNED: {
    fields: z.object({
      occurredOn: date,
      contactId: z
        .string({ required_error: `${P}.choose.contactId` })
        .trim()
        .min(1, `${P}.choose.contactId`),
      replaces: z.string().trim().default(""),
      note,
    }),
  },
  POLL: {
    fields: z.object({
      occurredOn: date,
      purpose: choice(["ADMISSION", "CONVERSION"], "purpose"),
      scope: choice(["RESIDENCE", "WORKPLACE"], "scope"),
      approve: whole,
      total: whole,
      note,
    }),
  },
  NOTICE: {
    fields: z.object({
      occurredOn: date,
      endsOn: date,
      purpose: choice(["ADMISSION", "CONVERSION"], "purpose"),
      objections: whole.default(0),
      objectionsCleared: checkbox,
      note,
    }),
  },
  VOTE: {
    fields: z.object({
      occurredOn: date,
      purpose: choice(["ADMISSION", "CONVERSION"], "purpose"),
      entitled: whole,
      present: whole,
      yes: whole,
      advanceYes: whole.default(0),
      note,
    }),
  },
} as const satisfies Record<string, { from?: Stage; to?: Stage; fields: z.ZodTypeAny }>;

export type RecordKind = keyof typeof RECORD_KINDS;
export type RecordInput<K extends RecordKind> = z.output<(typeof RECORD_KINDS)[K]["fields"]>;
export type AnyRecordInput = { [K in RecordKind]: { kind: K; input: RecordInput<K> } }[RecordKind];

export function isRecordKind(value: string): value is RecordKind {
  return Object.hasOwn(RECORD_KINDS, value);
}

/** The stages at which each kind may be recorded (a stage change only from its own). */
const ALLOWED_AT: Record<RecordKind, readonly Stage[]> = {
  APPLICATION_SUBMITTED: ["NONE"],
  APPLICATION_TALK: ["APPLICANT"],
  RECOMMENDATION: ["APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET"],
  ACTIVIST_CONFIRMED: ["APPLICANT"],
  TIER_SET: ["ACTIVIST"],
  ASSESSMENT: ["ACTIVIST", "DEVELOPMENT_TARGET"],
  OPINIONS_HEARD: ["ACTIVIST"],
  TARGET_CONFIRMED: ["ACTIVIST"],
  SPONSORS: ["DEVELOPMENT_TARGET"],
  POLITICAL_REVIEW: ["DEVELOPMENT_TARGET"],
  INSPECTION: ["DEVELOPMENT_TARGET"],
  COMMITTEE_REVIEW: ["DEVELOPMENT_TARGET"],
  PRE_REVIEW: ["DEVELOPMENT_TARGET"],
  ADMITTED: ["DEVELOPMENT_TARGET"],
  PROBATION_EXTENDED: ["PROBATIONARY"],
  OATH: ["PROBATIONARY"],
  CONVERSION_APPLIED: ["PROBATIONARY"],
  CONVERTED: ["PROBATIONARY"],
  CONTACT_ASSIGNED: ["ACTIVIST", "DEVELOPMENT_TARGET"],
  POLL: ["DEVELOPMENT_TARGET", "PROBATIONARY"],
  NOTICE: ["DEVELOPMENT_TARGET", "PROBATIONARY"],
  VOTE: ["DEVELOPMENT_TARGET", "PROBATIONARY"],
};

/** Reads a submitted form for one kind of record; each problem names its field. */
export function parseRecord(
  kind: RecordKind,
  form: Record<string, unknown>,
): { ok: true; record: AnyRecordInput } | { ok: false; problems: Problem[] } {
  const result = RECORD_KINDS[kind].fields.safeParse(form);
  if (!result.success) return { ok: false, problems: problemsFromIssues(result.error.issues) };
  return { ok: true, record: { kind, input: result.data } as AnyRecordInput };
}

/** What the facts would be with this record added: how checkFacts sees a new record in context. */
export function withRecord(facts: Facts, record: AnyRecordInput): Facts {
  const on = record.input.occurredOn;
  switch (record.kind) {
    case "APPLICATION_SUBMITTED":
      return { ...facts, stage: "APPLICANT", appliedOn: on };
    case "APPLICATION_TALK":
      return { ...facts, applicationTalkOn: on };
    case "RECOMMENDATION":
      return { ...facts, recommendations: [...facts.recommendations, { source: record.input.source, on }] };
    case "ACTIVIST_CONFIRMED":
      return { ...facts, stage: "ACTIVIST", activistSince: on };
    case "ASSESSMENT":
      return { ...facts, assessments: [...facts.assessments, { on, passed: record.input.passed }] };
    case "OPINIONS_HEARD":
      return { ...facts, opinionsHeardOn: on };
    case "TARGET_CONFIRMED":
      return { ...facts, stage: "DEVELOPMENT_TARGET", targetSince: on };
    case "SPONSORS":
      return { ...facts, sponsors: 2 };
    case "POLITICAL_REVIEW":
      return { ...facts, politicalReview: { on, conclusion: record.input.conclusion } };
    case "INSPECTION":
      return { ...facts, inspection: { on, result: record.input.result, strongObjections: record.input.strongObjections } };
    case "COMMITTEE_REVIEW":
      return { ...facts, committeeReviewOn: on };
    case "PRE_REVIEW":
      return { ...facts, preReview: { on, approved: record.input.approved } };
    case "ADMITTED":
      return { ...facts, stage: "PROBATIONARY", admittedOn: on };
    case "PROBATION_EXTENDED":
      return { ...facts, probationExtensionMonths: record.input.months };
    case "OATH":
      return { ...facts, oathOn: on };
    case "CONVERSION_APPLIED":
      return { ...facts, conversionAppliedOn: on };
    case "CONVERTED":
      return { ...facts, stage: "FULL_MEMBER" };
    case "CONTACT_ASSIGNED":
      return { ...facts, contacts: facts.contacts + (record.input.replaces ? 0 : 1) };
    case "POLL":
      return {
        ...facts,
        polls: [
          ...facts.polls,
          {
            purpose: record.input.purpose,
            scope: record.input.scope,
            approve: record.input.approve,
            total: record.input.total,
            heldOn: on,
          },
        ],
      };
    case "NOTICE":
      return {
        ...facts,
        notices: [
          ...facts.notices,
          {
            purpose: record.input.purpose,
            startsOn: on,
            endsOn: record.input.endsOn,
            objections: record.input.objections,
            objectionsCleared: record.input.objectionsCleared,
          },
        ],
      };
    case "VOTE":
      return {
        ...facts,
        votes: [
          ...facts.votes,
          {
            purpose: record.input.purpose,
            heldOn: on,
            entitled: record.input.entitled,
            present: record.input.present,
            yes: record.input.yes,
            advanceYes: record.input.advanceYes,
          },
        ],
      };
    case "TIER_SET":
      return facts;
  }
}

/**
 * Refuses a record that does not fit what is recorded: a step for another
 * stage (a skipped stage), a stage change dated before the stage it leaves,
 * and anything checkFacts finds impossible once the record is added.
 */
export function checkRecord(facts: Facts, record: AnyRecordInput, today: Date): Problem[] {
  const allowed = ALLOWED_AT[record.kind];
  if (!allowed.includes(facts.stage)) {
    const definition = RECORD_KINDS[record.kind];
    return [
      "from" in definition
        ? { field: "kind", code: "stageSkipped", params: { stage: facts.stage, from: definition.from, to: definition.to } }
        : { field: "kind", code: "notAtStage", params: { stage: facts.stage } },
    ];
  }
  if (
    record.kind === "ADMITTED" &&
    !facts.votes.some((vote) => vote.purpose === "ADMISSION" && vote.heldOn.getTime() === record.input.occurredOn.getTime())
  ) {
    return [{ field: "occurredOn", code: "noAdmissionVote", params: { date: isoDay(record.input.occurredOn) } }];
  }
  const key = (problem: Problem) => `${problem.field}|${problem.code}|${JSON.stringify(problem.params ?? {})}`;
  const before = new Set(checkFacts(facts, today).map(key));
  // Only what this record makes impossible; an older bad record is not this form's fault.
  return checkFacts(withRecord(facts, record), today)
    .filter((problem) => !before.has(key(problem)))
    .map((problem) => ({ ...problem, field: fieldOf(record.kind, problem.field) }));
}

/** The form field to point at for a problem found in the facts: `votes[2].yes` → `yes`. */
function fieldOf(kind: RecordKind, factsField: string): string {
  if (kind === "PROBATION_EXTENDED") return "months";
  if (factsField === "contacts") return "contactId";
  const figure = /^(?:votes|polls|notices)\[\d+\]\.(\w+)$/.exec(factsField);
  // The list entries' own dates (heldOn, startsOn) are the form's occurredOn.
  return figure && !["heldOn", "startsOn"].includes(figure[1]!) ? figure[1]! : "occurredOn";
}

/** The kinds of record a form may offer for someone at `stage`. */
export function kindsAllowedAt(stage: Stage): RecordKind[] {
  return (Object.keys(ALLOWED_AT) as RecordKind[]).filter((kind) => ALLOWED_AT[kind].includes(stage));
}

/**
 * What one stored milestone adds to the facts (the step is the record kind,
 * the details what its form sent). Milestones are applied in date order: a
 * later record of the same kind replaces an earlier one.
 */
export function applyMilestone(facts: Facts, step: string, on: Date, details: Record<string, unknown>): void {
  switch (step as RecordKind) {
    case "APPLICATION_SUBMITTED":
      facts.appliedOn = on;
      break;
    case "APPLICATION_TALK":
      facts.applicationTalkOn = on;
      break;
    case "RECOMMENDATION":
      facts.recommendations.push({ on, source: details.source as RecommendationSource });
      break;
    case "ACTIVIST_CONFIRMED":
      facts.activistSince = on;
      break;
    case "ASSESSMENT":
      facts.assessments.push({ on, passed: details.passed === true });
      break;
    case "OPINIONS_HEARD":
      facts.opinionsHeardOn = on;
      break;
    case "TARGET_CONFIRMED":
      facts.targetSince = on;
      break;
    case "SPONSORS":
      facts.sponsors = 2;
      break;
    case "POLITICAL_REVIEW":
      facts.politicalReview = { on, conclusion: details.conclusion as ReviewConclusion };
      break;
    case "INSPECTION":
      facts.inspection = { on, result: details.result as InspectionResult, strongObjections: details.strongObjections === true };
      break;
    case "COMMITTEE_REVIEW":
      facts.committeeReviewOn = on;
      break;
    case "PRE_REVIEW":
      facts.preReview = { on, approved: details.approved === true };
      break;
    case "ADMITTED":
      facts.admittedOn = on;
      break;
    case "PROBATION_EXTENDED":
      facts.probationExtensionMonths = typeof details.months === "number" ? details.months : 0;
      break;
    case "OATH":
      facts.oathOn = on;
      break;
    case "CONVERSION_APPLIED":
      facts.conversionAppliedOn = on;
      break;
    default:
      break;
  }
}

/**
 * People whose stage was set before their steps were recorded here: the day
 * the server stored for entering the stage stands in for the missing record.
 */
export function fillStageDate(facts: Facts, stageSince: Date | null): void {
  if (!stageSince) return;
  if (facts.stage === "APPLICANT") facts.appliedOn ??= stageSince;
  if (facts.stage === "ACTIVIST") facts.activistSince ??= stageSince;
  if (facts.stage === "DEVELOPMENT_TARGET") facts.targetSince ??= stageSince;
  if (facts.stage === "PROBATIONARY") facts.admittedOn ??= stageSince;
}

/** Every kind of record as one form intent: the schema the development page's record forms share with the server. */
export const recordIntentSchemas = (Object.keys(RECORD_KINDS) as RecordKind[]).map((kind) =>
  RECORD_KINDS[kind].fields.extend({ intent: z.literal(kind) }),
);

/** A parsed record form (intent = kind) as the record it describes. */
export function recordFromIntent(value: { intent: RecordKind } & Record<string, unknown>): AnyRecordInput {
  const { intent, ...input } = value;
  return { kind: intent, input } as AnyRecordInput;
}
