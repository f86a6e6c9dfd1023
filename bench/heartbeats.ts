// Heartbeat ingestion over HTTP against the built site (default SQLite), next to
// a bare Node handler in the same run. Each of the VIEWERS connections is one
// learner with a real session, sending his cumulative played range as it grows.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";

export type LoadResult = { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; total: number };

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const SITE_PORT = Number(process.env.BENCH_SITE_PORT ?? 3400);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 3401);
const DATA_DIR = path.resolve(".bench-data");
/** The figure: at least this many heartbeats per second with p99 under TARGET_P99_MS. */
export const TARGET_RATE = 2000;
export const TARGET_P99_MS = 50;

import { benchEnvironment, run } from "./setup.ts";

async function waitFor(url: string, child: ChildProcess) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited`);
    try {
      if ((await fetch(url, { method: "POST", body: "{}" })).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up`);
}

/** VIEWERS signed-in learners in the bench database. */
async function prepare() {
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { commitLoginSession } = await import("~/utils/auth.server.ts");
  const prisma = await getPrisma();
  const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "yiwu-quanli" }, select: { id: true, durationSeconds: true } });
  const home = await prisma.organization.findUniqueOrThrow({ where: { code: "hexi-cun" }, select: { id: true } });
  await prisma.user.createMany({
    data: Array.from({ length: VIEWERS }, (_, index) => ({
      username: `bench${index}`,
      name: `压测学员${index}`,
      homeOrgId: home.id,
      stage: "ACTIVIST",
    })),
  });
  const users = await prisma.user.findMany({ where: { username: { startsWith: "bench" } }, select: { id: true } });
  // Each has confirmed the lesson's preparation ring: the heartbeat path refuses viewing before it (decision 016).
  await prisma.lessonProgress.createMany({ data: users.map((user) => ({ userId: user.id, lessonId: lesson.id, preparedAt: new Date() })) });
  const expiresAt = new Date(Date.now() + 24 * 3600 * 1000);
  const cookies: string[] = [];
  for (const user of users) {
    const session = await prisma.session.create({ data: { userId: user.id, expiresAt }, select: { id: true, expiresAt: true } });
    cookies.push((await commitLoginSession(new Request("http://localhost/"), session)).split(";")[0]!);
  }
  await prisma.$disconnect();
  return { cookies, lesson };
}

/** Closed-loop load: every viewer sends again as soon as he is answered, so this measures capacity. */
function load(url: string, cookies: string[], lesson: { id: string; durationSeconds: number }): Promise<LoadResult> {
  const started = Date.now();
  let nextViewer = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: VIEWERS,
        duration: SECONDS,
        requests: [
          {
            method: "POST",
            setupRequest: (request, context: { cookie?: string }) => {
              context.cookie ??= cookies[nextViewer++ % cookies.length];
              // Playback at 1× since the run started, wrapping at the lesson's end.
              const position = ((Date.now() - started) / 1000) % lesson.durationSeconds;
              return {
                ...request,
                headers: { ...request.headers, "content-type": "application/json", cookie: context.cookie! },
                body: JSON.stringify({ lessonId: lesson.id, intervals: [[0, Math.max(0.1, position)]], position }),
              };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          total: result.requests.total,
        });
      },
    );
  });
}

/**
 * Open-loop load at a fixed rate: requests leave on schedule whether or not
 * earlier ones were answered (as heartbeats from many phones do), spread evenly
 * every TICK_MS, each viewer in turn; latency is timed per request.
 */
async function steadyLoad(
  url: string,
  cookies: string[],
  lesson: { id: string; durationSeconds: number },
  rate: number,
): Promise<LoadResult> {
  const TICK_MS = 5;
  const started = performance.now();
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let nextViewer = 0;
  // One keep-alive socket per viewer, as each phone has its own connection.
  const agent = new http.Agent({ keepAlive: true, maxSockets: VIEWERS });
  const target = new URL(url);
  const inFlight = new Set<Promise<void>>();
  const fire = () => {
    const cookie = cookies[nextViewer++ % cookies.length]!;
    const position = ((performance.now() - started) / 1000) % lesson.durationSeconds;
    const body = JSON.stringify({ lessonId: lesson.id, intervals: [[0, Math.max(0.1, position)]], position });
    const sentAt = performance.now();
    const request = new Promise<void>((resolve) => {
      const outgoing = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie },
        },
        (response) => {
          response.resume();
          response.on("end", () => {
            if ((response.statusCode ?? 500) >= 300) non2xx += 1;
            latencies.push(performance.now() - sentAt);
            resolve();
          });
        },
      );
      outgoing.on("error", () => {
        errors += 1;
        resolve();
      });
      outgoing.end(body);
    }).finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (elapsed >= SECONDS * 1000) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.floor((elapsed / 1000) * rate);
      while (sent < due) {
        fire();
        sent += 1;
      }
    }, TICK_MS);
  });
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0);
  return {
    requestsPerSecond: latencies.length / SECONDS,
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    errors,
    non2xx,
    total: latencies.length,
  };
}

export async function benchHeartbeats() {
  if (!fs.existsSync("build/index.js")) run("npx", ["remix", "build"], process.env);
  const env = benchEnvironment(DATA_DIR);
  const { cookies, lesson } = await prepare();
  // BENCH_CPU_PROF=1 writes a CPU profile of the site to bench-results/profiles/.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=bench-results/profiles"] : [];
  const site = spawn(process.execPath, [...profile, "--import", "tsx", "server.ts"], {
    stdio: "inherit",
    env: { ...env, PORT: String(SITE_PORT) },
  });
  const bare = spawn(process.execPath, ["--import", "tsx", "bench/bare-server.ts"], {
    stdio: "ignore",
    env: { ...env, PORT: String(BARE_PORT) },
  });
  try {
    const siteUrl = `http://127.0.0.1:${SITE_PORT}/api/heartbeat`;
    const bareUrl = `http://127.0.0.1:${BARE_PORT}/heartbeat`;
    await Promise.all([waitFor(siteUrl, site), waitFor(bareUrl, bare)]);
    console.log(`心跳压测 / heartbeats: ${VIEWERS} viewers, ${SECONDS} s per run, bare handler first in each pair`);
    // Capacity: every viewer sends again as soon as he is answered.
    const capacity = { baseline: await load(bareUrl, cookies, lesson), site: await load(siteUrl, cookies, lesson) };
    // Latency at the target load: 2,000 heartbeats/s spread over the viewers.
    const atTarget = {
      baseline: await steadyLoad(bareUrl, cookies, lesson, TARGET_RATE),
      site: await steadyLoad(siteUrl, cookies, lesson, TARGET_RATE),
    };
    return { viewers: VIEWERS, seconds: SECONDS, targetRate: TARGET_RATE, capacity, atTarget };
  } finally {
    bare.kill("SIGTERM");
    site.kill("SIGTERM");
    await new Promise((resolve) => site.once("exit", resolve));
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
  }
}
