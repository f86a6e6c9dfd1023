import { describe, expect, it } from "vitest";
import { addMonths, evaluateEligibility, type PersonFacts } from "./eligibility.ts";

const today = new Date("2026-11-23T00:00:00Z");

describe("evaluateEligibility (basic rule set)", () => {
  const cases: { name: string; facts: PersonFacts; nextStage: string | null; status?: string; rules?: string[]; earliest?: string | null }[] = [
    { name: "not on the path", facts: { stage: "NONE", stageSince: null, trainingHours: 0 }, nextStage: null },
    { name: "full member has no next step", facts: { stage: "FULL_MEMBER", stageSince: null, trainingHours: 0 }, nextStage: null },
    {
      name: "activist cultivated 13 months",
      facts: { stage: "ACTIVIST", stageSince: new Date("2025-10-01T00:00:00Z"), trainingHours: 0 },
      nextStage: "DEVELOPMENT_TARGET", status: "ELIGIBLE", rules: [], earliest: null,
    },
    {
      name: "activist cultivated 6 months: not yet, with the date",
      facts: { stage: "ACTIVIST", stageSince: new Date("2026-05-23T00:00:00Z"), trainingHours: 0 },
      nextStage: "DEVELOPMENT_TARGET", status: "NOT_YET", rules: ["cultivation-period"], earliest: "2027-05-23",
    },
    {
      name: "activist exactly 12 months today",
      facts: { stage: "ACTIVIST", stageSince: new Date("2025-11-23T00:00:00Z"), trainingHours: 0 },
      nextStage: "DEVELOPMENT_TARGET", status: "ELIGIBLE", rules: [], earliest: null,
    },
    {
      name: "activist without a start date",
      facts: { stage: "ACTIVIST", stageSince: null, trainingHours: 0 },
      nextStage: "DEVELOPMENT_TARGET", status: "NOT_YET", rules: ["cultivation-period"], earliest: null,
    },
    {
      name: "development target with 23.5 hours",
      facts: { stage: "DEVELOPMENT_TARGET", stageSince: null, trainingHours: 23.5 },
      nextStage: "PROBATIONARY", status: "NOT_YET", rules: ["concentrated-training"], earliest: null,
    },
    {
      name: "development target with 24 hours",
      facts: { stage: "DEVELOPMENT_TARGET", stageSince: null, trainingHours: 24 },
      nextStage: "PROBATIONARY", status: "ELIGIBLE", rules: [],
    },
  ];
  it.each(cases)("$name", ({ facts, nextStage, status, rules, earliest }) => {
    const verdict = evaluateEligibility(facts, today);
    if (nextStage === null) {
      expect(verdict).toBeNull();
      return;
    }
    expect(verdict?.nextStage).toBe(nextStage);
    expect(verdict?.status).toBe(status);
    expect(verdict?.reasons.map((reason) => reason.rule)).toEqual(rules);
    if (earliest !== undefined) expect(verdict?.earliestOn?.toISOString().slice(0, 10) ?? null).toBe(earliest);
  });
  it("a stricter local policy (seed 001: 24 months) is honoured", () => {
    const verdict = evaluateEligibility(
      { stage: "ACTIVIST", stageSince: new Date("2025-10-01T00:00:00Z"), trainingHours: 0 },
      today,
      { minCultivationMonthsForTarget: 24, minTrainingHoursForAdmission: 24 },
    );
    expect(verdict?.status).toBe("NOT_YET");
    expect(verdict?.earliestOn?.toISOString().slice(0, 10)).toBe("2027-10-01");
  });
  it("addMonths works in UTC", () => {
    expect(addMonths(new Date("2026-01-15T00:00:00Z"), 12).toISOString()).toBe("2027-01-15T00:00:00.000Z");
  });
});
