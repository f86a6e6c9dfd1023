// Two OS processes (like the site and a worker) write to one database at the
// same moment through createPrismaClient/preparePrisma: on SQLite, WAL and the
// busy timeout must make every write land without "database is locked"; on
// PostgreSQL (TEST_DATABASE=postgresql) every write must land as well.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-database.ts";
import type { WriterReport } from "../../tests/helpers/insert-audit-rows.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const writerScript = path.join(repoRoot, "tests/helpers/insert-audit-rows.ts");
const ROWS_PER_WRITER = 300;
const LOCK_FAILURE = /database is locked|P1008|SQLITE_BUSY/i;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.cleanup();
});

function startWriter(name: string) {
  // `node --import tsx` rather than the tsx CLI: one process per writer instead of two.
  const child = spawn(process.execPath, ["--import", "tsx", writerScript, name, String(ROWS_PER_WRITER)], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: db.target.url },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout });
  let report: WriterReport | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line === "ready") resolve();
      else if (line.startsWith("{")) report = JSON.parse(line) as WriterReport;
    });
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${stderr}`)));
  });
  const finished = new Promise<{ report: WriterReport | undefined; stderr: string; code: number | null }>((resolve) => {
    child.once("close", (code) => resolve({ report, stderr, code }));
  });
  return { ready, finished, go: () => child.stdin.end("go\n") };
}

it("two processes inserting 300 rows each at once all succeed", async () => {
  const writers = [startWriter("a"), startWriter("b")];
  await Promise.all(writers.map((writer) => writer.ready));
  for (const writer of writers) writer.go();
  const outcomes = await Promise.all(writers.map((writer) => writer.finished));

  for (const { report, stderr, code } of outcomes) {
    expect(stderr).not.toMatch(LOCK_FAILURE);
    expect(code, stderr).toBe(0);
    expect(report?.failures).toEqual([]);
    expect(report?.inserted).toBe(ROWS_PER_WRITER);
  }
  expect(await db.prisma.auditLog.count({ where: { action: "concurrency-test" } })).toBe(2 * ROWS_PER_WRITER);
  if (db.target.provider === "sqlite") {
    const journalMode = await db.prisma.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
    expect(journalMode[0]?.journal_mode).toBe("wal");
    expect(fs.existsSync(db.target.filePath)).toBe(true);
  }
}, 30_000);
