import { parseWithZod } from "@conform-to/zod";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { resources } from "~/utils/i18n.ts";
import { checkPolicyTree, DEFAULT_POLICY, overrideFromPolicyForm, parsePolicyOverride, policyFormSchema, resolvePolicy } from "./policy.ts";

const i18n = i18next.createInstance();
await i18n.init({ lng: "zh-CN", resources, defaultNS: "common", interpolation: { escapeValue: false } });
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
    { raw: { publicNoticeDays: 0 }, field: "publicNoticeDays", message: "至少 1" },
    { raw: { requiredCourses: ["Fazhan Dangyuan"] }, field: "requiredCourses.0", message: "课程 slug" },
    { raw: { sixNoDevelop: "yes" }, field: "sixNoDevelop", message: "请选择是或否" },
    { raw: { minCultivationMonths: 24 }, field: "minCultivationMonths", message: "没有这项设置" },
  ])("$field: $message", ({ raw, field, message }) => {
    const result = parsePolicyOverride(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((candidate) => candidate.field === field);
    expect(problem && i18n.t(`development.policyProblems.${problem.code}`, problem.params ?? {})).toContain(message);
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

describe("the policy form", () => {
  const form = (fields: Record<string, string>) => {
    const formData = new FormData();
    for (const [key, value] of Object.entries({ orgId: "org-1", ...fields })) formData.set(key, value);
    return parseWithZod(formData, { schema: policyFormSchema });
  };

  it("keeps only the fields filled in, typed", () => {
    const submission = form({
      minCultivationMonthsForAdmission: "24",
      sixNoDevelop: "true",
      pollsRequired: "",
      requiredCourses: "fazhan-dangyuan，dangzhang-jichu",
      publicNoticeDays: " ",
    });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(overrideFromPolicyForm(submission.value)).toEqual({
      minCultivationMonthsForAdmission: 24,
      sixNoDevelop: true,
      requiredCourses: ["fazhan-dangyuan", "dangzhang-jichu"],
    });
  });

  it("names a field typed wrong", () => {
    const submission = form({ minCultivationMonthsForTarget: "十二", pollsRequired: "maybe" });
    expect(submission.status).toBe("error");
    if (submission.status !== "error") return;
    expect(Object.keys(submission.error ?? {}).sort()).toEqual(["minCultivationMonthsForTarget", "pollsRequired"]);
    expect(submission.error?.pollsRequired).toEqual(["development.policyProblems.yesNo"]);
  });
});

describe("checkPolicyTree: a change checked for every organization below", () => {
  const nodes = [
    { id: "county", name: "县委", path: "/county/", override: {} },
    { id: "town", name: "城关镇党委", path: "/county/town/", override: {} },
    { id: "branch", name: "城关社区第二党支部", path: "/county/town/branch/", override: { pollPostponeBelowPercent: 65 } },
  ];

  it("names the branch a county threshold would make inconsistent", () => {
    expect(checkPolicyTree(nodes, "county", { pollRefuseBelowPercent: 70 })).toEqual([
      {
        field: "pollRefuseBelowPercent",
        code: "refuseAbovePostponeBelow",
        params: { refuse: 70, postpone: 65, org: "城关社区第二党支部" },
      },
    ]);
  });

  it("accepts a change that works everywhere below", () => {
    expect(checkPolicyTree(nodes, "county", { pollRefuseBelowPercent: 50 })).toEqual([]);
  });
});
