// 发展条件: whether a person may take his next step on the path to membership,
// and for every "no" which rule, which record and what would satisfy it.
// Pure: the facts come from server records (never a device clock), `today` from
// the server, the policy from the organization tree (policy.ts).
import { addDays, addMonths, isoDay, wholeMonthsBetween } from "../calendar.ts";
import type { Policy } from "./policy.ts";
import type { RuleId } from "./rule-set.ts";
import type { Problem } from "../../utils/problems.ts";
import { checkPollFigures, checkVoteFigures, judgePoll, judgeVote } from "./votes-and-polls.ts";

export type Stage = "NONE" | "APPLICANT" | "ACTIVIST" | "DEVELOPMENT_TARGET" | "PROBATIONARY" | "FULL_MEMBER";
export type Purpose = "ADMISSION" | "CONVERSION";
export type RecommendationSource = "MEMBER" | "YOUTH_LEAGUE" | "MASS_ORG" | "MASSES";
export type ReviewConclusion = "QUALIFIED" | "UNCLEAR" | "UNQUALIFIED";
export type InspectionResult = "EXCELLENT" | "GOOD" | "AVERAGE" | "POOR";

export type Facts = {
  stage: Stage;
  birthDate: Date | null;
  appliedOn: Date | null;
  applicationTalkOn: Date | null;
  recommendations: { source: RecommendationSource; on: Date }[];
  /** Confirmed as an activist by the branch committee: cultivation counts from here. */
  activistSince: Date | null;
  /** Cultivation contacts currently assigned. */
  contacts: number;
  assessments: { on: Date; passed: boolean }[];
  thoughtReports: Date[];
  /** 听取党小组、培养联系人、党员和群众意见 before becoming a development target. */
  opinionsHeardOn: Date | null;
  targetSince: Date | null;
  sponsors: number;
  politicalReview: { on: Date; conclusion: ReviewConclusion } | null;
  /** Ledger hours in the category "concentrated training". */
  concentratedTrainingHours: number;
  completedCourses: string[];
  inspection: { on: Date; result: InspectionResult; strongObjections: boolean } | null;
  committeeReviewOn: Date | null;
  preReview: { on: Date; approved: boolean } | null;
  polls: { purpose: Purpose; scope: "RESIDENCE" | "WORKPLACE"; approve: number; total: number; heldOn: Date }[];
  notices: { purpose: Purpose; startsOn: Date; endsOn: Date; objections: number; objectionsCleared: boolean }[];
  votes: { purpose: Purpose; heldOn: Date; entitled: number; present: number; yes: number; advanceYes: number }[];
  /** The branch general meeting that admitted him: probation counts from here. */
  admittedOn: Date | null;
  probationExtensionMonths: number;
  oathOn: Date | null;
  conversionAppliedOn: Date | null;
};

/** A person with nothing recorded yet (fresh lists each call: records are pushed onto them). */
export function noFacts(): Facts {
  return {
    stage: "NONE",
    birthDate: null,
    appliedOn: null,
    applicationTalkOn: null,
    recommendations: [],
    activistSince: null,
    contacts: 0,
    assessments: [],
    thoughtReports: [],
    opinionsHeardOn: null,
    targetSince: null,
    sponsors: 0,
    politicalReview: null,
    concentratedTrainingHours: 0,
    completedCourses: [],
    inspection: null,
    committeeReviewOn: null,
    preReview: null,
    polls: [],
    notices: [],
    votes: [],
    admittedOn: null,
    probationExtensionMonths: 0,
    oathOn: null,
    conversionAppliedOn: null,
  };
}

export type Effect = "NOT_YET" | "POSTPONED" | "REFUSED";
export type Status = "ELIGIBLE" | Effect;

/** Words to show, as a code and its figures: the words live in app/locales (development.evidence / development.remedy). */
export type Message = { code: string; params?: Record<string, string | number> };

