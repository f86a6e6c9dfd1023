// `npm run bench -- pages`: Lighthouse 12 (mobile emulation, its default) on
// the catalog, a lesson page and /me as the signed-in sample learner, against
// the built site started the way `npm start` starts it, on a fresh data folder.
// Besides the two scores it reports the compressed JavaScript a page loads
// before the video player: the transfer size of every script whose request
// started before the first request for the mux-player chunk (all scripts when
// the page never asks for it). The chunk is found in public/build by the
// custom element it defines, so a new build hash changes nothing.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { SAMPLE_PASSWORD } from "../prisma/sample-data.ts";
import { benchEnvironment } from "./setup.ts";

const PORT = Number(process.env.PORT ?? 3406);
const REDIS_PORT = Number(process.env.REDIS_PORT ?? 6426);
const DATA_DIR = process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), "sihuan-bench-pages");
const BASE = `http://localhost:${PORT}`;
const LEARNER = "xueyuan";
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";

export type Resource = { url: string; transferBytes: number };
export type PageFigures = {
  name: string;
  path: string;
  performance: number;
  accessibility: number;
  /** Compressed bytes of the scripts requested before the player's chunk. */
  jsBeforePlayerBytes: number;
  playerRequested: boolean;
  biggestScripts: Resource[];
  accessibilityFailures: string[];
};

type NetworkItem = { url: string; resourceType?: string; transferSize?: number; networkRequestTime?: number };

/** The build files that hold mux-player (the lazy chunk defines its custom element). */
function playerChunks() {
  const shared = "public/build/_shared";
  return fs
    .readdirSync(shared)
    .filter((name) => name.endsWith(".js") && /define\("mux-player"/.test(fs.readFileSync(path.join(shared, name), "utf8")))
    .map((name) => `/build/_shared/${name}`);
}

/** Sums the scripts requested before the first request for a player chunk. */
export function scriptsBeforePlayer(items: NetworkItem[], chunks: string[]) {
  const scripts = items.filter((item) => item.resourceType === "Script");
  const playerStarts = scripts.filter((item) => chunks.includes(new URL(item.url).pathname)).map((item) => item.networkRequestTime ?? 0);
  const cutoff = playerStarts.length > 0 ? Math.min(...playerStarts) : Number.POSITIVE_INFINITY;
  const before = scripts.filter((item) => (item.networkRequestTime ?? 0) < cutoff);
  return {
    bytes: before.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    playerRequested: playerStarts.length > 0,
    biggest: before
      .map((item) => ({ url: new URL(item.url).pathname, transferBytes: item.transferSize ?? 0 }))
      .sort((a, b) => b.transferBytes - a.transferBytes)
      .slice(0, 6),
  };
}

async function waitForSite(child: ChildProcess) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error("the site exited before it answered");
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${BASE} did not come up`);
}

/** Signs in through the real login form; returns the session cookie. */
async function signIn() {
  const response = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier: LEARNER, password: SAMPLE_PASSWORD, redirectTo: "/courses" }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`signing in as ${LEARNER} failed (${response.status})`);
  return cookie;
}

/** The first lesson of the first course on the catalog, with its preparation confirmed so the player shows. */
async function firstLesson(cookie: string) {
  const catalog = await (await fetch(`${BASE}/courses`, { headers: { cookie } })).text();
  const lessonPath = /href="(\/courses\/[^"/]+\/[^"/]+)"/.exec(catalog)?.[1];
  if (!lessonPath) throw new Error("the catalog links to no lesson");
  const confirmed = await fetch(`${BASE}${lessonPath}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "prepare" }),
  });
  if (confirmed.status >= 400) throw new Error(`confirming the preparation of ${lessonPath} failed (${confirmed.status})`);
  return lessonPath;
}

async function audit(name: string, pagePath: string, cookie: string, chunks: string[]): Promise<PageFigures> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const result = await lighthouse(`${BASE}${pagePath}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      extraHeaders: { Cookie: cookie },
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${pagePath}`);
    const { lhr } = result;
    if (new URL(lhr.finalDisplayedUrl).pathname !== pagePath)
      throw new Error(`${pagePath} ended at ${lhr.finalDisplayedUrl}: is the learner signed in?`);
    const items = ((lhr.audits["network-requests"]?.details as { items?: NetworkItem[] } | undefined)?.items ?? []) as NetworkItem[];
    const scripts = scriptsBeforePlayer(items, chunks);
    const accessibilityFailures = (lhr.categories.accessibility?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => ref.id);
    return {
      name,
      path: pagePath,
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      jsBeforePlayerBytes: scripts.bytes,
      playerRequested: scripts.playerRequested,
      biggestScripts: scripts.biggest,
      accessibilityFailures,
    };
  } finally {
    await chrome.kill();
  }
}

export async function benchPages(): Promise<PageFigures[]> {
  if (spawnSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] }).status !== 0) throw new Error("the build failed");
  const env = benchEnvironment(DATA_DIR);
  const site = spawn("npx", ["tsx", "scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...env, PORT: String(PORT), REDIS_PORT: String(REDIS_PORT), LOG_LEVEL: "warn" },
    detached: true,
  });
  try {
    await waitForSite(site);
    const cookie = await signIn();
    const lessonPath = await firstLesson(cookie);
    const chunks = playerChunks();
    const figures: PageFigures[] = [];
    for (const [name, pagePath] of [
      ["catalog", "/courses"],
      ["lesson", lessonPath],
      ["me", "/me"],
    ] as const) {
      figures.push(await audit(name, pagePath, cookie, chunks));
    }
    return figures;
  } finally {
    // The whole group: npx, tsx, the site, the worker and their Redis.
    if (site.pid) process.kill(-site.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}
