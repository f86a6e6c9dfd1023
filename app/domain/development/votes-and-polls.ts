// 支部大会表决 and 民意调查: the figures a secretary enters, checked, and what
// they decide.

export type FigureProblem = { field: string; message: string };

export type VoteFigures = {
  /** Full members entitled to vote (应到会有表决权的正式党员). */
  entitled: number;
  /** Entitled members present. */
  present: number;
  /** Yes votes of those present. */
  yes: number;
  /** Written yes opinions sent in advance by absent entitled members (counted). */
  advanceYes: number;
};

export type VoteOutcome =
  | { state: "passed"; yesTotal: number; needed: number }
  | { state: "failed"; yesTotal: number; needed: number }
  | { state: "invalid"; present: number; needed: number };

function wholeNumberProblem(field: string, value: number): FigureProblem | null {
  return Number.isInteger(value) && value >= 0 ? null : { field, message: `应为不小于 0 的整数，填写的是 ${value} (expected a whole number, at least 0)` };
}

/** Every figure that cannot be true, each naming its field. */
export function checkVoteFigures(figures: VoteFigures): FigureProblem[] {
  const problems = (["entitled", "present", "yes", "advanceYes"] as const).flatMap((field) => {
    const problem = wholeNumberProblem(field, figures[field]);
    return problem ? [problem] : [];
  });
  if (problems.length > 0) return problems;
  if (figures.entitled < 1) problems.push({ field: "entitled", message: "应到会人数至少为 1 (at least one member must be entitled to vote)" });
  if (figures.present > figures.entitled) {
    problems.push({ field: "present", message: `到会 ${figures.present} 人多于应到会 ${figures.entitled} 人 (more present than entitled)` });
  }
  if (figures.yes > figures.present) {
    problems.push({ field: "yes", message: `赞成 ${figures.yes} 票多于到会 ${figures.present} 人 (more yes votes than members present)` });
  }
  const absent = Math.max(0, figures.entitled - figures.present);
  if (figures.advanceYes > absent) {
    problems.push({ field: "advanceYes", message: `书面赞成意见 ${figures.advanceYes} 份多于缺席 ${absent} 人 (more written opinions than absent members)` });
  }
  return problems;
}

/** More than half of `total`: 20 → 11, 21 → 11. */
export function moreThanHalf(total: number): number {
  return Math.floor(total / 2) + 1;
}

/**
 * 细则 art. 21: the meeting is valid only when more than half of the entitled
 * members are present; the motion passes only when yes votes (written opinions
 * of absent members included) exceed half of the entitled members, not of
 * those present. Call checkVoteFigures first.
 */
export function judgeVote(figures: VoteFigures): VoteOutcome {
  const quorum = moreThanHalf(figures.entitled);
  if (figures.present < quorum) return { state: "invalid", present: figures.present, needed: quorum };
  const yesTotal = figures.yes + figures.advanceYes;
  return { state: yesTotal >= quorum ? "passed" : "failed", yesTotal, needed: quorum };
}

export type PollFigures = { approve: number; total: number };

export function checkPollFigures(poll: PollFigures): FigureProblem[] {
  const problems = [wholeNumberProblem("approve", poll.approve), wholeNumberProblem("total", poll.total)].filter((p): p is FigureProblem => p !== null);
  if (problems.length > 0) return problems;
  if (poll.total < 1) problems.push({ field: "total", message: "参与人数至少为 1 (at least one person must take part)" });
  if (poll.approve > poll.total) {
    problems.push({ field: "approve", message: `赞成 ${poll.approve} 人多于参与的 ${poll.total} 人 (more approvals than people asked)` });
  }
  return problems;
}

export type PollThresholds = { postponeBelowPercent: number; refuseBelowPercent: number };
export type PollOutcome = { state: "approved" | "postpone" | "refuse"; percent: number };

/** Seed 003's practice, with the thresholds as settings. Exactly at a threshold is not below it. */
export function judgePoll(poll: PollFigures, thresholds: PollThresholds): PollOutcome {
  const percent = (poll.approve / poll.total) * 100;
  const state = percent < thresholds.refuseBelowPercent ? "refuse" : percent < thresholds.postponeBelowPercent ? "postpone" : "approved";
  return { state, percent: Math.round(percent * 10) / 10 };
}
