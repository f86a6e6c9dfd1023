// `npm start` under failure, with real processes: the real scripts/start.ts on
// free ports and a temp data folder, its embedded Redis, the real site over
// HTTP and the real worker. A learner submits a quiz; while that submission is
// in flight the embedded Redis and the worker are killed with SIGKILL. Both
// must come back and the attempt must be graded exactly once. Then SIGTERM to
// the supervisor, with its Redis gone, must end every process within 10 s.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData } from "../tests/helpers/app-environment.ts";
import { createMigratedDatabase } from "../tests/helpers/test-database.ts";
import { SAMPLE_PASSWORD } from "../prisma/sample-data.ts";
import { startLocalRedis, type LocalRedis } from "./redis.ts";

type LessonRef = { courseSlug: string; lessonSlug: string };
const RUDANG: LessonRef = { courseSlug: "fazhan-dangyuan", lessonSlug: "rudang-shenqing" };
const YIWU: LessonRef = { courseSlug: "dangzhang-jichu", lessonSlug: "yiwu-quanli" };
/** The spec: Ctrl-C or SIGTERM stops everything within this long. */
const STOP_DEADLINE_MS = 10_000;

// ─── Processes, seen through /proc (so the test needs nothing from the code under test) ───

type ProcessInfo = { pid: number; ppid: number; state: string; command: string };

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ")".
    const [state = "", ppid = "0"] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(ppid), state, command };
  } catch {
    return null;
  }
}

/** Alive: exists and is not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== null && info.state !== "Z";
}

function descendants(rootPid: number): ProcessInfo[] {
  const all = fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => readProcess(Number(entry)) ?? []);
  const found: ProcessInfo[] = [];
  const parents = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const info of all) {
      if (!parents.has(info.ppid) || parents.has(info.pid)) continue;
      parents.add(info.pid);
      found.push(info);
      grew = true;
    }
  }
  return found.filter((info) => info.state !== "Z");
}

type Role = "redis" | "site" | "worker";
const ROLE_OF: [Role, RegExp][] = [
  ["redis", /redis-server/],
  ["site", /\bserver\.ts\b/],
  ["worker", /jobs\/worker\.ts\b/],
];

function servicePids(rootPid: number): Partial<Record<Role, number>> {
  const pids: Partial<Record<Role, number>> = {};
  for (const info of descendants(rootPid)) {
    const role = ROLE_OF.find(([, pattern]) => pattern.test(info.command))?.[0];
    if (role) pids[role] = info.pid;
  }
  return pids;
}

/** Every PID this file ever saw: killed in afterAll whatever happened. */
const seenPids = new Set<number>();
const remember = (pids: Partial<Record<Role, number>>) => Object.values(pids).forEach((pid) => pid && seenPids.add(pid));

// ─── Waiting on conditions ───

async function waitFor<T>(
  what: string,
  read: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ─── The supervisor under test ───

type Supervisor = { child: ChildProcess; pid: number; lines: string[]; port: number; exited: Promise<void>; outputDone: Promise<void> };
const supervisors: Supervisor[] = [];

function startSupervisor(env: Record<string, string | undefined>, port: number): Supervisor {
  // Not vitest's NODE_ENV "test" (it would quiet the logs): start.ts sets production itself.
  const childEnv = Object.fromEntries(
    Object.entries({ ...process.env, ...env, PORT: String(port), LOG_LEVEL: "info" }).filter(
      ([key, value]) => value !== undefined && key !== "NODE_ENV" && !key.startsWith("VITEST"),
    ),
  ) as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts);
    });
    stream.on("end", () => rest && lines.push(rest));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // "close": every process holding the output pipes (the site and the worker inherit them) has ended.
  const outputDone = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const supervisor = { child, pid: child.pid!, lines, port, exited, outputDone };
  seenPids.add(child.pid!);
  supervisors.push(supervisor);
  return supervisor;
}

type LogLine = { service?: string; msg?: string; level?: number; [key: string]: unknown };

