// `npm run eligibility:try -- people.json`: judges the people described in a
// file under the policy it gives, and prints each verdict with its reasons as
// JSON. It never opens the database: staff try a policy change here first.
// The file format is documented in docs/eligibility/README.md.
import fs from "node:fs";
import { evaluate } from "~/domain/development/evaluate.ts";
import { readFactsFile } from "~/domain/development/facts-file.ts";
import { RULE_SET_VERSION } from "~/domain/development/rule-set.ts";
import { isoDay } from "~/domain/calendar.ts";
import i18next from "i18next";
import { resources } from "~/utils/i18n.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail("用法 (usage): npm run eligibility:try -- <people.json>");

let raw: unknown;
try {
  raw = JSON.parse(fs.readFileSync(file, "utf8"));
} catch (error) {
  fail(`无法读取 ${file} (cannot read it as JSON): ${(error as Error).message}`);
}

// Codes and figures for programs, and their words (zh-CN) for people.
const i18n = i18next.createInstance();
await i18n.init({ lng: "zh-CN", resources, defaultNS: "common", interpolation: { escapeValue: false } });
const words = (key: string, params: Record<string, string | number> = {}) => i18n.t(key, params);

const read = readFactsFile(raw, new Date());
if (!read.ok) {
  fail(read.problems.map((problem) => `${file} ${problem.path}: ${words(problem.key, problem.params)}`).join("\n"));
}

const { today, policy, people } = read.file;
const results = people.map((person) => {
  const verdict = evaluate(person, policy, today);
  if (!verdict) return { name: person.name, stage: person.stage, nextStage: null, status: "NO_NEXT_STEP", reasons: [] };
  return {
    name: person.name,
    stage: person.stage,
    nextStage: verdict.nextStage,
    status: verdict.status,
    earliestOn: verdict.earliestOn ? isoDay(verdict.earliestOn) : null,
    reasons: verdict.reasons.map(({ metOn, ...reason }) => ({
      ...reason,
      ...(metOn ? { metOn: isoDay(metOn) } : {}),
      words: {
        rule: words(`development.rules.${reason.rule}.title`),
        citation: words(`development.rules.${reason.rule}.citation`),
        evidence: words(`development.evidence.${reason.evidence.code}`, reason.evidence.params),
        remedy: words(`development.remedy.${reason.remedy.code}`, reason.remedy.params),
      },
    })),
  };
});

console.log(JSON.stringify({ ruleSetVersion: RULE_SET_VERSION, today: isoDay(today), policy, results }, null, 2));
