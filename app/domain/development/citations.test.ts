// What staff read about a rule's source: a national rule by its document and
// article, a local practice as a local practice; never a "seed" or a file
// number of the documents the rules were taken from. Every rule, every reason
// the engine gives (in both languages), the policy page's words and the
// eligibility docs.
import fs from "node:fs";
import path from "node:path";
import i18next, { type i18n as I18n } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { resources } from "~/utils/i18n.ts";
import { evaluate, noFacts, type Facts, type Stage } from "./evaluate.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import { RULE_IDS, RULES } from "./rule-set.ts";

const BANNED = [/种子/, /seed/i, /文件\s*0\d\d/, /file\s*0\d\d/i, /\b00[0-9]\b/];
const LOCALES = ["zh-CN", "en"] as const;
const instances = new Map<string, I18n>();

beforeAll(async () => {
  for (const lng of LOCALES) {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
    instances.set(lng, i18n);
  }
});

function words(lng: string, key: string, params: Record<string, string | number> = {}) {
  const text = instances.get(lng)!.t(key, params);
  expect(text, `${lng} ${key}`).not.toBe(key);
  expect(text, `${lng} ${key}`).not.toMatch(/\{\{|\$t\(/);
  for (const banned of BANNED) expect(text, `${lng} ${key}`).not.toMatch(banned);
  return text;
}

const CHINESE_DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
/** 5 → 五, 13 → 十三, 21 → 二十一 (articles of the 2014 text run below 100). */
function chineseNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? "" : tens === 1 ? "十" : `${CHINESE_DIGITS[tens]}十`}${CHINESE_DIGITS[ones]}`;
}

describe.each(RULE_IDS)("rule %s", (rule) => {
  it.each(LOCALES)("cites its source as staff cite it (%s)", (lng) => {
    const source = RULES[rule];
    const citation = words(lng, `development.rules.${rule}.citation`);
    words(lng, `development.rules.${rule}.title`);
    if (source.kind === "national") {
      if (lng === "zh-CN") {
        expect(citation).toContain("《中国共产党发展党员工作细则》");
        for (const article of source.articles) expect(citation).toContain(`第${chineseNumber(article)}条`);
      } else {
        for (const article of source.articles) expect(citation).toMatch(new RegExp(`\\b${article}\\b`));
      }
      expect(citation).not.toMatch(lng === "zh-CN" ? /地方做法/ : /local practice/i);
    } else {
      expect(citation).toMatch(lng === "zh-CN" ? /地方做法/ : /local practice/i);
      if (source.item) expect(citation).toContain(lng === "zh-CN" ? `第${chineseNumber(source.item)}条` : `rule ${source.item}`);
    }
  });
});

// Every stage with nothing recorded, and with records that fail each figure:
// between them every rule gives a reason, each in words.
const d = (text: string) => new Date(`${text}T00:00:00Z`);
const TODAY = d("2026-11-23");
const full: Facts = {
  ...noFacts(),
  birthDate: d("2010-01-01"),
  appliedOn: d("2026-01-01"),
  activistSince: d("2026-02-01"),
  contacts: 3,
  assessments: [{ on: d("2026-08-01"), passed: false }],
  politicalReview: { on: d("2026-03-01"), conclusion: "UNCLEAR" },
  inspection: { on: d("2026-09-01"), result: "AVERAGE", strongObjections: true },
  preReview: { on: d("2026-10-01"), approved: false },
  polls: [
    { purpose: "ADMISSION", scope: "RESIDENCE", approve: 10, total: 20, heldOn: d("2026-10-05") },
    { purpose: "CONVERSION", scope: "WORKPLACE", approve: 15, total: 20, heldOn: d("2026-10-05") },
  ],
  notices: [
    { purpose: "ADMISSION", startsOn: d("2026-10-10"), endsOn: d("2026-10-16"), objections: 2, objectionsCleared: false },
    { purpose: "CONVERSION", startsOn: d("2026-11-20"), endsOn: d("2026-11-30"), objections: 0, objectionsCleared: false },
  ],
  votes: [
    { purpose: "ADMISSION", heldOn: d("2026-11-01"), entitled: 20, present: 12, yes: 5, advanceYes: 0 },
    { purpose: "CONVERSION", heldOn: d("2026-11-01"), entitled: 20, present: 5, yes: 5, advanceYes: 0 },
  ],
  admittedOn: d("2026-06-01"),
  probationExtensionMonths: 6,
};
const STAGES: Stage[] = ["APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET", "PROBATIONARY"];
const cases = STAGES.flatMap((stage) => [
  { name: `${stage} with nothing recorded`, facts: { ...noFacts(), stage } },
  { name: `${stage} with failing records`, facts: { ...full, stage } },
  {
    name: `${stage} with failing records, national rules only`,
    facts: { ...full, stage, politicalReview: { on: d("2026-03-01"), conclusion: "UNQUALIFIED" as const } },
    national: true,
  },
]);

describe("every reason the engine gives, in words", () => {
  const seen = new Set<string>();
  it.each(cases)("$name", ({ facts, national }) => {
    const policy = { ...DEFAULT_POLICY, sixNoDevelop: !national, requiredCourses: ["fazhan-dangyuan"] };
    const verdict = evaluate(facts, policy, TODAY)!;
    expect(verdict.reasons.length).toBeGreaterThan(0);
    for (const reason of verdict.reasons) {
      seen.add(reason.rule);
      for (const lng of LOCALES) {
        words(lng, `development.evidence.${reason.evidence.code}`, reason.evidence.params);
        words(lng, `development.remedy.${reason.remedy.code}`, reason.remedy.params);
        words(lng, `development.rules.${reason.rule}.citation`);
      }
    }
  });

  it("covers every rule", () => {
    expect([...seen].sort()).toEqual([...RULE_IDS].sort());
  });
});

describe("the policy page and the eligibility docs", () => {
  it.each(LOCALES)("policy settings name no source file (%s)", (lng) => {
    for (const key of Object.keys(DEFAULT_POLICY)) words(lng, `policy.fields.${key}`);
    words(lng, "policy.help", { org: "X" });
  });

  it.each(fs.readdirSync(path.resolve("docs/eligibility")))("docs/eligibility/%s", (file) => {
    const text = fs.readFileSync(path.resolve("docs/eligibility", file), "utf8");
    for (const banned of [/种子/, /seed/i, /文件\s*0\d\d/]) expect(text).not.toMatch(banned);
  });
});
