// `npm run bench`: the figures the issues name, each next to its baseline from
// the same run. Results go to bench-results/ as JSON and to the terminal.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { benchGrading } from "./grading.ts";
import { benchHeartbeats, TARGET_P99_MS, TARGET_RATE, type LoadResult } from "./heartbeats.ts";
import { benchImport, describeImport, IMPORT_ROWS, type ImportResult } from "./import.ts";
import { benchPages } from "./pages.ts";
import { benchStation } from "./station.ts";
import { benchSync, describeSync, syncOptions, type SyncResult } from "./sync.ts";

/** `npm run bench` runs them all; `npm run bench -- grading` (or heartbeats, pages, station, sync, import) runs one. */
const only = process.argv[2];

const round = (value: number) => Math.round(value * 10) / 10;

function row(name: string, result: LoadResult) {
  return `  ${name.padEnd(28)} ${String(round(result.requestsPerSecond)).padStart(9)} req/s   p50 ${String(result.p50Ms).padStart(4)} ms   p99 ${String(result.p99Ms).padStart(4)} ms   errors ${result.errors}, non-2xx ${result.non2xx}`;
}

async function heartbeatFigures() {
  const heartbeats = await benchHeartbeats();
  const { capacity, atTarget } = heartbeats;
  console.log("capacity (each viewer sends again as soon as answered):");
  console.log(row("bare Node handler", capacity.baseline));
  console.log(row("site POST /api/heartbeat", capacity.site));
  const ratio = capacity.site.requestsPerSecond / capacity.baseline.requestsPerSecond;
  console.log(`  ratio site / bare: ${ratio.toFixed(2)}`);
  console.log(`at ${TARGET_RATE} heartbeats/s:`);
  console.log(row("bare Node handler", atTarget.baseline));
  console.log(row("site POST /api/heartbeat", atTarget.site));
  const met =
    capacity.site.requestsPerSecond >= TARGET_RATE &&
    atTarget.site.requestsPerSecond >= TARGET_RATE * 0.98 &&
    atTarget.site.p99Ms < TARGET_P99_MS &&
    capacity.site.non2xx + atTarget.site.non2xx + capacity.site.errors + atTarget.site.errors === 0;
  console.log(`target ≥ ${TARGET_RATE}/s with p99 < ${TARGET_P99_MS} ms, no errors: ${met ? "met" : "NOT met"}`);
  fs.writeFileSync(
    "bench-results/heartbeats.json",
    JSON.stringify({ ...heartbeats, ratio, targetMet: met, at: new Date().toISOString() }, null, 2),
  );
}

async function gradingFigures() {
  const result = await benchGrading();
  const ratio = result.grading.perSecond / result.noop.perSecond;
  console.log(
    `评分压测 / grading: ${result.grading.jobs} attempts, worker concurrency ${result.concurrency} (both runs), batches of up to ${result.batch.maxSize} / ${result.batch.maxWaitMs} ms`,
  );
  console.log(`  no-op BullMQ jobs           ${round(result.noop.perSecond)} jobs/s (${round(result.noop.seconds)} s)`);
  console.log(`  attempts graded end to end  ${round(result.grading.perSecond)} attempts/s (${round(result.grading.seconds)} s)`);
  console.log(`  ratio grading / no-op: ${ratio.toFixed(2)}`);
  const met = result.grading.perSecond >= 1000 && ratio >= 0.5;
  console.log(`target ≥ 1,000 attempts/s and ≥ half the no-op rate: ${met ? "met" : "NOT met"}`);
  fs.writeFileSync(
    "bench-results/grading.json",
    JSON.stringify({ ...result, ratio, targetMet: met, at: new Date().toISOString() }, null, 2),
  );
}

async function pageFigures() {
  const pages = await benchPages();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log("页面 / pages (Lighthouse 12, mobile emulation, signed in as the sample learner):");
  console.log(`  ${"page".padEnd(8)} ${"path".padEnd(40)} ${"perf".padStart(5)} ${"a11y".padStart(5)}   JS before the player (compressed)`);
  for (const page of pages) {
    console.log(
      `  ${page.name.padEnd(8)} ${page.path.padEnd(40)} ${String(page.performance).padStart(5)} ${String(page.accessibility).padStart(5)}   ${kb(page.jsBeforePlayerBytes)}${page.playerRequested ? "" : " (player not requested)"}`,
    );
  }
  for (const page of pages) {
    console.log(`  ${page.name}: biggest scripts before the player`);
    for (const script of page.biggestScripts) console.log(`    ${kb(script.transferBytes).padStart(9)}  ${script.url}`);
    if (page.accessibilityFailures.length > 0) console.log(`    accessibility audits failing: ${page.accessibilityFailures.join(", ")}`);
  }
  const met =
    pages.every((page) => page.accessibility === 100) &&
    pages.filter((page) => page.name !== "me").every((page) => page.jsBeforePlayerBytes <= 100 * 1024);
  console.log(
    `target accessibility 100 on every page, ≤ 100 KB before the player on the catalog and the lesson: ${met ? "met" : "NOT met"}`,
  );
  fs.writeFileSync("bench-results/pages.json", JSON.stringify({ pages, targetMet: met, at: new Date().toISOString() }, null, 2));
}

