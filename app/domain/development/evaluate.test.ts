import { describe, expect, it } from "vitest";
import i18next from "i18next";
import { resources } from "~/utils/i18n.ts";
import { checkFacts, evaluate, noFacts, type Facts, type Message, type Status } from "./evaluate.ts";
import { DEFAULT_POLICY, type Policy } from "./policy.ts";
import type { RuleId } from "./rule-set.ts";
import { addMonths, wholeMonthsBetween } from "../calendar.ts";

const TODAY = new Date("2026-11-23T00:00:00Z");

// Reasons and problems are codes with figures; the tests read them in Chinese, as staff do.
const i18n = i18next.createInstance();
await i18n.init({ lng: "zh-CN", resources, defaultNS: "common", interpolation: { escapeValue: false } });
const said = (namespace: string, message: Message) => i18n.t(`development.${namespace}.${message.code}`, message.params ?? {});
const d = (text: string) => new Date(`${text}T00:00:00Z`);

const NOTHING: Facts = noFacts();

/** An applicant with everything the next step needs. */
const APPLICANT: Facts = {
  ...NOTHING,
  stage: "APPLICANT",
  birthDate: d("2000-03-01"),
  appliedOn: d("2026-09-01"),
  applicationTalkOn: d("2026-09-20"),
  recommendations: [{ source: "YOUTH_LEAGUE", on: d("2026-10-10") }],
};

/** An activist since 2025-05-01 (18 months), with 3 assessments and 6 thought reports. */
const ACTIVIST: Facts = {
  ...APPLICANT,
  stage: "ACTIVIST",
  appliedOn: d("2025-03-01"),
  applicationTalkOn: d("2025-03-15"),
  recommendations: [{ source: "YOUTH_LEAGUE", on: d("2025-04-01") }],
  activistSince: d("2025-05-01"),
  contacts: 2,
  assessments: [
    { on: d("2025-11-01"), passed: true },
    { on: d("2026-05-01"), passed: true },
    { on: d("2026-11-01"), passed: true },
  ],
  thoughtReports: ["2025-08-01", "2025-11-01", "2026-02-01", "2026-05-01", "2026-08-01", "2026-11-01"].map(d),
  opinionsHeardOn: d("2026-11-10"),
};

/** A development target since 2026-06-01, activist since 2024-05-01 (30 months), ready for approval. */
const TARGET: Facts = {
  ...ACTIVIST,
  stage: "DEVELOPMENT_TARGET",
  appliedOn: d("2024-03-01"),
  applicationTalkOn: d("2024-03-10"),
  recommendations: [{ source: "MASSES", on: d("2024-04-01") }],
  activistSince: d("2024-05-01"),
  targetSince: d("2026-06-01"),
  sponsors: 2,
  politicalReview: { on: d("2026-07-01"), conclusion: "QUALIFIED" },
  concentratedTrainingHours: 24,
  inspection: { on: d("2026-09-01"), result: "GOOD", strongObjections: false },
  committeeReviewOn: d("2026-09-15"),
  preReview: { on: d("2026-10-01"), approved: true },
  polls: [
    { purpose: "ADMISSION", scope: "RESIDENCE", approve: 45, total: 50, heldOn: d("2026-10-05") },
    { purpose: "ADMISSION", scope: "WORKPLACE", approve: 18, total: 20, heldOn: d("2026-10-06") },
  ],
  notices: [{ purpose: "ADMISSION", startsOn: d("2026-10-10"), endsOn: d("2026-10-16"), objections: 0, objectionsCleared: false }],
  votes: [{ purpose: "ADMISSION", heldOn: d("2026-11-01"), entitled: 20, present: 15, yes: 13, advanceYes: 2 }],
};

