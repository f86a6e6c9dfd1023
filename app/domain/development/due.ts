// What a trainer should do next for a person: overdue thought reports, a
// half-yearly assessment due, a political review about to expire. Reminders,
// not verdicts: the engine (evaluate.ts) decides eligibility.
import { type Facts } from "./evaluate.ts";
import type { Policy } from "./policy.ts";
import { addMonths, isoDay, wholeMonthsBetween } from "../calendar.ts";

export type DueItem =
  | { kind: "reports"; count: number }
  | { kind: "assessment"; count: number }
  | { kind: "reviewExpired"; on: string }
  | { kind: "reviewExpiring"; on: string };

/** A review expiring within this many days is flagged, so a new one can be arranged in time. */
export const REVIEW_WARNING_DAYS = 60;

export function dueItems(facts: Facts, policy: Policy, today: Date): DueItem[] {
  const items: DueItem[] = [];
  const cultivating = facts.stage === "ACTIVIST" || facts.stage === "DEVELOPMENT_TARGET";
  if (cultivating && facts.activistSince) {
    const months = wholeMonthsBetween(facts.activistSince, today);
    const since = facts.activistSince;
    if (facts.stage === "ACTIVIST") {
      const reportsMissing = Math.floor(months / policy.thoughtReportEveryMonths) - facts.thoughtReports.filter((on) => on >= since).length;
      if (reportsMissing > 0) items.push({ kind: "reports", count: reportsMissing });
    }
    const assessmentsMissing = Math.floor(months / 6) - facts.assessments.filter((assessment) => assessment.on >= since).length;
    if (assessmentsMissing > 0) items.push({ kind: "assessment", count: assessmentsMissing });
  }
  if (facts.stage === "DEVELOPMENT_TARGET" && facts.politicalReview) {
    const expires = addMonths(facts.politicalReview.on, policy.politicalReviewValidMonths);
    if (expires <= today) items.push({ kind: "reviewExpired", on: isoDay(expires) });
    else if (expires.getTime() - today.getTime() <= REVIEW_WARNING_DAYS * 86_400_000)
      items.push({ kind: "reviewExpiring", on: isoDay(expires) });
  }
  return items;
}
