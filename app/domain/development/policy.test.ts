import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parsePolicyOverride, resolvePolicy } from "./policy.ts";
import { judgePoll, judgeVote, moreThanHalf } from "./votes-and-polls.ts";

describe("resolvePolicy: inherited down the tree, the nearest setting wins", () => {
  it("gives the defaults when no organization sets anything", () => {
    expect(resolvePolicy([{}, {}])).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it("takes the county's 24 months and the township's own training hours, keeping the rest", () => {
    const county = { minCultivationMonthsForAdmission: 24, sixNoDevelop: true, minConcentratedTrainingHours: 24 };
    const township = { minConcentratedTrainingHours: 32 };
    const result = resolvePolicy([{}, county, township, {}]);
    expect(result).toEqual({
      ok: true,
      policy: { ...DEFAULT_POLICY, minCultivationMonthsForAdmission: 24, sixNoDevelop: true, minConcentratedTrainingHours: 32 },
    });
  });

  it("lets a branch switch off what the county switched on", () => {
    const result = resolvePolicy([{ pollsRequired: true }, { pollsRequired: false }]);
    expect(result.ok && result.policy.pollsRequired).toBe(false);
  });

  it("refuses a refusal threshold above the postponement threshold, wherever each was set", () => {
    const result = resolvePolicy([{ pollRefuseBelowPercent: 70 }, { pollPostponeBelowPercent: 65 }]);
    expect(result).toMatchObject({ ok: false, problems: [{ field: "pollRefuseBelowPercent" }] });
  });
});

describe("parsePolicyOverride: each bad setting named", () => {
  it.each([
    { raw: { minCultivationMonthsForTarget: -1 }, field: "minCultivationMonthsForTarget", message: "不能为负数" },
    { raw: { minCultivationMonthsForTarget: 1.5 }, field: "minCultivationMonthsForTarget", message: "整数" },
    { raw: { pollPostponeBelowPercent: 120 }, field: "pollPostponeBelowPercent", message: "0 到 100" },
    { raw: { publicNoticeDays: 0 }, field: "publicNoticeDays", message: "至少 1 天" },
    { raw: { requiredCourses: ["Fazhan Dangyuan"] }, field: "requiredCourses.0", message: "课程 slug" },
    { raw: { sixNoDevelop: "yes" }, field: "sixNoDevelop", message: "应为 true 或 false" },
    { raw: { minCultivationMonths: 24 }, field: "minCultivationMonths", message: "没有这项设置" },
  ])("$field: $message", ({ raw, field, message }) => {
    const result = parsePolicyOverride(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.find((problem) => problem.field === field)?.message).toContain(message);
  });

  it("accepts a partial override", () => {
    expect(parsePolicyOverride({ minCultivationMonthsForAdmission: 24, sixNoDevelop: true })).toEqual({
      ok: true,
      value: { minCultivationMonthsForAdmission: 24, sixNoDevelop: true },
    });
  });
});

describe("branch meeting votes (细则 art. 21)", () => {
  it.each([
    { entitled: 20, present: 11, yes: 11, advanceYes: 0, state: "passed" },
    { entitled: 20, present: 10, yes: 10, advanceYes: 9, state: "invalid" },
    { entitled: 20, present: 20, yes: 10, advanceYes: 0, state: "failed" },
    { entitled: 21, present: 11, yes: 10, advanceYes: 1, state: "passed" },
    { entitled: 3, present: 2, yes: 2, advanceYes: 0, state: "passed" },
    { entitled: 1, present: 1, yes: 0, advanceYes: 0, state: "failed" },
  ])("$entitled entitled, $present present, $yes + $advanceYes yes: $state", (vote) => {
    expect(judgeVote(vote).state).toBe(vote.state);
  });

  it.each([
    [1, 1],
    [2, 2],
    [20, 11],
    [21, 11],
  ])("more than half of %i is %i", (total, needed) => {
    expect(moreThanHalf(total)).toBe(needed);
  });
});

describe("opinion polls (seed 003: below 80% postpone, below 60% refuse)", () => {
  const thresholds = { postponeBelowPercent: 80, refuseBelowPercent: 60 };
  it.each([
    { approve: 8, total: 10, state: "approved" },
    { approve: 79, total: 100, state: "postpone" },
    { approve: 6, total: 10, state: "postpone" },
    { approve: 59, total: 100, state: "refuse" },
    { approve: 0, total: 3, state: "refuse" },
  ])("$approve of $total: $state", (poll) => {
    expect(judgePoll(poll, thresholds).state).toBe(poll.state);
  });
});

describe("policyOverrideFromForm", () => {
  it("keeps only the fields filled in, typed", async () => {
    const { policyOverrideFromForm } = await import("./policy.ts");
    expect(policyOverrideFromForm({ minCultivationMonthsForAdmission: "24", sixNoDevelop: "true", pollsRequired: "", requiredCourses: "fazhan-dangyuan，dangzhang-jichu", publicNoticeDays: " " })).toEqual({
      ok: true,
      value: { minCultivationMonthsForAdmission: 24, sixNoDevelop: true, requiredCourses: ["fazhan-dangyuan", "dangzhang-jichu"] },
    });
  });

  it("names a field typed wrong", async () => {
    const { policyOverrideFromForm } = await import("./policy.ts");
    const result = policyOverrideFromForm({ minCultivationMonthsForTarget: "十二", pollsRequired: "maybe" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.field).sort()).toEqual(["minCultivationMonthsForTarget", "pollsRequired"]);
  });
});