async function stationFigures() {
  const result = await benchStation();
  const ms = (seconds: number) => `${Math.round(seconds * 1000)} ms`;
  console.log(`站点放映结束 / closing a station session: ${result.attendees} attendees, ${result.rounds} rounds, median (each round)`);
  console.log(
    `  ${result.attendees} online hours jobs (no station logic)   ${ms(result.medianBaseline).padStart(7)}   (${result.baselineSeconds.map(ms).join(", ")})`,
  );
  console.log(
    `  close → every station ledger entry       ${ms(result.medianStation).padStart(7)}   (${result.stationSeconds.map(ms).join(", ")})`,
  );
  console.log(`  ratio station / online: ${(result.medianStation / result.medianBaseline).toFixed(2)}`);
  fs.writeFileSync("bench-results/station.json", JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2));
}

/** `npm run bench -- sync [--stations N] [--concurrency N] [--database sqlite|postgresql]`: both databases unless one is named. */
async function syncFigures(args: string[]) {
  const options = syncOptions(args);
  if (options.database) {
    const result = await benchSync(options.database, options);
    for (const line of describeSync(result)) console.log(line);
    fs.writeFileSync(`bench-results/sync-${result.database}.json`, JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2));
    return;
  }
  const results = onEachDatabase<SyncResult>("sync", args);
  console.log("城市同步 / the city's month upload, both databases:");
  for (const result of results) {
    console.log(
      `  ${result.database.padEnd(10)} ${String(Math.round(result.sync.itemsPerSecond)).padStart(6)} items/s, batch p99 ${Math.round(result.sync.p99Ms)} ms; bare ${Math.round(result.bare.rowsPerSecond)} rows/s; ratio ${result.ratio.toFixed(3)}; city ${(result.citySeconds / 60).toFixed(1)} min${result.cityMeasured ? "" : " (projected)"}: ${result.targetMet ? "met" : "NOT met"}`,
    );
  }
}

/** Runs `npm run bench -- <name> … --database <each>` in a process per database (a process keeps one Prisma client) and reads back their results. */
function onEachDatabase<Result>(name: string, args: string[]): Result[] {
  return ["sqlite", "postgresql"].map((database) => {
    const file = `bench-results/${name}-${database}.json`;
    fs.rmSync(file, { force: true });
    const child = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", name, ...args, "--database", database], {
      stdio: "inherit",
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
    return JSON.parse(fs.readFileSync(file, "utf8")) as Result;
  });
}

/** `npm run bench -- import [--rows N] [--database sqlite|postgresql]`: both databases unless one is named. */
async function importFigures(args: string[]) {
  const { values } = parseArgs({ args, options: { database: { type: "string" }, rows: { type: "string" } }, strict: true });
  const rows = values.rows === undefined ? IMPORT_ROWS : Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new Error("--rows must be a positive whole number");
  if (values.database !== undefined) {
    if (values.database !== "sqlite" && values.database !== "postgresql") throw new Error("--database must be sqlite or postgresql");
    const result = await benchImport(values.database, rows);
    for (const line of describeImport(result)) console.log(line);
    fs.writeFileSync(`bench-results/import-${result.database}.json`, JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2));
    return;
  }
  const results = onEachDatabase<ImportResult>("import", args);
  console.log("批量导入 / the roster import, both databases:");
  for (const result of results) {
    console.log(
      `  ${result.database.padEnd(10)} job ${Math.round(result.job.rowsPerSecond)} rows/s (${result.job.seconds.toFixed(1)} s), upload check ${Math.round(result.read.rowsPerSecond)} rows/s, again ${Math.round(result.again.rowsPerSecond)} rows/s; bare ${Math.round(result.bare.rowsPerSecond)} rows/s; ratio ${result.ratio.toFixed(3)}`,
    );
  }
}

async function main() {
  fs.mkdirSync("bench-results", { recursive: true });
  if (only === "heartbeats") return heartbeatFigures();
  if (only === "grading") return gradingFigures();
  if (only === "pages") return pageFigures();
  if (only === "station") return stationFigures();
  if (only === "sync") return syncFigures(process.argv.slice(3));
  if (only === "import") return importFigures(process.argv.slice(3));
  // Each benchmark in a process of its own: one process keeps one database and one Redis.
  for (const name of ["heartbeats", "grading", "pages", "station", "sync", "import"]) {
    const result = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", name], { stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