function logLines(supervisor: Supervisor): LogLine[] {
  return supervisor.lines.flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

function transcript(supervisor: Supervisor) {
  return supervisor.lines.slice(-80).join("\n");
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function waitUntilServing(supervisor: Supervisor) {
  await waitFor(
    "the site to answer /healthz and the worker to be ready",
    async () => {
      if (supervisor.child.exitCode !== null) throw new Error(`npm start exited:\n${transcript(supervisor)}`);
      return (
        (await healthy(supervisor.port)) && logLines(supervisor).some((line) => line.service === "worker" && line.msg === "workers ready")
      );
    },
    120_000,
    200,
  );
  const pids = await waitFor(
    "redis, site and worker processes",
    () => {
      const found = servicePids(supervisor.pid);
      return found.site && found.worker ? found : null;
    },
    10_000,
  );
  remember(pids);
  return pids;
}

/** SIGTERM, then the time until the supervisor and every given process are gone (throws past the deadline). */
async function terminate(supervisor: Supervisor, pids: number[]) {
  const everyone = [supervisor.pid, ...pids];
  supervisor.child.kill("SIGTERM");
  await waitFor(
    `every process to end within ${STOP_DEADLINE_MS} ms of SIGTERM (alive: ${everyone.filter(isAlive).join(", ")})`,
    () => (supervisor.child.exitCode !== null || supervisor.child.signalCode !== null ? everyone.every((pid) => !isAlive(pid)) : false),
    STOP_DEADLINE_MS,
  );
}

// ─── The learner, over HTTP ───

let m: {
  getPrisma: typeof import("~/utils/db.server.ts").getPrisma;
  markStageDone: typeof import("~/models/progress.server.ts").markStageDone;
};
let databaseUrl: string;
let dataDir: string;
let dropDatabase: (() => Promise<void>) | undefined;
let externalRedis: LocalRedis | null = null;
let externalRedisDir: string | null = null;

async function signIn(port: number, username: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://127.0.0.1:${port}` },
    body: new URLSearchParams({ identifier: username, password: SAMPLE_PASSWORD, redirectTo: "/courses" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  return cookie;
}

const lessonUrl = (port: number, lesson: LessonRef) => `http://127.0.0.1:${port}/courses/${lesson.courseSlug}/${lesson.lessonSlug}`;

/** The paper the lesson page shows: its one-time token and the questions on it. */
async function openPaper(port: number, cookie: string, lesson: LessonRef) {
  const response = await fetch(lessonUrl(port, lesson), { headers: { Cookie: cookie } });
  const html = await response.text();
  const token = /name="token" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  const questionIds = [...new Set([...html.matchAll(/name="q-([^"]+)"/g)].map((match) => match[1]!))];
  if (!token || questionIds.length === 0) throw new Error(`no quiz on the lesson page (${response.status})`);
  return { token, questionIds };
}

/** Sends the quiz form as the browser would without JavaScript. */
function submitQuiz(port: number, cookie: string, lesson: LessonRef, token: string, answers: [string, string][]) {
  return fetch(lessonUrl(port, lesson), {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: `http://127.0.0.1:${port}` },
    body: new URLSearchParams([["intent", "quiz"], ["token", token], ...answers]),
  });
}

/** Preparation, viewing and discussion done, so the lesson's test is open (and a pass completes the lesson). */
async function openTesting(username: string, lesson: LessonRef) {
  const prisma = await m.getPrisma();
  const learner = await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } });
  const row = await prisma.lesson.findFirstOrThrow({
    where: { slug: lesson.lessonSlug, course: { slug: lesson.courseSlug } },
    select: { id: true },
  });
  for (const stage of ["PREPARATION", "VIEWING", "DISCUSSION"] as const) await m.markStageDone(learner.id, row.id, stage);
  return { learnerId: learner.id, lessonId: row.id };
}

/** A diligent learner's answers: every question right, from the answer key. */
async function rightAnswers(questionIds: string[]): Promise<[string, string][]> {
  const prisma = await m.getPrisma();
  const rows = await prisma.question.findMany({ where: { id: { in: questionIds } }, select: { id: true, type: true, answerJson: true } });
  return rows.flatMap(({ id, type, answerJson }): [string, string][] => {
    const answer = JSON.parse(answerJson) as unknown;
    if (type === "MULTIPLE") return (answer as string[]).map((option) => [`q-${id}`, option]);
    if (type === "FILL") return [[`q-${id}`, (answer as string[])[0]!]];
    return [[`q-${id}`, String(answer)]];
  });
}

beforeAll(async () => {
  // `npm start` builds when there is no build; do it once here rather than inside a timed test.
  if (!fs.existsSync("build/index.js")) {
    const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("remix build failed");
  }
  const database = await createMigratedDatabase();
  dropDatabase = database.drop;
  const { target, dir } = database;
  databaseUrl = target.url;
  dataDir = dir;
  process.env.DATABASE_URL = target.url;
  process.env.SIHUAN_DATA_DIR = dir;
  m = { ...(await import("~/utils/db.server.ts")), ...(await import("~/models/progress.server.ts")) };
  await loadSampleData();
}, 120_000);

afterAll(async () => {
  for (const pid of seenPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.all(
    supervisors.map((supervisor) => Promise.race([supervisor.exited, new Promise((resolve) => setTimeout(resolve, 5000))])),
  );
  await externalRedis?.stop();
  const { getPrisma } = await import("~/utils/db.server.ts");
  await (await getPrisma()).$disconnect();
  await dropDatabase?.();
  for (const dir of [dataDir, externalRedisDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("npm start supervises what it starts", () => {
  it("brings back the embedded Redis and the worker killed mid-submission, and grades the attempt exactly once", async () => {
    const port = await freePort();
    const supervisor = startSupervisor(
      {
        DATABASE_URL: databaseUrl,
        SIHUAN_DATA_DIR: dataDir,
        REDIS_URL: undefined,
        REDIS_PORT: String(await freePort()),
        // The grading worker holds a job up to 1 s waiting for company: the kill lands while the job is held.
        GRADING_BATCH_WAIT_MS: "1000",
      },
      port,
    );
    const before = await waitUntilServing(supervisor);
    expect(before.redis, "the embedded Redis runs under npm start").toBeDefined();

    const prisma = await m.getPrisma();
    const { learnerId, lessonId } = await openTesting("xueyuan", RUDANG);
    const cookie = await signIn(port, "xueyuan");
    const { token, questionIds } = await openPaper(port, cookie, RUDANG);
    const submission = submitQuiz(port, cookie, RUDANG, token, await rightAnswers(questionIds));
    // The moment the attempt is stored, the site is queueing it: kill Redis and the worker then.
    const stored = await waitFor(
      "the attempt to be stored",
      () => prisma.quizAttempt.findUnique({ where: { idempotencyKey: token }, select: { id: true } }),
      30_000,
      5,
    );
    process.kill(before.redis!, "SIGKILL");
    process.kill(before.worker!, "SIGKILL");
    const atKill = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: stored.id }, select: { status: true } });
    expect(atKill.status, "the kill must land before grading, or this test proves nothing").toBe("SUBMITTED");

    const response = await submission;
    expect(response.status, transcript(supervisor)).toBeGreaterThanOrEqual(300);
    expect(response.headers.get("location") ?? "").toContain(`attempt=${stored.id}`);

    const after = await waitFor(
      "a new embedded Redis and a new worker",
      () => {
        if (supervisor.child.exitCode !== null) throw new Error(`npm start exited:\n${transcript(supervisor)}`);
        const now = servicePids(supervisor.pid);
        return now.redis && now.worker && now.site && now.redis !== before.redis && now.worker !== before.worker ? now : null;
      },
      30_000,
    );
    remember(after);
    expect(after.site, "the site was not touched").toBe(before.site);
    await waitFor("the site to answer /healthz", () => healthy(port), 30_000);

    // A job held by the killed worker is taken back once its lock runs out (BullMQ's stalled check).
    const graded = await waitFor(
      "the attempt to be graded",
      () => prisma.quizAttempt.findFirst({ where: { id: stored.id, status: "GRADED" }, select: { scorePercent: true, passed: true } }),
      150_000,
      250,
    );
    expect(graded).toEqual({ scorePercent: 100, passed: true });
    await waitFor("the lesson's hours", () => prisma.hoursLedgerEntry.findFirst({ where: { userId: learnerId, lessonId } }), 30_000, 250);
    expect(await prisma.hoursLedgerEntry.count({ where: { userId: learnerId, lessonId } })).toBe(1);
    expect(await prisma.quizAttempt.count({ where: { userId: learnerId, lessonId } })).toBe(1);
    // The site lived through the outage: its queue connection is back, a new submission is queued at once.
    await openTesting("yubei", YIWU);
    const yubei = await signIn(port, "yubei");
    const paper = await openPaper(port, yubei, YIWU);
    const later = await submitQuiz(port, yubei, YIWU, paper.token, await rightAnswers(paper.questionIds));
    expect(later.headers.get("location") ?? "", `queued by the site, not left for the sweep:\n${transcript(supervisor)}`).toMatch(
      /attempt=(?!.*queue=down)/,
    );
    const laterId = new URL(later.headers.get("location")!, "http://localhost").searchParams.get("attempt")!;
    await waitFor(
      "the later attempt to be graded",
      () => prisma.quizAttempt.findFirst({ where: { id: laterId, status: "GRADED" } }),
      30_000,
      100,
    );

    await terminate(supervisor, [after.redis!, after.site!, after.worker!]);
    // Every process has ended and its output is read to the end: count the gradings that wrote the attempt.
    await supervisor.outputDone;
    const gradings = logLines(supervisor).filter(
      (line) =>
        line.msg === "job completed" &&
        line.queue === "grading" &&
        line.jobId === `grade-${stored.id}` &&
        (line.result as { savedNow?: boolean } | undefined)?.savedNow === true,
    );
    expect(gradings, `one grading wrote the attempt:\n${transcript(supervisor)}`).toHaveLength(1);
  }, 300_000);

  it("brings back a killed site and Redis, and the worker that lived through it takes jobs again", async () => {
    const port = await freePort();
    const supervisor = startSupervisor(
      { DATABASE_URL: databaseUrl, SIHUAN_DATA_DIR: dataDir, REDIS_URL: undefined, REDIS_PORT: String(await freePort()) },
      port,
    );
    const before = await waitUntilServing(supervisor);
    process.kill(before.redis!, "SIGKILL");
    process.kill(before.site!, "SIGKILL");
    const after = await waitFor(
      "a new embedded Redis and a new site",
      () => {
        const now = servicePids(supervisor.pid);
        return now.redis && now.site && now.redis !== before.redis && now.site !== before.site ? now : null;
      },
      30_000,
    );
    remember(after);
    expect(after.worker, "the worker was not touched").toBe(before.worker);
    await waitFor("the new site to answer /healthz", () => healthy(port), 60_000, 200);
    await waitFor(
      "the worker to see Redis again",
      () => logLines(supervisor).some((line) => line.service === "worker" && line.msg === "redis connection back"),
      30_000,
    );

    const prisma = await m.getPrisma();
    await openTesting("fazhan", YIWU);
    const cookie = await signIn(port, "fazhan");
    const { token, questionIds } = await openPaper(port, cookie, YIWU);
    const response = await submitQuiz(port, cookie, YIWU, token, await rightAnswers(questionIds));
    const attemptId = new URL(response.headers.get("location") ?? "/", "http://localhost").searchParams.get("attempt");
    expect(attemptId, transcript(supervisor)).toBeTruthy();
    expect(response.headers.get("location"), "the site queued it: Redis is back for the site too").not.toContain("queue=down");
    // Graded by the worker that lived through the outage: it takes jobs again without a restart.
    await waitFor(
      "the attempt to be graded",
      () => prisma.quizAttempt.findFirst({ where: { id: attemptId!, status: "GRADED" } }),
      30_000,
      100,
    );
    expect(servicePids(supervisor.pid).worker).toBe(before.worker);

    await terminate(supervisor, [after.redis!, after.site!, before.worker!]);
    await supervisor.outputDone;
    const worker = logLines(supervisor).filter((line) => line.service === "worker");
    expect(
      worker.filter((line) => line.msg === "redis connection lost: retrying"),
      "the loss is logged once",
    ).toHaveLength(1);
    expect(
      worker.filter((line) => line.msg === "redis connection back"),
      "the recovery is logged once",
    ).toHaveLength(1);
    expect(
      worker.filter((line) => line.msg === "worker error"),
      "no error per reconnect attempt",
    ).toEqual([]);
    const restarts = logLines(supervisor).filter((line) => line.service === "supervisor" && line.msg === "child restarted");
    expect(restarts.map((line) => line.child).sort()).toEqual(["redis", "site"]);
  }, 180_000);

  it("stops every process within 10 s of SIGTERM when its Redis is gone, logging the loss once", async () => {
    externalRedisDir = fs.mkdtempSync(path.join(dataDir, "external-redis-"));
    externalRedis = await startLocalRedis({ port: await freePort(), dir: externalRedisDir });
    const port = await freePort();
    const supervisor = startSupervisor({ DATABASE_URL: databaseUrl, SIHUAN_DATA_DIR: dataDir, REDIS_URL: externalRedis.url }, port);
    const pids = await waitUntilServing(supervisor);
    expect(pids.redis, "with REDIS_URL given, npm start runs no Redis of its own").toBeUndefined();

    process.kill(externalRedis.pid!, "SIGKILL");
    const lostRedis = (line: LogLine) =>
      line.service === "worker" && (line.level ?? 0) >= 40 && /redis|ECONNREFUSED/i.test(`${line.msg} ${String(line.err ?? "")}`);
    await waitFor("the worker to notice Redis is gone", () => logLines(supervisor).some(lostRedis), 30_000);

    await terminate(supervisor, [pids.site!, pids.worker!]);
    expect(logLines(supervisor).filter(lostRedis), "the loss is logged once, not once per retry").toHaveLength(1);
  }, 120_000);
});