/** A probationary member admitted 2025-10-01, ready for conversion. */
const PROBATIONER: Facts = {
  ...TARGET,
  stage: "PROBATIONARY",
  targetSince: d("2025-03-01"),
  politicalReview: { on: d("2025-04-01"), conclusion: "QUALIFIED" },
  admittedOn: d("2025-10-01"),
  oathOn: d("2025-10-20"),
  conversionAppliedOn: d("2026-10-05"),
  polls: [{ purpose: "CONVERSION", scope: "WORKPLACE", approve: 30, total: 32, heldOn: d("2026-10-08") }],
  notices: [{ purpose: "CONVERSION", startsOn: d("2026-10-10"), endsOn: d("2026-10-14"), objections: 1, objectionsCleared: true }],
  votes: [{ purpose: "CONVERSION", heldOn: d("2026-11-02"), entitled: 20, present: 11, yes: 11, advanceYes: 0 }],
};

const COUNTY: Policy = { ...DEFAULT_POLICY, minCultivationMonthsForAdmission: 24, sixNoDevelop: true };

type Case = {
  name: string;
  facts: Facts;
  policy?: Policy;
  status: Status;
  /** The rules that fail, in the engine's order. */
  rules: RuleId[];
  earliest?: string | null;
  /** A fragment of a reason's evidence that proves it names the record. */
  evidence?: string;
};

