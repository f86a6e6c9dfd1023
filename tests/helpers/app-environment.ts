// The environment of an integration test: a real migrated database of its own
// (SQLite in a temp folder, or PostgreSQL with TEST_DATABASE=postgresql), the
// suite's real Redis under a key prefix of this file's own,
// so test files running side by side never take each other's jobs.
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import type { DatabaseTarget } from "~/utils/database-url.ts";
import { createMigratedDatabase } from "./test-database.ts";

export type AppEnvironment = { target: DatabaseTarget; dir: string; cleanup: () => Promise<void> };

/** Call before the first use of getPrisma(), the queues or the session cookie. */
export async function setUpAppEnvironment(): Promise<AppEnvironment> {
  const { target, dir, drop } = await createMigratedDatabase();
  process.env.DATABASE_URL = target.url;
  process.env.SIHUAN_DATA_DIR = dir;
  process.env.REDIS_URL = inject("redisUrl");
  process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
  return {
    target,
    dir,
    cleanup: async () => {
      const { closeQueues } = await import("~/utils/queues.server.ts");
      const { getPrisma } = await import("~/utils/db.server.ts");
      await closeQueues();
      await (await getPrisma()).$disconnect();
      await drop();
    },
  };
}

/** The sample content and the sample organization and accounts, as setup makes them. */
export async function loadSampleData() {
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { importContent } = await import("~/models/content-import.server.ts");
  const { seed } = await import("../../prisma/seed.ts");
  const prisma = await getPrisma();
  const imported = await importContent(prisma, "content");
  if (!imported.ok) throw new Error(`sample content does not import: ${JSON.stringify(imported.problems)}`);
  await seed();
  return prisma;
}

/** The sample village station (hexi-station) and the lesson its tests show: 18 s of film, at most 1.5×, with a quiz. */
export async function sampleStationAndLesson(prisma: Awaited<ReturnType<typeof loadSampleData>>) {
  const station = await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } });
  const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "rudang-shenqing" }, select: { id: true } });
  return { stationId: station.id, lessonId: lesson.id };
}

/** The Cookie header of a signed-in sample account. */
export async function sessionCookieFor(username: string): Promise<string> {
  const { login, commitLoginSession } = await import("~/utils/auth.server.ts");
  const { SAMPLE_PASSWORD } = await import("../../prisma/sample-data.ts");
  const { session } = await login(username, SAMPLE_PASSWORD, "127.0.0.1");
  if (!session) throw new Error(`sample account ${username} cannot sign in`);
  return (await commitLoginSession(new Request("http://localhost/login"), session)).split(";")[0]!;
}

/** The heartbeat endpoint on a real HTTP port, with its own watch store (`random` places its attention checks). */
export async function startHeartbeatServer(options: { random?: () => number } = {}) {
  const http = await import("node:http");
  const { WatchStore } = await import("~/models/watch-store.server.ts");
  const { createHeartbeatHandler } = await import("~/endpoints/heartbeat.server.ts");
  const { getPrisma } = await import("~/utils/db.server.ts");
  const store = new WatchStore(await getPrisma(), options.random);
  const server = http.createServer(createHeartbeatHandler(store)).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  return {
    store,
    post: (body: string, cookie?: string) =>
      fetch(`http://127.0.0.1:${port}/api/heartbeat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
        body,
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every account's id by username (after loadSampleData). */
export async function userIdsByUsername(): Promise<Map<string, string>> {
  const { getPrisma } = await import("~/utils/db.server.ts");
  const users = await (await getPrisma()).user.findMany({ where: { username: { not: null } }, select: { id: true, username: true } });
  return new Map(users.map((user) => [user.username ?? "", user.id]));
}

/** A sheet's answers to these questions, as the quiz form's fields carry them: the answer key's (a pass), or a wrong word for each (a fail). */
export async function answersFromKey(questionIds: readonly string[], pass: boolean): Promise<Record<string, string[]>> {
  const { getPrisma } = await import("~/utils/db.server.ts");
  const keys = await (
    await getPrisma()
  ).question.findMany({ where: { id: { in: [...questionIds] } }, select: { id: true, answerJson: true } });
  return Object.fromEntries(
    keys.map((key) => {
      const answer: unknown = JSON.parse(key.answerJson);
      return [key.id, pass ? (Array.isArray(answer) ? answer.map(String) : [String(answer)]) : ["不知道"]];
    }),
  );
}
