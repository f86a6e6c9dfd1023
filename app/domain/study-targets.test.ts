import { describe, expect, it } from "vitest";
import type { Role } from "./access.ts";
import {
  annualTargetsFrom,
  DEFAULT_ANNUAL_TARGETS,
  entriesOfYear,
  studyGroupFor,
  yearlyProgress,
  type DatedEntry,
  type StudyGroup,
} from "./study-targets.ts";
import { beijingDate, beijingYear } from "./calendar.ts";

describe("studyGroupFor: which annual target applies", () => {
  const cases: { roles: Role[]; expected: StudyGroup }[] = [
    { roles: [], expected: "MEMBER" },
    { roles: ["LEARNER"], expected: "MEMBER" },
    { roles: ["STATION_OPERATOR"], expected: "MEMBER" },
    { roles: ["PLATFORM_ADMIN"], expected: "MEMBER" },
    { roles: ["TRAINER"], expected: "SECRETARY_OR_COMMITTEE" },
    { roles: ["ORG_ADMIN"], expected: "SECRETARY_OR_COMMITTEE" },
    { roles: ["LEARNER", "TRAINER"], expected: "SECRETARY_OR_COMMITTEE" },
  ];
  it.each(cases)("$roles → $expected", ({ roles, expected }) => {
    expect(studyGroupFor(roles)).toBe(expected);
  });
  it("defaults: 32 for members, 56 for secretaries and committee members", () => {
    expect(DEFAULT_ANNUAL_TARGETS).toEqual({ MEMBER: 32, SECRETARY_OR_COMMITTEE: 56 });
  });
});

describe("annualTargetsFrom: organization settings from the root down", () => {
  const cases: { name: string; policies: unknown[]; expected: Record<StudyGroup, number> }[] = [
    { name: "no settings", policies: [], expected: { MEMBER: 32, SECRETARY_OR_COMMITTEE: 56 } },
    { name: "unrelated settings", policies: [{ minCultivationMonthsForTarget: 24 }], expected: { MEMBER: 32, SECRETARY_OR_COMMITTEE: 56 } },
    {
      name: "county raises members",
      policies: [{ annualStudyHours: { MEMBER: 40 } }],
      expected: { MEMBER: 40, SECRETARY_OR_COMMITTEE: 56 },
    },
    {
      name: "the branch's setting wins over the county's",
      policies: [{ annualStudyHours: { MEMBER: 40, SECRETARY_OR_COMMITTEE: 60 } }, {}, { annualStudyHours: { MEMBER: 36 } }],
      expected: { MEMBER: 36, SECRETARY_OR_COMMITTEE: 60 },
    },
    {
      name: "a mistyped setting is skipped",
      policies: [{ annualStudyHours: { MEMBER: "forty" } }, null, "x"],
      expected: { MEMBER: 32, SECRETARY_OR_COMMITTEE: 56 },
    },
    {
      name: "zero or negative is not a target",
      policies: [{ annualStudyHours: { MEMBER: 0 } }],
      expected: { MEMBER: 32, SECRETARY_OR_COMMITTEE: 56 },
    },
  ];
  it.each(cases)("$name", ({ policies, expected }) => {
    expect(annualTargetsFrom(policies)).toEqual(expected);
  });
});

describe("the study year runs on Beijing time", () => {
  const cases: { instant: string; date: string; year: number }[] = [
    { instant: "2026-12-31T15:59:59Z", date: "2026-12-31", year: 2026 },
    { instant: "2026-12-31T16:00:00Z", date: "2027-01-01", year: 2027 },
    { instant: "2026-06-15T00:00:00Z", date: "2026-06-15", year: 2026 },
  ];
  it.each(cases)("$instant → $date", ({ instant, date, year }) => {
    expect(beijingDate(new Date(instant))).toBe(date);
    expect(beijingYear(new Date(instant))).toBe(year);
  });
});

function entry(id: string, occurredAt: string, classHours: number, extra: Partial<DatedEntry> = {}): DatedEntry {
  return { id, category: "ONLINE_STUDY", classHours, occurredAt: new Date(occurredAt), correctsEntryId: null, ...extra };
}

describe("hours by year", () => {
  const entries: DatedEntry[] = [
    entry("a", "2025-03-01T02:00:00Z", 20),
    entry("b", "2025-12-31T17:00:00Z", 2, { category: "STATION_SESSION" }), // 2026-01-01 in Beijing
    entry("c", "2026-02-01T02:00:00Z", 1),
    // Made in 2026, corrects a 2025 entry: counts in 2025.
    entry("d", "2026-02-10T02:00:00Z", -4, { category: "CORRECTION", correctsEntryId: "a" }),
  ];

  it("a correction counts in the year of the entry it corrects", () => {
    expect(entriesOfYear(entries, 2025).map((e) => e.id)).toEqual(["a", "d"]);
    expect(entriesOfYear(entries, 2026).map((e) => e.id)).toEqual(["b", "c"]);
  });

  it("lists the current year even when empty, newest first, with the share of the target", () => {
    const progress = yearlyProgress(entries, 32, 2027);
    expect(progress.map((year) => [year.year, year.total, year.remaining, year.share])).toEqual([
      [2027, 0, 32, 0],
      [2026, 3, 29, 3 / 32],
      [2025, 16, 16, 0.5],
    ]);
    expect(progress[2]?.byCategory).toMatchObject({ ONLINE_STUDY: 20, CORRECTION: -4 });
  });

  it("the share stops at 1 once the target is met", () => {
    const [year] = yearlyProgress([entry("x", "2026-05-01T00:00:00Z", 8), entry("y", "2026-05-02T00:00:00Z", 8)], 12, 2026);
    expect(year).toMatchObject({ total: 16, share: 1, remaining: 0 });
  });
});