export type Reason = {
  rule: RuleId;
  effect: Effect;
  /** Which record, which figure (a code under development.evidence). */
  evidence: Message;
  /** What would satisfy the rule (a code under development.remedy). */
  remedy: Message;
  /** Set when only time is missing: the day the rule is met. */
  metOn?: Date;
};

export type Verdict = {
  nextStage: Stage;
  status: Status;
  /** The day he becomes eligible, when nothing but time stands in the way. */
  earliestOn: Date | null;
  reasons: Reason[];
};

const NEXT_STAGE: Partial<Record<Stage, Stage>> = {
  APPLICANT: "ACTIVIST",
  ACTIVIST: "DEVELOPMENT_TARGET",
  DEVELOPMENT_TARGET: "PROBATIONARY",
  PROBATIONARY: "FULL_MEMBER",
};

// ─── Rules ──────────────────────────────────────────────────────────────────

type Failure = Omit<Reason, "rule">;
type Check = (facts: Facts, policy: Policy, today: Date) => Failure | null;

const m = (code: string, params?: Message["params"]): Message => (params ? { code, params } : { code });
const notYet = (evidence: Message, remedy: Message): Failure => ({ effect: "NOT_YET", evidence, remedy });

function waitUntil(metOn: Date, today: Date, evidence: Message, remedy: Message): Failure | null {
  return metOn <= today ? null : { effect: "NOT_YET", evidence, remedy, metOn };
}

const latest = <T extends { heldOn: Date }>(items: T[]) => [...items].sort((a, b) => b.heldOn.getTime() - a.heldOn.getTime())[0];

function cultivationFor(months: number): Check {
  return (facts, _policy, today) => {
    if (!facts.activistSince) return notYet(m("noActivistDate"), m("recordActivistDate"));
    const metOn = addMonths(facts.activistSince, months);
    return waitUntil(
      metOn,
      today,
      m("cultivated", { since: isoDay(facts.activistSince), months: wholeMonthsBetween(facts.activistSince, today) }),
      m("cultivateMonths", { months, on: isoDay(metOn) }),
    );
  };
}

function pollsFor(purpose: Purpose): Check {
  return (facts, policy) => {
    const polls = facts.polls.filter((poll) => poll.purpose === purpose);
    if (polls.length === 0) return policy.pollsRequired ? notYet(m("noPoll"), m("holdPoll")) : null;
    const thresholds = { postponeBelowPercent: policy.pollPostponeBelowPercent, refuseBelowPercent: policy.pollRefuseBelowPercent };
    const judged = polls.map((poll) => ({ poll, outcome: judgePoll(poll, thresholds) }));
    const worst = judged.find((entry) => entry.outcome.state === "refuse") ?? judged.find((entry) => entry.outcome.state === "postpone");
    if (!worst) return null;
    const evidence = m(worst.poll.scope === "RESIDENCE" ? "pollResidence" : "pollWorkplace", {
      on: isoDay(worst.poll.heldOn),
      approve: worst.poll.approve,
      total: worst.poll.total,
      percent: worst.outcome.percent,
    });
    return worst.outcome.state === "refuse"
      ? { effect: "REFUSED", evidence, remedy: m("pollRefused", { percent: policy.pollRefuseBelowPercent }) }
      : { effect: "POSTPONED", evidence, remedy: m("pollPostponed", { percent: policy.pollPostponeBelowPercent }) };
  };
}

