// npm run ledger:verify against a real migrated database: silent success on an
// intact ledger, and on a row changed behind the ledger's back, the learner,
// sequence, entry and problem named, with exit code 1.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment } from "../tests/helpers/app-environment.ts";

let app: AppEnvironment;
const load = async () => ({
  ...(await import("~/models/ledger.server.ts")),
  ...(await import("./ledger-verify.ts")),
});
let m: Awaited<ReturnType<typeof load>>;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;

async function userId(username: string) {
  return (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}

async function appendSessions(learner: string, count: number) {
  for (let index = 1; index <= count; index += 1) {
    await m.appendLedgerEntry({
      userId: learner,
      category: "STATION_SESSION",
      classHours: 1,
      source: `station-session:verify-${index}`,
      idempotencyKey: `verify-${learner}-${index}`,
      occurredAt: new Date(Date.UTC(2026, 9, index, 2)),
    });
  }
}

/** The command as an operator runs it, on this test's database. */
function runCommand() {
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/ledger-verify.ts")], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: app.target.url },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  prisma = await loadSampleData();
  await appendSessions(await userId("xueyuan"), 3);
  await appendSessions(await userId("yubei"), 4);
});

afterAll(async () => app?.cleanup());

describe("npm run ledger:verify", () => {
  it("reports every chain intact and exits 0", async () => {
    expect(await m.verifyLedger()).toEqual({
      exitCode: 0,
      lines: ["学时台账校验通过：2 名学员的记录链完整 (ledger verified: all 2 learners' chains are intact)"],
    });
    const { code, stdout } = runCommand();
    expect(code).toBe(0);
    expect(stdout).toContain("学时台账校验通过");
  });

  it("names the learner, the sequence, the entry and the problem of the first broken entry, and exits 1", async () => {
    const learner = await userId("yubei");
    const victim = await prisma.hoursLedgerEntry.findFirstOrThrow({ where: { userId: learner, sequence: 2 }, select: { id: true } });
    // What someone with database access might do: give himself more hours.
    await prisma.hoursLedgerEntry.update({ where: { id: victim.id }, data: { classHours: 8 } });

    const result = await m.verifyLedger();
    expect(result.exitCode).toBe(1);
    expect(result.lines).toEqual([
      `记录链断裂：学员 yubei（孙强），第 2 条，记录 ${victim.id}：记录内容与其哈希不符，这条记录被改动过` +
        ` (broken chain: learner yubei, sequence 2, entry ${victim.id}: hash does not match the entry's contents)`,
      expect.stringContaining("校验 2 名学员，1 条记录链断裂"),
    ]);

    const { code, stderr } = runCommand();
    expect(code).toBe(1);
    expect(stderr).toContain(`学员 yubei（孙强），第 2 条，记录 ${victim.id}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("a removed entry is named by the one after it", async () => {
    const learner = await userId("xueyuan");
    const [second, third] = await prisma.hoursLedgerEntry.findMany({
      where: { userId: learner, sequence: { in: [2, 3] } },
      orderBy: { sequence: "asc" },
      select: { id: true },
    });
    await prisma.hoursLedgerEntry.delete({ where: { id: second!.id } });
    const result = await m.verifyLedger();
    expect(result.lines).toContainEqual(expect.stringContaining(`学员 xueyuan（刘小明），第 3 条，记录 ${third!.id}：序号不连续`));
    expect(result.lines.at(-1)).toContain("2 条记录链断裂");
  });
});
