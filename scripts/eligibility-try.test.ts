// npm run eligibility:try as staff run it: the documented example file, a
// policy change tried on it, and a file with mistakes, each named by its path.
// DATABASE_URL points nowhere, so any attempt to open a database would fail.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const EXAMPLE = path.resolve("docs/eligibility/example.json");

function run(file: string) {
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/eligibility-try.ts"), file], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "file:/nonexistent/never-opened.db" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withFile(content: unknown) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-try-"));
  const file = path.join(dir, "people.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

type Words = { rule: string; citation: string; evidence: string; remedy: string };
type Output = {
  ruleSetVersion: string;
  today: string;
  results: {
    name: string;
    status: string;
    earliestOn: string | null;
    reasons: { rule: string; evidence: { code: string; params?: object }; words: Words }[];
  }[];
};

describe("npm run eligibility:try", () => {
  it("judges the example file: one thought report missing, and the county's 24 months not yet reached", () => {
    const { code, stdout } = run(EXAMPLE);
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as Output;
    expect(output.today).toBe("2026-11-23");
    expect(output.results.map((result) => [result.status, result.earliestOn, result.reasons.map((reason) => reason.rule)])).toEqual([
      ["NOT_YET", null, ["thought-reports"]],
      ["NOT_YET", "2027-03-23", ["cultivation-before-admission"]],
    ]);
    // Codes and figures for programs, and the same reason in words: a local practice cited as one.
    const reason = output.results[1]!.reasons[0]!;
    expect(reason.evidence.code).toBe("cultivated");
    expect(reason.words.citation).toContain("地方做法");
    expect(output.results[0]!.reasons[0]!.words.evidence).toMatch(/应交 \d+ 份，已交 \d+ 份/);
    expect(stdout).not.toMatch(/种子|seed/i);
  });

  it("shows what a policy change would do: back to 12 months, Li Hong becomes eligible", () => {
    const example = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as { policies: object[] };
    example.policies.push({ minCultivationMonthsForAdmission: 12 });
    const { code, stdout } = run(withFile(example));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Output).results[1]).toMatchObject({ status: "ELIGIBLE", reasons: [] });
  });

  it("names every mistake by its path and judges nobody", () => {
    const example = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as { people: Record<string, unknown>[]; policies: object[] };
    example.people[0]!.activistSince = "2025-02-30";
    example.people[1]!.votes = [{ purpose: "ADMISSION", heldOn: "2026-11-01", entitled: 20, present: 12, yes: 13 }];
    example.policies.push({ publicNoticeDays: 0 });
    const { code, stdout, stderr } = run(withFile(example));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("people[0].activistSince: 没有 2025-02-30 这一天");
    expect(stderr).toContain("policies[2].publicNoticeDays: 至少 1");
  });

  it("checks the figures once the file reads: more yes votes than members present", () => {
    const example = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as { people: Record<string, unknown>[] };
    example.people[1]!.votes = [{ purpose: "ADMISSION", heldOn: "2026-11-01", entitled: 20, present: 12, yes: 13 }];
    const { code, stderr } = run(withFile(example));
    expect(code).toBe(1);
    expect(stderr).toContain("people[1].votes[0].yes: 赞成 13 票多于到会 12 人");
  });

  it("says so when the file is not JSON", () => {
    const { code, stderr } = run(withFile("{ people: "));
    expect(code).toBe(1);
    expect(stderr).toContain("无法读取");
  });
});
