// 年度学习目标: hours per calendar year against the annual target for a person's
// role. 党员教育管理工作条例 (2019) art. 20: members study at least 32 class hours a
// year; branch secretaries and committee members at least 56.
import { z } from "zod";
import type { Role } from "./access.ts";
import { beijingYear } from "./calendar.ts";
import { inheritedSettings } from "./inherited-settings.ts";
import { summarizeHours, type HoursSummary, type LedgerCategory } from "./hours-ledger.ts";

/** Which annual target applies: 党员 (every learner) or 书记/委员 (the people who run an organization). */
export type StudyGroup = "MEMBER" | "SECRETARY_OR_COMMITTEE";
export type AnnualTargets = Record<StudyGroup, number>;

export const DEFAULT_ANNUAL_TARGETS: AnnualTargets = { MEMBER: 32, SECRETARY_OR_COMMITTEE: 56 };

/**
 * The platform knows roles, not party posts. A trainer is in practice the
 * branch secretary or a committee member (培养联系人/支部书记), and an
 * organization admin works for a committee, so both carry the higher target.
 * A platform admin is a technical role and a station operator a village
 * volunteer: they, like every learner, are held to the members' target.
 */
export function studyGroupFor(roles: readonly Role[]): StudyGroup {
  return roles.some((role) => role === "TRAINER" || role === "ORG_ADMIN") ? "SECRETARY_OR_COMMITTEE" : "MEMBER";
}

const TargetOverride = z.object({
  MEMBER: z.number().positive().max(1000).optional(),
  SECRETARY_OR_COMMITTEE: z.number().positive().max(1000).optional(),
});

/**
 * Targets after the organizations' settings (`annualStudyHours`): `policies`
 * are the parsed `policyJson` objects from the root of the tree down to the
 * person's branch, so a county may raise the target and a township raise it again.
 */
export function annualTargetsFrom(policies: readonly unknown[], defaults: AnnualTargets = DEFAULT_ANNUAL_TARGETS): AnnualTargets {
  return inheritedSettings(policies, "annualStudyHours", TargetOverride, defaults);
}

export type DatedEntry = {
  id: string;
  category: LedgerCategory;
  classHours: number;
  occurredAt: Date;
  correctsEntryId: string | null;
};

/**
 * The year an entry's hours count in. A correction counts in the year of the
 * entry it corrects: a 2025 session found double-booked in February 2026
 * changes what was studied in 2025, not in 2026.
 */
export function studyYearOf(entry: DatedEntry, byId: ReadonlyMap<string, DatedEntry>): number {
  const corrected = entry.correctsEntryId ? byId.get(entry.correctsEntryId) : undefined;
  return beijingYear((corrected ?? entry).occurredAt);
}

/** The entries whose hours count in `year`, in the order given. */
export function entriesOfYear<T extends DatedEntry>(entries: readonly T[], year: number): T[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return entries.filter((entry) => studyYearOf(entry, byId) === year);
}

export type YearProgress = HoursSummary & {
  year: number;
  target: number;
  /** 0..1, for a progress bar. */
  share: number;
  /** Hours still missing, 0 once the target is met. */
  remaining: number;
};

const round2 = (hours: number) => Math.round(hours * 100) / 100;

/**
 * Hours per year against the target, newest year first. `currentYear` is
 * always listed (a learner with nothing yet this year should see 0 of 32), and
 * so is every year that has entries.
 */
export function yearlyProgress(entries: readonly DatedEntry[], target: number, currentYear: number): YearProgress[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const years = new Set<number>([currentYear]);
  for (const entry of entries) years.add(studyYearOf(entry, byId));
  return [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const summary = summarizeHours(entries.filter((entry) => studyYearOf(entry, byId) === year));
      return {
        year,
        ...summary,
        target,
        share: target > 0 ? Math.min(1, Math.max(0, summary.total / target)) : 1,
        remaining: round2(Math.max(0, target - summary.total)),
      };
    });
}