function noticeFor(purpose: Purpose): Check {
  return (facts, policy, today) => {
    const notice = [...facts.notices].filter((n) => n.purpose === purpose).sort((a, b) => b.startsOn.getTime() - a.startsOn.getTime())[0];
    if (!notice) return notYet(m("noNotice"), m("holdNotice", { days: policy.publicNoticeDays }));
    const days = Math.round((notice.endsOn.getTime() - notice.startsOn.getTime()) / 86_400_000) + 1;
    const period = { start: isoDay(notice.startsOn), end: isoDay(notice.endsOn), days };
    if (days < policy.publicNoticeDays) return notYet(m("noticePeriod", period), m("noticeAgain", { days: policy.publicNoticeDays }));
    if (notice.objections > 0 && !notice.objectionsCleared) {
      return {
        effect: "POSTPONED",
        evidence: m("noticeObjections", { ...period, objections: notice.objections }),
        remedy: m("clearObjections"),
      };
    }
    return waitUntil(addDays(notice.endsOn, 1), today, m("noticeRunning", period), m("noticeEnds", { on: isoDay(notice.endsOn) }));
  };
}

function voteFor(purpose: Purpose): Check {
  return (facts) => {
    const vote = latest(facts.votes.filter((v) => v.purpose === purpose));
    if (!vote) return notYet(m("noVote"), m("holdVote"));
    const outcome = judgeVote(vote);
    const figures = { on: isoDay(vote.heldOn), entitled: vote.entitled, present: vote.present, yes: vote.yes, advanceYes: vote.advanceYes };
    if (outcome.state === "invalid")
      return notYet(m("voteInvalid", { ...figures, needed: outcome.needed }), m("voteAgain", { needed: outcome.needed }));
    if (outcome.state === "failed") {
      return {
        effect: "REFUSED",
        evidence: m("voteFailed", { ...figures, yesTotal: outcome.yesTotal, needed: outcome.needed }),
        remedy: m("voteFailed"),
      };
    }
    return null;
  };
}

