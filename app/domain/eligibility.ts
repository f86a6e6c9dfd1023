// 发展党员: whether a person may take his next step, and why not. This first
// rule set covers the two clocks of DOMAIN.md that the platform already has
// facts for (cultivation time, concentrated-training hours); the full versioned
// rule set with every article comes with the membership-path work.

export type DevelopmentStage = "NONE" | "APPLICANT" | "ACTIVIST" | "DEVELOPMENT_TARGET" | "PROBATIONARY" | "FULL_MEMBER";
export const DEVELOPMENT_STAGES: readonly DevelopmentStage[] = [
  "NONE",
  "APPLICANT",
  "ACTIVIST",
  "DEVELOPMENT_TARGET",
  "PROBATIONARY",
  "FULL_MEMBER",
];

export type EligibilityStatus = "ELIGIBLE" | "NOT_YET" | "POSTPONED" | "REFUSED";

export type Reason = {
  rule: string;
  /** Where the rule comes from, e.g. "《发展党员工作细则》第十三条" */
  article: string;
  evidence: string;
  remedy: string;
};

export type Policy = {
  /** Months of cultivation before an activist may become a development target (national: more than one year). */
  minCultivationMonthsForTarget: number;
  /** Class hours of concentrated training before admission (national: 3 days or 24 class hours). */
  minTrainingHoursForAdmission: number;
};

export const DEFAULT_POLICY: Policy = { minCultivationMonthsForTarget: 12, minTrainingHoursForAdmission: 24 };
export const RULE_SET_VERSION = "2014-basic-1";

export type PersonFacts = {
  stage: DevelopmentStage;
  /** When he entered his current stage (server record). */
  stageSince: Date | null;
  /** Class hours in the ledger that count as training. */
  trainingHours: number;
};

export type EligibilityVerdict = {
  nextStage: DevelopmentStage;
  status: EligibilityStatus;
  earliestOn: Date | null;
  reasons: Reason[];
};

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

const NEXT: Partial<Record<DevelopmentStage, DevelopmentStage>> = {
  APPLICANT: "ACTIVIST",
  ACTIVIST: "DEVELOPMENT_TARGET",
  DEVELOPMENT_TARGET: "PROBATIONARY",
  PROBATIONARY: "FULL_MEMBER",
};

/** null when the person has no next step to judge (not on the path, or a full member). */
export function evaluateEligibility(facts: PersonFacts, today: Date, policy: Policy = DEFAULT_POLICY): EligibilityVerdict | null {
  const nextStage = NEXT[facts.stage];
  if (!nextStage) return null;
  const reasons: Reason[] = [];
  let earliestOn: Date | null = null;

  if (facts.stage === "ACTIVIST") {
    const since = facts.stageSince;
    const due = since ? addMonths(since, policy.minCultivationMonthsForTarget) : null;
    if (!due || due > today) {
      earliestOn = due;
      reasons.push({
        rule: "cultivation-period",
        article: "《中国共产党发展党员工作细则》第十三条",
        evidence: since ? `列为积极分子于 ${since.toISOString().slice(0, 10)}` : "没有列为积极分子的日期记录",
        remedy: `培养教育满 ${policy.minCultivationMonthsForTarget} 个月`,
      });
    }
  }
  if (facts.stage === "DEVELOPMENT_TARGET" && facts.trainingHours < policy.minTrainingHoursForAdmission) {
    reasons.push({
      rule: "concentrated-training",
      article: "《中国共产党发展党员工作细则》第十七条",
      evidence: `已取得 ${facts.trainingHours} 学时`,
      remedy: `参加集中培训，累计不少于 ${policy.minTrainingHoursForAdmission} 学时`,
    });
  }
  const onlyTimeMissing = reasons.length > 0 && reasons.every((reason) => reason.rule === "cultivation-period") && earliestOn !== null;
  return {
    nextStage,
    status: reasons.length === 0 ? "ELIGIBLE" : "NOT_YET",
    earliestOn: onlyTimeMissing ? earliestOn : null,
    reasons,
  };
}