const cases: Case[] = [
  // Applicant → activist
  { name: "applicant with everything", facts: APPLICANT, status: "ELIGIBLE", rules: [] },
  {
    name: "applicant of 17 waits for his birthday",
    facts: { ...APPLICANT, birthDate: d("2009-02-10") },
    status: "NOT_YET",
    rules: ["minimum-age"],
    earliest: "2027-02-10",
  },
  {
    name: "applicant without a birth date",
    facts: { ...APPLICANT, birthDate: null },
    status: "NOT_YET",
    rules: ["minimum-age"],
    earliest: null,
  },
  {
    name: "applicant not yet talked to, a month overdue",
    facts: { ...APPLICANT, applicationTalkOn: null },
    status: "NOT_YET",
    rules: ["application-talk"],
    evidence: "已超过一个月",
  },
  {
    name: "applicant without a recommendation",
    facts: { ...APPLICANT, recommendations: [] },
    status: "NOT_YET",
    rules: ["activist-recommendation"],
  },
  {
    name: "applicant of 17 without a talk: time is not all that is missing",
    facts: { ...APPLICANT, birthDate: d("2009-02-10"), applicationTalkOn: null },
    status: "NOT_YET",
    rules: ["minimum-age", "application-talk"],
    earliest: null,
  },

  // Activist → development target
  { name: "activist of 18 months with everything", facts: ACTIVIST, status: "ELIGIBLE", rules: [] },
  {
    name: "activist of 6 months with his reports and assessment: only time",
    facts: {
      ...ACTIVIST,
      activistSince: d("2026-05-23"),
      assessments: [{ on: d("2026-11-20"), passed: true }],
      thoughtReports: [d("2026-08-23"), d("2026-11-20")],
    },
    status: "NOT_YET",
    rules: ["cultivation-before-target"],
    earliest: "2027-05-23",
  },
  {
    name: "activist exactly 12 months today",
    facts: {
      ...ACTIVIST,
      activistSince: d("2025-11-23"),
      assessments: ACTIVIST.assessments.slice(1),
      thoughtReports: ACTIVIST.thoughtReports.slice(2),
    },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "activist 12 months tomorrow",
    facts: {
      ...ACTIVIST,
      activistSince: d("2025-11-24"),
      assessments: ACTIVIST.assessments.slice(1),
      thoughtReports: ACTIVIST.thoughtReports.slice(2),
    },
    status: "NOT_YET",
    rules: ["cultivation-before-target"],
    earliest: "2026-11-24",
  },
  {
    name: "activist without a confirmation date",
    facts: { ...ACTIVIST, activistSince: null },
    status: "NOT_YET",
    rules: ["cultivation-before-target"],
    earliest: null,
  },
  {
    name: "county wants 18 months before a target: met",
    facts: ACTIVIST,
    policy: { ...DEFAULT_POLICY, minCultivationMonthsForTarget: 18 },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "county wants 24 months before a target",
    facts: ACTIVIST,
    policy: { ...DEFAULT_POLICY, minCultivationMonthsForTarget: 24 },
    status: "NOT_YET",
    rules: ["cultivation-before-target"],
    earliest: "2027-05-01",
  },
  {
    name: "activist without a cultivation contact",
    facts: { ...ACTIVIST, contacts: 0 },
    status: "NOT_YET",
    rules: ["cultivation-contacts"],
    evidence: "现有培养联系人 0 名",
  },
  { name: "activist with one contact is enough", facts: { ...ACTIVIST, contacts: 1 }, status: "ELIGIBLE", rules: [] },
  {
    name: "an assessment missing",
    facts: { ...ACTIVIST, assessments: ACTIVIST.assessments.slice(0, 2) },
    status: "NOT_YET",
    rules: ["half-yearly-assessment"],
    evidence: "应考察 3 次，已记录 2 次",
  },
  {
    name: "the latest assessment failed: postponed",
    facts: { ...ACTIVIST, assessments: [...ACTIVIST.assessments.slice(0, 2), { on: d("2026-11-01"), passed: false }] },
    status: "POSTPONED",
    rules: ["half-yearly-assessment"],
  },
  {
    name: "an assessment before he was an activist does not count",
    facts: { ...ACTIVIST, assessments: [{ on: d("2025-01-01"), passed: true }, ...ACTIVIST.assessments.slice(1)] },
    status: "NOT_YET",
    rules: ["half-yearly-assessment"],
  },
  {
    name: "two thought reports overdue",
    facts: { ...ACTIVIST, thoughtReports: ACTIVIST.thoughtReports.slice(0, 4) },
    status: "NOT_YET",
    rules: ["thought-reports"],
    evidence: "应交 6 份，已交 4 份",
  },
  {
    name: "half-yearly reports by policy: three are enough",
    facts: { ...ACTIVIST, thoughtReports: ACTIVIST.thoughtReports.slice(0, 3) },
    policy: { ...DEFAULT_POLICY, thoughtReportEveryMonths: 6 },
    status: "ELIGIBLE",
    rules: [],
  },
  { name: "opinions not heard", facts: { ...ACTIVIST, opinionsHeardOn: null }, status: "NOT_YET", rules: ["opinions-heard"] },
  {
    name: "a required course not completed",
    facts: { ...ACTIVIST, completedCourses: ["dangzhang-jichu"] },
    policy: { ...DEFAULT_POLICY, requiredCourses: ["dangzhang-jichu", "fazhan-dangyuan"] },
    status: "NOT_YET",
    rules: ["required-courses"],
    evidence: "fazhan-dangyuan",
  },
  {
    name: "required courses completed",
    facts: { ...ACTIVIST, completedCourses: ["fazhan-dangyuan", "dangzhang-jichu"] },
    policy: { ...DEFAULT_POLICY, requiredCourses: ["fazhan-dangyuan"] },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "failed assessment and no contact: the worse effect wins",
    facts: { ...ACTIVIST, contacts: 0, assessments: [...ACTIVIST.assessments.slice(0, 2), { on: d("2026-11-01"), passed: false }] },
    status: "POSTPONED",
    rules: ["cultivation-contacts", "half-yearly-assessment"],
  },

  // Development target → probationary member (admission)
  { name: "development target with everything", facts: TARGET, status: "ELIGIBLE", rules: [] },
  { name: "one sponsor", facts: { ...TARGET, sponsors: 1 }, status: "NOT_YET", rules: ["sponsors"] },
  { name: "no political review", facts: { ...TARGET, politicalReview: null }, status: "NOT_YET", rules: ["political-review"] },
  {
    name: "political review unclear",
    facts: { ...TARGET, politicalReview: { on: d("2026-07-01"), conclusion: "UNCLEAR" } },
    status: "NOT_YET",
    rules: ["political-review"],
  },
  {
    name: "political review failed: refused",
    facts: { ...TARGET, politicalReview: { on: d("2026-07-01"), conclusion: "UNQUALIFIED" } },
    status: "REFUSED",
    rules: ["political-review"],
  },
  {
    name: "political review expired after 12 months",
    facts: { ...TARGET, politicalReview: { on: d("2025-10-01"), conclusion: "QUALIFIED" } },
    status: "NOT_YET",
    rules: ["political-review"],
    earliest: null,
    evidence: "2026-10-01 过期",
  },
  {
    name: "a review valid 18 months by policy still holds",
    facts: { ...TARGET, politicalReview: { on: d("2025-10-01"), conclusion: "QUALIFIED" } },
    policy: { ...DEFAULT_POLICY, politicalReviewValidMonths: 18 },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "16 class hours of training",
    facts: { ...TARGET, concentratedTrainingHours: 16 },
    status: "NOT_YET",
    rules: ["concentrated-training"],
    evidence: "集中培训 16 学时",
  },
  { name: "no committee review", facts: { ...TARGET, committeeReviewOn: null }, status: "NOT_YET", rules: ["committee-review"] },
  { name: "no pre-review", facts: { ...TARGET, preReview: null }, status: "NOT_YET", rules: ["pre-review"] },
  {
    name: "pre-review not approved: postponed",
    facts: { ...TARGET, preReview: { on: d("2026-10-01"), approved: false } },
    status: "POSTPONED",
    rules: ["pre-review"],
  },
  { name: "no poll while polls are required", facts: { ...TARGET, polls: [] }, status: "NOT_YET", rules: ["opinion-poll"] },
  {
    name: "no poll where the organization does not hold them",
    facts: { ...TARGET, polls: [] },
    policy: { ...DEFAULT_POLICY, pollsRequired: false },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "79% where he lives: postponed",
    facts: { ...TARGET, polls: [{ ...TARGET.polls[0]!, approve: 79, total: 100 }, TARGET.polls[1]!] },
    status: "POSTPONED",
    rules: ["opinion-poll"],
    evidence: "居住地民意调查赞成 79/100（79%）",
  },
  {
    name: "exactly 80%: approved",
    facts: { ...TARGET, polls: [{ ...TARGET.polls[0]!, approve: 40, total: 50 }] },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "59% at work: refused, even with 90% at home",
    facts: { ...TARGET, polls: [TARGET.polls[0]!, { ...TARGET.polls[1]!, approve: 59, total: 100 }] },
    status: "REFUSED",
    rules: ["opinion-poll"],
    evidence: "工作单位",
  },
  {
    name: "exactly 60%: postponed, not refused",
    facts: { ...TARGET, polls: [{ ...TARGET.polls[0]!, approve: 30, total: 50 }] },
    status: "POSTPONED",
    rules: ["opinion-poll"],
  },
  {
    name: "stricter thresholds by policy: 85% postpones",
    facts: { ...TARGET, polls: [{ ...TARGET.polls[0]!, approve: 85, total: 100 }] },
    policy: { ...DEFAULT_POLICY, pollPostponeBelowPercent: 90 },
    status: "POSTPONED",
    rules: ["opinion-poll"],
  },
  {
    name: "a conversion poll does not count for admission",
    facts: { ...TARGET, polls: [{ ...TARGET.polls[0]!, purpose: "CONVERSION" }] },
    status: "NOT_YET",
    rules: ["opinion-poll"],
  },
  { name: "no public notice", facts: { ...TARGET, notices: [] }, status: "NOT_YET", rules: ["public-notice"] },
  {
    name: "notice of 3 days when 5 are required",
    facts: { ...TARGET, notices: [{ ...TARGET.notices[0]!, endsOn: d("2026-10-12") }] },
    status: "NOT_YET",
    rules: ["public-notice"],
    evidence: "公示 3 天",
  },
  {
    name: "notice still running: only time",
    facts: { ...TARGET, notices: [{ ...TARGET.notices[0]!, startsOn: d("2026-11-20"), endsOn: d("2026-11-26") }] },
    status: "NOT_YET",
    rules: ["public-notice"],
    earliest: "2026-11-27",
  },
  {
    name: "objections not yet looked into: postponed",
    facts: { ...TARGET, notices: [{ ...TARGET.notices[0]!, objections: 2 }] },
    status: "POSTPONED",
    rules: ["public-notice"],
    evidence: "收到反映 2 件",
  },
  {
    name: "objections looked into",
    facts: { ...TARGET, notices: [{ ...TARGET.notices[0]!, objections: 2, objectionsCleared: true }] },
    status: "ELIGIBLE",
    rules: [],
  },
  { name: "no branch meeting yet", facts: { ...TARGET, votes: [] }, status: "NOT_YET", rules: ["branch-vote"] },
  {
    name: "20 entitled, 10 present: invalid",
    facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, present: 10, yes: 10, advanceYes: 5 }] },
    status: "NOT_YET",
    rules: ["branch-vote"],
    evidence: "到会不足 11 人，表决无效",
  },
  {
    name: "20 entitled, 11 present, 11 yes: passed",
    facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, present: 11, yes: 11, advanceYes: 0 }] },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "10 yes of 11 present is a majority of those present, not of the entitled: refused",
    facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, present: 11, yes: 10, advanceYes: 0 }] },
    status: "REFUSED",
    rules: ["branch-vote"],
    evidence: "赞成共 10 票，不足 11 票",
  },
  {
    name: "written opinions of the absent carry the vote",
    facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, present: 11, yes: 9, advanceYes: 2 }] },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "the latest meeting decides: a failed vote, then a passed one",
    facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, heldOn: d("2026-08-01"), yes: 5, advanceYes: 0 }, TARGET.votes[0]!] },
    status: "ELIGIBLE",
    rules: [],
  },
  { name: "cultivated 30 months meets the county's 24", facts: TARGET, policy: COUNTY, status: "ELIGIBLE", rules: [] },
  {
    name: "cultivated 20 months, the county wants 24: only time",
    facts: { ...TARGET, activistSince: d("2025-03-23") },
    policy: COUNTY,
    status: "NOT_YET",
    rules: ["cultivation-before-admission"],
    earliest: "2027-03-23",
  },
  {
    name: "cultivated 20 months is enough nationally",
    facts: { ...TARGET, activistSince: d("2025-03-23") },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "六不发展 1: never an activist",
    facts: { ...TARGET, activistSince: null },
    policy: COUNTY,
    status: "REFUSED",
    rules: ["six-no-special-cultivation", "cultivation-before-admission"],
  },
  {
    name: "六不发展 2: no training at all",
    facts: { ...TARGET, concentratedTrainingHours: 0 },
    policy: COUNTY,
    status: "NOT_YET",
    rules: ["concentrated-training"],
  },
  {
    name: "六不发展 4: no political review is a refusal",
    facts: { ...TARGET, politicalReview: null },
    policy: COUNTY,
    status: "REFUSED",
    rules: ["six-no-political-review"],
  },
  {
    name: "六不发展 4: an unclear review is a refusal",
    facts: { ...TARGET, politicalReview: { on: d("2026-07-01"), conclusion: "UNCLEAR" } },
    policy: COUNTY,
    status: "REFUSED",
    rules: ["six-no-political-review"],
  },
  {
    name: "六不发展 5: recommended only by a member",
    facts: { ...TARGET, recommendations: [{ source: "MEMBER", on: d("2024-04-01") }] },
    policy: COUNTY,
    status: "NOT_YET",
    rules: ["six-no-recommendation"],
  },
  {
    name: "a member's recommendation is enough nationally",
    facts: { ...TARGET, recommendations: [{ source: "MEMBER", on: d("2024-04-01") }] },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "六不发展 6: an average inspection",
    facts: { ...TARGET, inspection: { on: d("2026-09-01"), result: "AVERAGE", strongObjections: false } },
    policy: COUNTY,
    status: "REFUSED",
    rules: ["six-no-inspection"],
    evidence: "考察结果：一般",
  },
  {
    name: "六不发展 6: a good inspection with strong objections",
    facts: { ...TARGET, inspection: { on: d("2026-09-01"), result: "GOOD", strongObjections: true } },
    policy: COUNTY,
    status: "REFUSED",
    rules: ["six-no-inspection"],
    evidence: "群众意见大",
  },
  {
    name: "六不发展 6: no inspection recorded",
    facts: { ...TARGET, inspection: null },
    policy: COUNTY,
    status: "NOT_YET",
    rules: ["six-no-inspection"],
  },
  {
    name: "an average inspection counts only under the six conditions",
    facts: { ...TARGET, inspection: { on: d("2026-09-01"), result: "AVERAGE", strongObjections: false } },
    status: "ELIGIBLE",
    rules: [],
  },
  {
    name: "a target at the start: everything listed in order",
    facts: {
      ...TARGET,
      sponsors: 0,
      politicalReview: null,
      concentratedTrainingHours: 0,
      committeeReviewOn: null,
      preReview: null,
      polls: [],
      notices: [],
      votes: [],
    },
    status: "NOT_YET",
    rules: [
      "sponsors",
      "political-review",
      "concentrated-training",
      "committee-review",
      "pre-review",
      "opinion-poll",
      "public-notice",
      "branch-vote",
    ],
    earliest: null,
  },

  // Probationary → full member (conversion)
  { name: "probationer with everything after 13 months", facts: PROBATIONER, status: "ELIGIBLE", rules: [] },
  {
    name: "probation of one year not over: only time",
    facts: { ...PROBATIONER, admittedOn: d("2026-01-10") },
    status: "NOT_YET",
    rules: ["probation-period"],
    earliest: "2027-01-10",
  },
  {
    name: "probation extended by 6 months",
    facts: { ...PROBATIONER, probationExtensionMonths: 6 },
    status: "NOT_YET",
    rules: ["probation-period"],
    earliest: "2027-04-01",
    evidence: "延长 6 个月",
  },
  { name: "no oath", facts: { ...PROBATIONER, oathOn: null }, status: "NOT_YET", rules: ["oath"] },
  {
    name: "no conversion application",
    facts: { ...PROBATIONER, conversionAppliedOn: null },
    status: "NOT_YET",
    rules: ["conversion-application"],
  },
  {
    name: "conversion poll below 60%: refused",
    facts: { ...PROBATIONER, polls: [{ ...PROBATIONER.polls[0]!, approve: 15, total: 32 }] },
    status: "REFUSED",
    rules: ["opinion-poll"],
  },
  {
    name: "conversion vote with too few present",
    facts: { ...PROBATIONER, votes: [{ ...PROBATIONER.votes[0]!, present: 9, yes: 9 }] },
    status: "NOT_YET",
    rules: ["branch-vote"],
  },
  {
    name: "an admission vote is not a conversion vote",
    facts: { ...PROBATIONER, votes: [{ ...PROBATIONER.votes[0]!, purpose: "ADMISSION" }] },
    status: "NOT_YET",
    rules: ["branch-vote"],
  },
];