const RULE_CHECKS: Record<Exclude<Stage, "NONE" | "FULL_MEMBER">, [RuleId, Check][]> = {
  APPLICANT: [
    [
      "minimum-age",
      (facts, _policy, today) => {
        if (!facts.birthDate) return notYet(m("noBirthDate"), m("recordBirthDate"));
        const adult = addMonths(facts.birthDate, 18 * 12);
        return waitUntil(adult, today, m("bornOn", { on: isoDay(facts.birthDate) }), m("turns18", { on: isoDay(adult) }));
      },
    ],
    [
      "application-talk",
      (facts, _policy, today) => {
        if (facts.applicationTalkOn) return null;
        if (!facts.appliedOn) return notYet(m("noTalk"), m("holdTalk"));
        const due = addMonths(facts.appliedOn, 1);
        return notYet(
          due < today
            ? m("noTalkOverdue", { applied: isoDay(facts.appliedOn), due: isoDay(due) })
            : m("noTalkSinceApplied", { applied: isoDay(facts.appliedOn) }),
          m("holdTalk"),
        );
      },
    ],
    ["activist-recommendation", (facts) => (facts.recommendations.length > 0 ? null : notYet(m("noRecommendation"), m("recommend")))],
  ],
  ACTIVIST: [
    ["cultivation-before-target", (facts, policy, today) => cultivationFor(policy.minCultivationMonthsForTarget)(facts, policy, today)],
    [
      "cultivation-contacts",
      (facts) =>
        facts.contacts >= 1 && facts.contacts <= 2 ? null : notYet(m("contacts", { count: facts.contacts }), m("assignContacts")),
    ],
    [
      "half-yearly-assessment",
      (facts, _policy, today) => {
        if (!facts.activistSince) return null;
        const due = Math.floor(wholeMonthsBetween(facts.activistSince, today) / 6);
        const done = facts.assessments.filter((a) => a.on >= facts.activistSince!);
        const last = [...done].sort((a, b) => b.on.getTime() - a.on.getTime())[0];
        if (last && !last.passed)
          return { effect: "POSTPONED", evidence: m("assessmentFailed", { on: isoDay(last.on) }), remedy: m("passNextAssessment") };
        if (done.length >= due) return null;
        return notYet(m("assessmentsMissing", { due, done: done.length }), m("doAssessment"));
      },
    ],
    [
      "thought-reports",
      (facts, policy, today) => {
        if (!facts.activistSince) return null;
        const due = Math.floor(wholeMonthsBetween(facts.activistSince, today) / policy.thoughtReportEveryMonths);
        const handed = facts.thoughtReports.filter((on) => on >= facts.activistSince!).length;
        if (handed >= due) return null;
        return notYet(
          m("reportsMissing", { every: policy.thoughtReportEveryMonths, due, handed }),
          m("handInReports", { count: due - handed }),
        );
      },
    ],
    ["opinions-heard", (facts) => (facts.opinionsHeardOn ? null : notYet(m("noOpinions"), m("hearOpinions")))],
    [
      "required-courses",
      (facts, policy) => {
        const missing = policy.requiredCourses.filter((course) => !facts.completedCourses.includes(course));
        return missing.length === 0 ? null : notYet(m("coursesMissing", { courses: missing.join("、") }), m("completeCourses"));
      },
    ],
  ],
  DEVELOPMENT_TARGET: [
    [
      "six-no-special-cultivation",
      (facts, policy) =>
        policy.sixNoDevelop && !facts.activistSince
          ? { effect: "REFUSED", evidence: m("neverActivist"), remedy: m("sixNoSpecialCultivation") }
          : null,
    ],
    [
      "cultivation-before-admission",
      (facts, policy, today) => cultivationFor(policy.minCultivationMonthsForAdmission)(facts, policy, today),
    ],
    ["sponsors", (facts) => (facts.sponsors === 2 ? null : notYet(m("sponsors", { count: facts.sponsors }), m("chooseSponsors")))],
    [
      "six-no-political-review",
      (facts, policy) => {
        if (!policy.sixNoDevelop) return null;
        const review = facts.politicalReview;
        if (!review) return { effect: "REFUSED", evidence: m("noReview"), remedy: m("sixNoReview") };
        return review.conclusion === "UNCLEAR"
          ? { effect: "REFUSED", evidence: m("reviewUnclear", { on: isoDay(review.on) }), remedy: m("sixNoReviewUnclear") }
          : null;
      },
    ],
    [
      "political-review",
      (facts, policy, today) => {
        const review = facts.politicalReview;
        // Under the six conditions a missing or unclear review is a refusal, reported above.
        const refusedAbove = policy.sixNoDevelop && (!review || review.conclusion === "UNCLEAR");
        if (refusedAbove) return null;
        if (!review) return notYet(m("noReview"), m("doReview"));
        if (review.conclusion === "UNQUALIFIED")
          return { effect: "REFUSED", evidence: m("reviewUnqualified", { on: isoDay(review.on) }), remedy: m("reviewUnqualified") };
        if (review.conclusion === "UNCLEAR") return notYet(m("reviewUnclear", { on: isoDay(review.on) }), m("clarifyReview"));
        const expires = addMonths(review.on, policy.politicalReviewValidMonths);
        return expires > today
          ? null
          : notYet(
              m("reviewExpired", { on: isoDay(review.on), expires: isoDay(expires), months: policy.politicalReviewValidMonths }),
              m("redoReview"),
            );
      },
    ],
    [
      "concentrated-training",
      (facts, policy) =>
        facts.concentratedTrainingHours >= policy.minConcentratedTrainingHours
          ? null
          : notYet(
              m("trainingHours", { hours: facts.concentratedTrainingHours }),
              m("attendTraining", { hours: policy.minConcentratedTrainingHours }),
            ),
    ],
    [
      "six-no-recommendation",
      (facts, policy) =>
        policy.sixNoDevelop && !facts.recommendations.some((r) => r.source !== "MEMBER")
          ? notYet(m("noLeagueOrMassesRecommendation"), m("recommendByLeagueOrMasses"))
          : null,
    ],
    [
      "six-no-inspection",
      (facts, policy) => {
        if (!policy.sixNoDevelop) return null;
        const inspection = facts.inspection;
        if (!inspection) return notYet(m("noInspection"), m("recordInspection"));
        if (inspection.result === "AVERAGE" || inspection.result === "POOR" || inspection.strongObjections) {
          const evidence = m(inspection.strongObjections ? "inspectionWithObjections" : "inspection", {
            on: isoDay(inspection.on),
            result: inspection.result,
          });
          return { effect: "REFUSED", evidence, remedy: m("sixNoInspection") };
        }
        return null;
      },
    ],
    ["committee-review", (facts) => (facts.committeeReviewOn ? null : notYet(m("noCommitteeReview"), m("committeeReview")))],
    [
      "pre-review",
      (facts) => {
        if (!facts.preReview) return notYet(m("noPreReview"), m("preReview"));
        return facts.preReview.approved
          ? null
          : { effect: "POSTPONED", evidence: m("preReviewRefused", { on: isoDay(facts.preReview.on) }), remedy: m("preReviewAgain") };
      },
    ],
    ["opinion-poll", pollsFor("ADMISSION")],
    ["public-notice", noticeFor("ADMISSION")],
    ["branch-vote", voteFor("ADMISSION")],
  ],
  PROBATIONARY: [
    [
      "probation-period",
      (facts, _policy, today) => {
        if (!facts.admittedOn) return notYet(m("noAdmissionDate"), m("recordAdmissionDate"));
        const ends = addMonths(facts.admittedOn, 12 + facts.probationExtensionMonths);
        const evidence =
          facts.probationExtensionMonths > 0
            ? m("admittedExtended", { on: isoDay(facts.admittedOn), months: facts.probationExtensionMonths })
            : m("admitted", { on: isoDay(facts.admittedOn) });
        return waitUntil(ends, today, evidence, m("probationEnds", { on: isoDay(ends) }));
      },
    ],
    ["oath", (facts) => (facts.oathOn ? null : notYet(m("noOath"), m("holdOath")))],
    ["conversion-application", (facts) => (facts.conversionAppliedOn ? null : notYet(m("noConversionApplication"), m("applyConversion")))],
    ["opinion-poll", pollsFor("CONVERSION")],
    ["public-notice", noticeFor("CONVERSION")],
    ["branch-vote", voteFor("CONVERSION")],
  ],
};

