// 发展条件: whether a person may take his next step on the path to membership,
// and for every "no" which rule, which record and what would satisfy it.
// Pure: the facts come from server records (never a device clock), `today` from
// the server, the policy from the organization tree (policy.ts).
import { addDays, addMonths, isoDay, wholeMonthsBetween } from "../calendar.ts";
import type { Policy } from "./policy.ts";
import { RULES, type RuleId } from "./rule-set.ts";
import { checkPollFigures, checkVoteFigures, judgePoll, judgeVote, type FigureProblem } from "./votes-and-polls.ts";

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

export type Reason = {
  rule: RuleId;
  article: string;
  effect: Effect;
  /** Which record, which figure. */
  evidence: string;
  /** What would satisfy the rule. */
  remedy: string;
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

type Check = (facts: Facts, policy: Policy, today: Date) => Omit<Reason, "rule" | "article"> | null;

function waitUntil(metOn: Date, today: Date, evidence: string, remedy: string): Omit<Reason, "rule" | "article"> | null {
  return metOn <= today ? null : { effect: "NOT_YET", evidence, remedy, metOn };
}

const latest = <T extends { heldOn: Date }>(items: T[]) => [...items].sort((a, b) => b.heldOn.getTime() - a.heldOn.getTime())[0];

function cultivationFor(months: number): Check {
  return (facts, _policy, today) => {
    if (!facts.activistSince) {
      return { effect: "NOT_YET", evidence: "没有确定为入党积极分子的日期记录", remedy: "记录支部委员会确定其为入党积极分子的日期" };
    }
    const metOn = addMonths(facts.activistSince, months);
    return waitUntil(metOn, today, `${isoDay(facts.activistSince)} 确定为入党积极分子，已培养 ${wholeMonthsBetween(facts.activistSince, today)} 个月`, `培养教育满 ${months} 个月（${isoDay(metOn)}）`);
  };
}

function pollsFor(purpose: Purpose): Check {
  return (facts, policy) => {
    const polls = facts.polls.filter((poll) => poll.purpose === purpose);
    if (polls.length === 0) {
      return policy.pollsRequired ? { effect: "NOT_YET", evidence: "没有民意调查记录", remedy: "在其居住地和工作单位开展民意调查并记录赞成人数和参与人数" } : null;
    }
    const thresholds = { postponeBelowPercent: policy.pollPostponeBelowPercent, refuseBelowPercent: policy.pollRefuseBelowPercent };
    const judged = polls.map((poll) => ({ poll, outcome: judgePoll(poll, thresholds) }));
    const worst = judged.find((entry) => entry.outcome.state === "refuse") ?? judged.find((entry) => entry.outcome.state === "postpone");
    if (!worst) return null;
    const where = worst.poll.scope === "RESIDENCE" ? "居住地" : "工作单位";
    const evidence = `${isoDay(worst.poll.heldOn)} ${where}民意调查赞成 ${worst.poll.approve}/${worst.poll.total}（${worst.outcome.percent}%）`;
    return worst.outcome.state === "refuse"
      ? { effect: "REFUSED", evidence, remedy: `赞成率低于 ${policy.pollRefuseBelowPercent}%，不予发展` }
      : { effect: "POSTPONED", evidence, remedy: `赞成率需达到 ${policy.pollPostponeBelowPercent}%，暂缓后继续培养并重新调查` };
  };
}

function noticeFor(purpose: Purpose): Check {
  return (facts, policy, today) => {
    const notice = [...facts.notices].filter((n) => n.purpose === purpose).sort((a, b) => b.startsOn.getTime() - a.startsOn.getTime())[0];
    if (!notice) return { effect: "NOT_YET", evidence: "没有公示记录", remedy: `公示不少于 ${policy.publicNoticeDays} 天` };
    const days = Math.round((notice.endsOn.getTime() - notice.startsOn.getTime()) / 86_400_000) + 1;
    const period = `${isoDay(notice.startsOn)} 至 ${isoDay(notice.endsOn)} 公示 ${days} 天`;
    if (days < policy.publicNoticeDays) return { effect: "NOT_YET", evidence: period, remedy: `重新公示，不少于 ${policy.publicNoticeDays} 天` };
    if (notice.objections > 0 && !notice.objectionsCleared) {
      return { effect: "POSTPONED", evidence: `${period}，收到反映 ${notice.objections} 件，尚未查清`, remedy: "查清公示期间反映的问题并记录结论" };
    }
    return waitUntil(addDays(notice.endsOn, 1), today, `${period}，尚未期满`, `公示期满（${isoDay(notice.endsOn)}）`);
  };
}

function voteFor(purpose: Purpose): Check {
  return (facts) => {
    const vote = latest(facts.votes.filter((v) => v.purpose === purpose));
    if (!vote) return { effect: "NOT_YET", evidence: "没有支部大会表决记录", remedy: "召开支部大会讨论表决" };
    const outcome = judgeVote(vote);
    const figures = `${isoDay(vote.heldOn)} 支部大会：应到会 ${vote.entitled} 人，到会 ${vote.present} 人，赞成 ${vote.yes} 票，书面赞成 ${vote.advanceYes} 份`;
    if (outcome.state === "invalid") {
      return { effect: "NOT_YET", evidence: `${figures}，到会不足 ${outcome.needed} 人，表决无效`, remedy: `重新召开支部大会，到会至少 ${outcome.needed} 人` };
    }
    if (outcome.state === "failed") {
      return { effect: "REFUSED", evidence: `${figures}，赞成共 ${outcome.yesTotal} 票，不足 ${outcome.needed} 票`, remedy: "表决未通过，本次不予发展" };
    }
    return null;
  };
}

const RULE_CHECKS: Record<Exclude<Stage, "NONE" | "FULL_MEMBER">, [RuleId, Check][]> = {
  APPLICANT: [
    ["minimum-age", (facts, _policy, today) => {
      if (!facts.birthDate) return { effect: "NOT_YET", evidence: "没有出生日期记录", remedy: "记录出生日期" };
      return waitUntil(addMonths(facts.birthDate, 18 * 12), today, `出生于 ${isoDay(facts.birthDate)}`, `年满十八岁（${isoDay(addMonths(facts.birthDate, 18 * 12))}）`);
    }],
    ["application-talk", (facts, _policy, today) => {
      if (facts.applicationTalkOn) return null;
      const overdue = facts.appliedOn && addMonths(facts.appliedOn, 1) < today ? `，已超过一个月（${isoDay(addMonths(facts.appliedOn, 1))} 前应谈话）` : "";
      return { effect: "NOT_YET", evidence: `没有谈话记录${facts.appliedOn ? `，${isoDay(facts.appliedOn)} 递交申请${overdue}` : ""}`, remedy: "党组织派人同入党申请人谈话并记录" };
    }],
    ["activist-recommendation", (facts) =>
      facts.recommendations.length > 0 ? null : { effect: "NOT_YET", evidence: "没有推荐记录", remedy: "经党员推荐或群团组织推优，并记录推荐来源" }],
  ],
  ACTIVIST: [
    ["cultivation-before-target", (facts, policy, today) => cultivationFor(policy.minCultivationMonthsForTarget)(facts, policy, today)],
    ["cultivation-contacts", (facts) =>
      facts.contacts >= 1 && facts.contacts <= 2 ? null : { effect: "NOT_YET", evidence: `现有培养联系人 ${facts.contacts} 名`, remedy: "指定一至两名正式党员作培养联系人" }],
    ["half-yearly-assessment", (facts, _policy, today) => {
      if (!facts.activistSince) return null;
      const due = Math.floor(wholeMonthsBetween(facts.activistSince, today) / 6);
      const done = facts.assessments.filter((a) => a.on >= facts.activistSince!);
      const last = [...done].sort((a, b) => b.on.getTime() - a.on.getTime())[0];
      if (last && !last.passed) return { effect: "POSTPONED", evidence: `${isoDay(last.on)} 的考察结论为不合格`, remedy: "继续培养，下次半年考察合格" };
      if (done.length >= due) return null;
      return { effect: "NOT_YET", evidence: `培养期间应考察 ${due} 次，已记录 ${done.length} 次`, remedy: "补做半年考察并记录结论" };
    }],
    ["thought-reports", (facts, policy, today) => {
      if (!facts.activistSince) return null;
      const due = Math.floor(wholeMonthsBetween(facts.activistSince, today) / policy.thoughtReportEveryMonths);
      const handed = facts.thoughtReports.filter((on) => on >= facts.activistSince!).length;
      if (handed >= due) return null;
      return { effect: "NOT_YET", evidence: `每 ${policy.thoughtReportEveryMonths} 个月一份，应交 ${due} 份，已交 ${handed} 份`, remedy: `补交 ${due - handed} 份思想汇报` };
    }],
    ["opinions-heard", (facts) =>
      facts.opinionsHeardOn ? null : { effect: "NOT_YET", evidence: "没有听取意见的记录", remedy: "听取党小组、培养联系人、党员和群众意见并记录" }],
    ["required-courses", (facts, policy) => {
      const missing = policy.requiredCourses.filter((course) => !facts.completedCourses.includes(course));
      return missing.length === 0 ? null : { effect: "NOT_YET", evidence: `未完成必修课程：${missing.join("、")}`, remedy: "学完必修课程的全部课时" };
    }],
  ],
  DEVELOPMENT_TARGET: [
    ["six-no-special-cultivation", (facts, policy) =>
      policy.sixNoDevelop && !facts.activistSince ? { effect: "REFUSED", evidence: "没有列为入党积极分子的记录", remedy: "未经入党积极分子阶段专门培养，不予发展" } : null],
    ["cultivation-before-admission", (facts, policy, today) => cultivationFor(policy.minCultivationMonthsForAdmission)(facts, policy, today)],
    ["sponsors", (facts) =>
      facts.sponsors === 2 ? null : { effect: "NOT_YET", evidence: `现有入党介绍人 ${facts.sponsors} 名`, remedy: "确定两名正式党员作入党介绍人" }],
    ["six-no-political-review", (facts, policy) => {
      if (!policy.sixNoDevelop) return null;
      const review = facts.politicalReview;
      if (!review) return { effect: "REFUSED", evidence: "没有政治审查记录", remedy: "没有政审的不予发展" };
      return review.conclusion === "UNCLEAR" ? { effect: "REFUSED", evidence: `${isoDay(review.on)} 政审结论：情况不清`, remedy: "政审不清的不予发展" } : null;
    }],
    ["political-review", (facts, policy, today) => {
      const review = facts.politicalReview;
      // Under the six conditions a missing or unclear review is a refusal, reported above.
      const refusedAbove = policy.sixNoDevelop && (!review || review.conclusion === "UNCLEAR");
      if (refusedAbove) return null;
      if (!review) return { effect: "NOT_YET", evidence: "没有政治审查记录", remedy: "进行政治审查并形成结论性材料" };
      if (review.conclusion === "UNQUALIFIED") return { effect: "REFUSED", evidence: `${isoDay(review.on)} 政审结论：不合格`, remedy: "政审不合格的不能发展" };
      if (review.conclusion === "UNCLEAR") return { effect: "NOT_YET", evidence: `${isoDay(review.on)} 政审结论：情况不清`, remedy: "查清情况，形成明确的政审结论" };
      const expires = addMonths(review.on, policy.politicalReviewValidMonths);
      return expires > today ? null : { effect: "NOT_YET", evidence: `${isoDay(review.on)} 的政审已于 ${isoDay(expires)} 过期（有效 ${policy.politicalReviewValidMonths} 个月）`, remedy: "重新进行政治审查" };
    }],
    ["concentrated-training", (facts, policy) =>
      facts.concentratedTrainingHours >= policy.minConcentratedTrainingHours
        ? null
        : { effect: "NOT_YET", evidence: `集中培训 ${facts.concentratedTrainingHours} 学时`, remedy: `参加党委集中培训，累计不少于 ${policy.minConcentratedTrainingHours} 学时` }],
    ["six-no-recommendation", (facts, policy) =>
      policy.sixNoDevelop && !facts.recommendations.some((r) => r.source !== "MEMBER")
        ? { effect: "NOT_YET", evidence: "没有团组织推优或群众推荐的记录", remedy: "经团组织推优或群众推荐并记录来源" }
        : null],
    ["six-no-inspection", (facts, policy) => {
      if (!policy.sixNoDevelop) return null;
      const inspection = facts.inspection;
      if (!inspection) return { effect: "NOT_YET", evidence: "没有考察结果记录", remedy: "记录对发展对象的考察结果" };
      if (inspection.result === "AVERAGE" || inspection.result === "POOR" || inspection.strongObjections) {
        const label = { EXCELLENT: "优秀", GOOD: "良好", AVERAGE: "一般", POOR: "较差" }[inspection.result];
        return { effect: "REFUSED", evidence: `${isoDay(inspection.on)} 考察结果：${label}${inspection.strongObjections ? "，群众意见大" : ""}`, remedy: "考察表现一般或群众意见大的，不予发展" };
      }
      return null;
    }],
    ["committee-review", (facts) =>
      facts.committeeReviewOn ? null : { effect: "NOT_YET", evidence: "没有支部委员会审查记录", remedy: "支部委员会审查并记录" }],
    ["pre-review", (facts) => {
      if (!facts.preReview) return { effect: "NOT_YET", evidence: "没有上级党委预审记录", remedy: "报上级党委预审" };
      return facts.preReview.approved ? null : { effect: "POSTPONED", evidence: `${isoDay(facts.preReview.on)} 上级党委预审未同意`, remedy: "按预审意见继续培养后重新报审" };
    }],
    ["opinion-poll", pollsFor("ADMISSION")],
    ["public-notice", noticeFor("ADMISSION")],
    ["branch-vote", voteFor("ADMISSION")],
  ],
  PROBATIONARY: [
    ["probation-period", (facts, _policy, today) => {
      if (!facts.admittedOn) return { effect: "NOT_YET", evidence: "没有支部大会接收为预备党员的日期记录", remedy: "记录支部大会通过的日期" };
      const ends = addMonths(facts.admittedOn, 12 + facts.probationExtensionMonths);
      const extended = facts.probationExtensionMonths > 0 ? `，延长 ${facts.probationExtensionMonths} 个月` : "";
      return waitUntil(ends, today, `${isoDay(facts.admittedOn)} 支部大会通过${extended}`, `预备期满（${isoDay(ends)}）`);
    }],
    ["oath", (facts) => (facts.oathOn ? null : { effect: "NOT_YET", evidence: "没有入党宣誓记录", remedy: "组织入党宣誓并记录日期" })],
    ["conversion-application", (facts) =>
      facts.conversionAppliedOn ? null : { effect: "NOT_YET", evidence: "没有转正申请记录", remedy: "本人提出书面转正申请" }],
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
    return failed ? [{ rule, article: RULES[rule].article, ...failed }] : [];
  });
  const worst = reasons.reduce<Effect | null>((current, reason) => (current && SEVERITY[current] >= SEVERITY[reason.effect] ? current : reason.effect), null);
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
 * Impossible records, each naming its field: a date in the future, steps out
 * of order, figures that cannot add up. The engine judges only facts that pass.
 */
export function checkFacts(facts: Facts, today: Date): FigureProblem[] {
  const problems: FigureProblem[] = [];
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
    if (date && date > today) problems.push({ field, message: `${isoDay(date)} 晚于今天 ${isoDay(today)} (a date in the future)` });
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
    if (date < earlier) problems.push({ field, message: `${isoDay(date)} 早于 ${earlierField} 的 ${isoDay(earlier)} (a step dated before the step it follows)` });
  }
  if (facts.appliedOn && facts.birthDate && facts.appliedOn < facts.birthDate) {
    problems.push({ field: "appliedOn", message: "申请日期早于出生日期 (application before birth)" });
  }
  if (facts.politicalReview && facts.appliedOn && facts.politicalReview.on < facts.appliedOn) {
    problems.push({ field: "politicalReview.on", message: `政审日期 ${isoDay(facts.politicalReview.on)} 早于申请日期 ${isoDay(facts.appliedOn)} (review before application)` });
  }
  if (facts.contacts > 2) problems.push({ field: "contacts", message: `培养联系人最多两名，记录了 ${facts.contacts} 名 (at most two contacts)` });
  if (facts.sponsors > 2) problems.push({ field: "sponsors", message: `入党介绍人为两名，记录了 ${facts.sponsors} 名 (exactly two sponsors)` });
  if (facts.probationExtensionMonths !== 0 && (facts.probationExtensionMonths < 6 || facts.probationExtensionMonths > 12)) {
    problems.push({ field: "probationExtensionMonths", message: `延长预备期应为 6 到 12 个月，记录的是 ${facts.probationExtensionMonths} (an extension is 6–12 months)` });
  }
  facts.polls.forEach((poll, index) => {
    for (const problem of checkPollFigures(poll)) problems.push({ field: `polls[${index}].${problem.field}`, message: problem.message });
  });
  facts.votes.forEach((vote, index) => {
    for (const problem of checkVoteFigures(vote)) problems.push({ field: `votes[${index}].${problem.field}`, message: problem.message });
  });
  facts.notices.forEach((notice, index) => {
    if (notice.endsOn < notice.startsOn) problems.push({ field: `notices[${index}].endsOn`, message: "公示结束日期早于开始日期 (the notice ends before it starts)" });
  });
  return problems;
}
