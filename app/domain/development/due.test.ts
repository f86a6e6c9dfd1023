import { describe, expect, it } from "vitest";
import { dueItems } from "./due.ts";
import { noFacts, type Facts } from "./evaluate.ts";
import { DEFAULT_POLICY } from "./policy.ts";

const TODAY = new Date("2026-11-23T00:00:00Z");
const d = (text: string) => new Date(`${text}T00:00:00Z`);
const BASE: Facts = {
  ...noFacts(),
  stage: "ACTIVIST",
  activistSince: d("2026-01-10"),
  contacts: 1,
  assessments: [{ on: d("2026-07-10"), passed: true }],
  thoughtReports: [d("2026-04-10"), d("2026-07-10"), d("2026-10-10")],
};

describe("dueItems", () => {
  it.each([
    { name: "nothing due for an activist up to date", facts: BASE, due: [] },
    {
      name: "one report overdue",
      facts: { ...BASE, thoughtReports: BASE.thoughtReports.slice(0, 2) },
      due: [{ kind: "reports", count: 1 }],
    },
    { name: "the first assessment missing", facts: { ...BASE, assessments: [] }, due: [{ kind: "assessment", count: 1 }] },
    {
      name: "yearly reports by policy",
      facts: { ...BASE, thoughtReports: [] },
      policy: { ...DEFAULT_POLICY, thoughtReportEveryMonths: 12 },
      due: [],
    },
    {
      name: "a review expiring within 60 days",
      facts: { ...BASE, stage: "DEVELOPMENT_TARGET" as const, politicalReview: { on: d("2025-12-20"), conclusion: "QUALIFIED" as const } },
      due: [{ kind: "reviewExpiring", on: "2026-12-20" }],
    },
    {
      name: "a review expired",
      facts: { ...BASE, stage: "DEVELOPMENT_TARGET" as const, politicalReview: { on: d("2025-10-01"), conclusion: "QUALIFIED" as const } },
      due: [{ kind: "reviewExpired", on: "2026-10-01" }],
    },
    {
      name: "a review far from expiring",
      facts: { ...BASE, stage: "DEVELOPMENT_TARGET" as const, politicalReview: { on: d("2026-09-01"), conclusion: "QUALIFIED" as const } },
      due: [],
    },
    { name: "no reports asked of a probationary member", facts: { ...BASE, stage: "PROBATIONARY" as const, thoughtReports: [] }, due: [] },
  ])("$name", ({ facts, policy, due }) => {
    expect(dueItems(facts, policy ?? DEFAULT_POLICY, TODAY)).toEqual(due);
  });
});