const SEVERITY: Record<Effect, number> = { NOT_YET: 1, POSTPONED: 2, REFUSED: 3 };

/** null when the person has no next step to judge (not on the path, or a full member). */
export function evaluate(facts: Facts, policy: Policy, today: Date): Verdict | null {
  const nextStage = NEXT_STAGE[facts.stage];
  if (!nextStage || facts.stage === "NONE" || facts.stage === "FULL_MEMBER") return null;
  const reasons = RULE_CHECKS[facts.stage].flatMap(([rule, check]) => {
    const failed = check(facts, policy, today);
    return failed ? [{ rule, ...failed }] : [];
  });
  const worst = reasons.reduce<Effect | null>(
    (current, reason) => (current && SEVERITY[current] >= SEVERITY[reason.effect] ? current : reason.effect),
    null,
  );
  const onlyTime = reasons.length > 0 && reasons.every((reason) => reason.metOn !== undefined);
  return {
    nextStage,
    status: worst ?? "ELIGIBLE",
    earliestOn: onlyTime ? new Date(Math.max(...reasons.map((reason) => reason.metOn!.getTime()))) : null,
    reasons,
  };
}

// ─── Facts that cannot be true ──────────────────────────────────────────────

/**
 * Impossible records, each naming its field and a code under
 * development.problems: a date in the future, steps out of order, figures that
 * cannot add up. The engine judges only facts that pass.
 */
