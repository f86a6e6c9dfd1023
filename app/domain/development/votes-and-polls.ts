// 支部大会表决 and 民意调查: the figures a secretary enters, checked, and what
// they decide.

import type { Problem } from "../../utils/problems.ts";

/** A figure that cannot be true: its field and a code under development.problems. */
export type FigureProblem = Problem;

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
  return Number.isInteger(value) && value >= 0 ? null : { field, code: "notWhole", params: { value } };
}

/** Every figure that cannot be true, each naming its field. */
export function checkVoteFigures(figures: VoteFigures): FigureProblem[] {
  const problems = (["entitled", "present", "yes", "advanceYes"] as const).flatMap((field) => {
    const problem = wholeNumberProblem(field, figures[field]);
    return problem ? [problem] : [];
  });
  if (problems.length > 0) return problems;
  if (figures.entitled < 1) problems.push({ field: "entitled", code: "noneEntitled" });
  if (figures.present > figures.entitled) {
    problems.push({ field: "present", code: "presentOverEntitled", params: { present: figures.present, entitled: figures.entitled } });
  }
  if (figures.yes > figures.present) {
    problems.push({ field: "yes", code: "yesOverPresent", params: { yes: figures.yes, present: figures.present } });
  }
  const absent = Math.max(0, figures.entitled - figures.present);
  if (figures.advanceYes > absent) {
    problems.push({ field: "advanceYes", code: "advanceOverAbsent", params: { advanceYes: figures.advanceYes, absent } });
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
  const problems = [wholeNumberProblem("approve", poll.approve), wholeNumberProblem("total", poll.total)].filter(
    (p): p is FigureProblem => p !== null,
  );
  if (problems.length > 0) return problems;
  if (poll.total < 1) problems.push({ field: "total", code: "nobodyAsked" });
  if (poll.approve > poll.total) {
    problems.push({ field: "approve", code: "approveOverTotal", params: { approve: poll.approve, total: poll.total } });
  }
  return problems;
}

export type PollThresholds = { postponeBelowPercent: number; refuseBelowPercent: number };
export type PollOutcome = { state: "approved" | "postpone" | "refuse"; percent: number };

/** A local practice (民意调查 80/60), with the thresholds as settings. Exactly at a threshold is not below it. */
export function judgePoll(poll: PollFigures, thresholds: PollThresholds): PollOutcome {
  const percent = (poll.approve / poll.total) * 100;
  const state = percent < thresholds.refuseBelowPercent ? "refuse" : percent < thresholds.postponeBelowPercent ? "postpone" : "approved";
  return { state, percent: Math.round(percent * 10) / 10 };
}