describe("evaluate: every rule and its combinations", () => {
  it.each(cases)("$name", ({ facts, policy, status, rules, earliest, evidence }) => {
    expect(checkFacts(facts, TODAY), "the fixture itself must be possible").toEqual([]);
    const verdict = evaluate(facts, policy ?? DEFAULT_POLICY, TODAY);
    if (!verdict) throw new Error("expected a verdict");
    expect(verdict.reasons.map((reason) => reason.rule)).toEqual(rules);
    expect(verdict.status).toBe(status);
    if (earliest !== undefined) expect(verdict.earliestOn?.toISOString().slice(0, 10) ?? null).toBe(earliest);
    if (evidence) expect(verdict.reasons.map((reason) => said("evidence", reason.evidence)).join(" | ")).toContain(evidence);
    // Every reason can be acted on: it names its source, its record and a remedy.
    for (const reason of verdict.reasons) {
      expect(i18n.t(`development.rules.${reason.rule}.citation`)).toMatch(/《中国共产党发展党员工作细则》第|地方做法/);
      expect(said("evidence", reason.evidence).length).toBeGreaterThan(3);
      expect(said("remedy", reason.remedy).length).toBeGreaterThan(3);
    }
  });

  it("judges the next step of each stage, and nothing for people off the path or at its end", () => {
    expect(evaluate(NOTHING, DEFAULT_POLICY, TODAY)).toBeNull();
    expect(evaluate({ ...PROBATIONER, stage: "FULL_MEMBER" }, DEFAULT_POLICY, TODAY)).toBeNull();
    expect([APPLICANT, ACTIVIST, TARGET, PROBATIONER].map((facts) => evaluate(facts, DEFAULT_POLICY, TODAY)?.nextStage)).toEqual([
      "ACTIVIST",
      "DEVELOPMENT_TARGET",
      "PROBATIONARY",
      "FULL_MEMBER",
    ]);
  });
});