export function checkFacts(facts: Facts, today: Date): Problem[] {
  const problems: Problem[] = [];
  const dated: [string, Date | null | undefined][] = [
    ["birthDate", facts.birthDate],
    ["appliedOn", facts.appliedOn],
    ["applicationTalkOn", facts.applicationTalkOn],
    ["activistSince", facts.activistSince],
    ["opinionsHeardOn", facts.opinionsHeardOn],
    ["targetSince", facts.targetSince],
    ["politicalReview.on", facts.politicalReview?.on],
    ["committeeReviewOn", facts.committeeReviewOn],
    ["preReview.on", facts.preReview?.on],
    ["admittedOn", facts.admittedOn],
    ["oathOn", facts.oathOn],
    ["conversionAppliedOn", facts.conversionAppliedOn],
  ];
  facts.recommendations.forEach((item, index) => dated.push([`recommendations[${index}].on`, item.on]));
  facts.assessments.forEach((item, index) => dated.push([`assessments[${index}].on`, item.on]));
  facts.polls.forEach((item, index) => dated.push([`polls[${index}].heldOn`, item.heldOn]));
  facts.votes.forEach((item, index) => dated.push([`votes[${index}].heldOn`, item.heldOn]));
  // A notice may still be running, so only its start must have come.
  facts.notices.forEach((item, index) => dated.push([`notices[${index}].startsOn`, item.startsOn]));
  for (const [field, date] of dated) {
    if (date && date > today) problems.push({ field, code: "futureDate", params: { date: isoDay(date), today: isoDay(today) } });
  }
  const order: [string, Date | null | undefined][] = [
    ["appliedOn", facts.appliedOn],
    ["activistSince", facts.activistSince],
    ["targetSince", facts.targetSince],
    ["admittedOn", facts.admittedOn],
  ];
  const present = order.filter((entry): entry is [string, Date] => Boolean(entry[1]));
  for (let index = 1; index < present.length; index += 1) {
    const [earlierField, earlier] = present[index - 1]!;
    const [field, date] = present[index]!;
    if (date < earlier)
      problems.push({ field, code: `beforeStep.${earlierField}`, params: { date: isoDay(date), earlier: isoDay(earlier) } });
  }
  if (facts.appliedOn && facts.birthDate && facts.appliedOn < facts.birthDate) {
    problems.push({
      field: "appliedOn",
      code: "applicationBeforeBirth",
      params: { applied: isoDay(facts.appliedOn), born: isoDay(facts.birthDate) },
    });
  }
  if (facts.politicalReview && facts.appliedOn && facts.politicalReview.on < facts.appliedOn) {
    problems.push({
      field: "politicalReview.on",
      code: "reviewBeforeApplication",
      params: { review: isoDay(facts.politicalReview.on), applied: isoDay(facts.appliedOn) },
    });
  }
  if (facts.contacts > 2) problems.push({ field: "contacts", code: "tooManyContacts", params: { count: facts.contacts } });
  if (facts.sponsors > 2) problems.push({ field: "sponsors", code: "tooManySponsors", params: { count: facts.sponsors } });
  if (facts.probationExtensionMonths !== 0 && (facts.probationExtensionMonths < 6 || facts.probationExtensionMonths > 12)) {
    problems.push({ field: "probationExtensionMonths", code: "extensionRange", params: { months: facts.probationExtensionMonths } });
  }
  facts.polls.forEach((poll, index) => {
    for (const problem of checkPollFigures(poll)) problems.push({ ...problem, field: `polls[${index}].${problem.field}` });
  });
  facts.votes.forEach((vote, index) => {
    for (const problem of checkVoteFigures(vote)) problems.push({ ...problem, field: `votes[${index}].${problem.field}` });
  });
  facts.notices.forEach((notice, index) => {
    if (notice.endsOn < notice.startsOn)
      problems.push({
        field: `notices[${index}].endsOn`,
        code: "noticeEndsBeforeStart",
        params: { start: isoDay(notice.startsOn), end: isoDay(notice.endsOn) },
      });
  });
  return problems;
}
