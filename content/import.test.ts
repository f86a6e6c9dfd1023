// The CLI as an operator runs it: exit codes and the one-line problem format.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-cli-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string) {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function runCli(...args: string[]) {
  // Run from `root` so problems name files as content/...; tsx is found in this repo.
  const tsx = path.resolve("node_modules/.bin/tsx");
  const cli = path.resolve("content/import.ts");
  const result = spawnSync(tsx, ["--tsconfig", path.resolve("tsconfig.json"), cli, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${path.join(root, "unused.db")}` },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("content:import --check", () => {
  it("prints every problem as file:line field: message and exits 1", () => {
    write("content/courses/kurs-a/course.yaml", "slug: kurs-b\ntitle: 甲\nsummary: 乙\n");
    write("content/courses/kurs-a/lessons/01-a.md", "# 没有前言\n");

    const { code, stdout, stderr } = runCli("--check");
    expect(code).toBe(1);
    expect(stdout).toContain("读取内容 (reading content)");
    const lines = stderr.split("\n").filter((line) => line.startsWith("content/"));
    expect(lines).toEqual([
      'content/courses/kurs-a/course.yaml:1 slug: “kurs-b”与课程文件夹名“kurs-a”不一致 (slug must equal the course folder name "kurs-a")',
      expect.stringMatching(/^content\/courses\/kurs-a\/lessons\/01-a\.md:1: 缺少 YAML 前言.*\(missing front matter/),
    ]);
    expect(stderr).toContain("nothing was written");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 with the usage on an unknown option", () => {
    const { code, stderr } = runCli("--nope");
    expect(code).toBe(2);
    expect(stderr).toContain("用法 (usage)");
  });
});