describe("checkFacts: records that cannot be true", () => {
  const problems: { name: string; facts: Facts; field: string; message: string }[] = [
    {
      name: "a review before the application",
      facts: { ...TARGET, politicalReview: { on: d("2024-01-01"), conclusion: "QUALIFIED" } },
      field: "politicalReview.on",
      message: "早于申请日期",
    },
    {
      name: "an activist before he applied",
      facts: { ...ACTIVIST, activistSince: d("2025-01-01") },
      field: "activistSince",
      message: "早于递交入党申请书的日期",
    },
    {
      name: "a date in the future",
      facts: { ...ACTIVIST, opinionsHeardOn: d("2026-12-01") },
      field: "opinionsHeardOn",
      message: "晚于今天",
    },
    {
      name: "more approvals than people asked",
      facts: { ...TARGET, polls: [{ ...TARGET.polls[0]!, approve: 51 }] },
      field: "polls[0].approve",
      message: "赞成 51 人多于参与的 50 人",
    },
    {
      name: "more yes votes than present",
      facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, yes: 16 }] },
      field: "votes[0].yes",
      message: "赞成 16 票多于到会 15 人",
    },
    {
      name: "more present than entitled",
      facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, present: 21 }] },
      field: "votes[0].present",
      message: "多于应到会",
    },
    {
      name: "more written opinions than absent members",
      facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, advanceYes: 6 }] },
      field: "votes[0].advanceYes",
      message: "多于缺席 5 人",
    },
    { name: "a third contact", facts: { ...ACTIVIST, contacts: 3 }, field: "contacts", message: "最多两名" },
    {
      name: "an extension of 3 months",
      facts: { ...PROBATIONER, probationExtensionMonths: 3 },
      field: "probationExtensionMonths",
      message: "6 到 12 个月",
    },
    {
      name: "a notice that ends before it starts",
      facts: { ...TARGET, notices: [{ ...TARGET.notices[0]!, endsOn: d("2026-10-01") }] },
      field: "notices[0].endsOn",
      message: "早于开始日期",
    },
    {
      name: "a fractional vote",
      facts: { ...TARGET, votes: [{ ...TARGET.votes[0]!, yes: 12.5 }] },
      field: "votes[0].yes",
      message: "整数",
    },
  ];
  it.each(problems)("$name", ({ facts, field, message }) => {
    const found = checkFacts(facts, TODAY);
    const problem = found.find((candidate) => candidate.field === field);
    expect(problem && said("problems", problem), JSON.stringify(found)).toContain(message);
  });
});

describe("calendar months", () => {
  it.each([
    ["2025-08-31", 6, "2026-02-28"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2025-11-23", 12, "2026-11-23"],
    ["2025-01-31", 1, "2025-02-28"],
  ])("%s + %i months = %s", (from, months, expected) => {
    expect(addMonths(d(from), months).toISOString().slice(0, 10)).toBe(expected);
  });

  it.each([
    ["2025-05-01", "2026-11-23", 18],
    ["2025-11-24", "2026-11-23", 11],
    ["2025-11-23", "2026-11-23", 12],
    ["2026-12-01", "2026-11-23", 0],
  ])("%s to %s is %i whole months", (from, to, months) => {
    expect(wholeMonthsBetween(d(from), d(to))).toBe(months);
  });
});
