// Child process for app/utils/db.concurrency.test.ts: connects to DATABASE_URL
// the way the site and workers do, says "ready", waits for "go" on stdin so both
// writers start together, fires its inserts all at once, and prints one JSON
// line with what happened.
import readline from "node:readline";
import { resolveDatabase } from "~/utils/database-url.ts";
import { createPrismaClient, preparePrisma } from "~/utils/db.server.ts";

export interface WriterReport {
  writer: string;
  inserted: number;
  failures: string[];
}

const [writer = "writer", countText = "300"] = process.argv.slice(2);
const count = Number(countText);
const target = resolveDatabase();
const prisma = createPrismaClient(target);
await preparePrisma(prisma, target);
// Load the query compiler before the race starts, so both processes write at the same moment.
await prisma.auditLog.count();

const input = readline.createInterface({ input: process.stdin });
await new Promise<void>((resolve) => {
  input.on("line", (line) => line.trim() === "go" && resolve());
  process.stdout.write("ready\n");
});
input.close();

const results = await Promise.allSettled(
  Array.from({ length: count }, (_, index) =>
    prisma.auditLog.create({
      data: { action: "concurrency-test", entityType: "Writer", entityId: `${writer}-${index}` },
      select: { id: true },
    }),
  ),
);
const failures = results.flatMap((result) => {
  if (result.status === "fulfilled") return [];
  const error = result.reason as { code?: string; message?: string; meta?: unknown };
  return [`${error.code ?? ""} ${error.message ?? String(error)} ${JSON.stringify(error.meta ?? null)}`];
});
const report: WriterReport = { writer, inserted: results.length - failures.length, failures };
process.stdout.write(`${JSON.stringify(report)}\n`);
await prisma.$disconnect();
