// 城市同步 / the city's month upload (issue #11): the stations of a city, each
// uploading the outbox of a month of offline sessions at the same moment,
// through takeStationEvents (what POST /api/station-events calls) in batches of
// up to 500, several stations in flight at once, on SQLite or PostgreSQL; then,
// in the same run and with the same batches and the same number in flight, a
// bare multi-row insert of the very StationEvent rows the upload stored into a
// fresh database of the same schema. The figure: items applied per second, the
// p99 of a batch, their ratio to the bare insert, and the whole city's time.
//
// An "item" is one entry of a device's outbox, one event as the endpoint takes
// it. Each session is opened, 30 attendees arrive (and a walk-in), the film is
// played in 3 stretches with a seek back, 2 leave early, the minutes are taken,
// each of the 30 hands in one answer sheet (one item carrying his attempt at the
// whole paper: 10 answers), and it is closed: 69 items, 8 sessions a station.
// The issue counts each answer as an event (30 × 10 per session); that count is
// printed beside the item count.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Prisma } from "~/generated/prisma/client.ts";
import type { DatabaseTarget } from "~/utils/database-url.ts";
import { benchEnvironment, run } from "./setup.ts";

export const CITY_STATIONS = 449;
const SESSIONS_PER_STATION = 8;
const ATTENDEES = 30;
const ANSWERS_PER_SHEET = 10;
/** The people of each station's village: a session's 30 are drawn from them. */
const PEOPLE_PER_STATION = 40;
const MAX_BATCH = 500;
/** The issue's target: the whole city within this, at no less than half the bare insert's rate. */
const TARGET_SECONDS = 600;
const TARGET_RATIO = 0.5;

export type SyncDatabase = "sqlite" | "postgresql";
export type SyncOptions = { database: SyncDatabase | null; stations: number; concurrency: number };

const USAGE = `npm run bench -- sync [--database sqlite|postgresql] [--stations N] [--concurrency N]
  --database     one database only (both, each in its own process, when left out)
  --stations     stations uploading (default ${CITY_STATIONS}, the whole city)
  --concurrency  stations in flight at once (default 8)`;

export function syncOptions(args: string[]): SyncOptions {
  const { values } = parseArgs({
    args,
    options: { database: { type: "string" }, stations: { type: "string" }, concurrency: { type: "string" } },
    strict: true,
  });
  const count = (value: string | undefined, fallback: number, name: string) => {
    const number = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive whole number\n${USAGE}`);
    return number;
  };
  if (values.database !== undefined && values.database !== "sqlite" && values.database !== "postgresql") {
    throw new Error(`--database must be sqlite or postgresql\n${USAGE}`);
  }
  return {
    database: values.database ?? null,
    stations: count(values.stations, CITY_STATIONS, "stations"),
    concurrency: count(values.concurrency, 8, "concurrency"),
  };
}

const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 6397);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? ".bench-data-sync");

type BareResult = { seconds: number; rowsPerSecond: number; p50Ms: number; p99Ms: number; maxMs: number };
type Timing = { seconds: number; batchMs: number[] };

export type SyncResult = {
  database: SyncDatabase;
  stations: number;
  concurrency: number;
  sessions: number;
  items: number;
  /** The issue's count: each of a sheet's answers as an event. */
  issueEvents: number;
  itemsPerStation: number;
  batches: number;
  outcomes: Record<string, number>;
  hoursQueuedSessions: number;
  sync: { seconds: number; itemsPerSecond: number; issueEventsPerSecond: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** One multi-row INSERT statement per batch: the baseline of the ratio. */
  bare: BareResult;
  /** Prisma's createMany of each batch, for comparison: what the ORM's own bulk insert costs. */
  createMany: BareResult;
  ratio: number;
  /** The whole city at this run's rate (the measured time when the run was the whole city). */
  citySeconds: number;
  cityMeasured: boolean;
  targetMet: boolean;
};

const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;

function summary(timing: Timing, rows: number) {
  const sorted = [...timing.batchMs].sort((a, b) => a - b);
  return {
    seconds: timing.seconds,
    perSecond: rows / timing.seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}

/** Runs `work` on each of `count` stations, `concurrency` at a time, each station's batches in order. */
async function inFlight(
  count: number,
  concurrency: number,
  work: (index: number, timeBatch: <T>(batch: () => Promise<T>) => Promise<T>) => Promise<void>,
) {
  const batchMs: number[] = [];
  const timeBatch = async <T>(batch: () => Promise<T>) => {
    const start = performance.now();
    const result = await batch();
    batchMs.push(performance.now() - start);
    return result;
  };
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index, timeBatch);
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, batchMs };
}

const chunks = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** The PostgreSQL databases of this run, named after its Redis port so two runs side by side keep apart. */
const postgresNames = () => ({
  main: `sihuan_bench_sync_${REDIS_PORT}`,
  insert: `sihuan_bench_sync_${REDIS_PORT}_insert`,
  createMany: `sihuan_bench_sync_${REDIS_PORT}_createmany`,
});
type BareKind = "insert" | "createMany";

/** A fresh data folder, database (migrated, sample content and accounts) and Redis, this process pointed at them. */
async function syncEnvironment(database: SyncDatabase, poolSize: number) {
  const { startLocalRedis } = await import("../scripts/redis.ts");
  const { localPostgresUrl, postgresUrlFor, dropPostgresDatabase } = await import("../prisma/local-postgres.ts");
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-bench-redis-"));
  const redis = await startLocalRedis({ port: REDIS_PORT, dir: redisDir });
  const names = postgresNames();
  if (database === "sqlite") benchEnvironment(DATA_DIR);
  else {
    const url = postgresUrlFor(localPostgresUrl(), names.main, { connection_limit: String(poolSize) });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SIHUAN_DATA_DIR: DATA_DIR,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: url,
    };
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
    // reset creates the database when it is missing, empties it, then applies every migration.
    run("npx", ["tsx", "prisma/migrate.ts", "reset", "--force"], env);
    run("npx", ["tsx", "content/import.ts"], env);
    run("npx", ["tsx", "prisma/seed.ts"], env);
    Object.assign(process.env, env);
  }
  process.env.REDIS_URL = redis.url;
  process.env.QUEUE_PREFIX = "bench-sync";
  return {
    stop: async () => {
      await redis.stop();
      fs.rmSync(redisDir, { recursive: true, force: true });
      fs.rmSync(DATA_DIR, { recursive: true, force: true });
      if (database === "postgresql") {
        for (const name of Object.values(names)) await dropPostgresDatabase(localPostgresUrl(), name);
      }
    },
  };
}

/** Another database of the same provider and schema, empty: where a bare insert goes. */
async function bareDatabase(database: SyncDatabase, poolSize: number, kind: BareKind) {
  const { applyMigrations } = await import("../prisma/migrate-engine.ts");
  const { localPostgresUrl, postgresUrlFor, dropPostgresDatabase } = await import("../prisma/local-postgres.ts");
  const { createPrismaClient, preparePrisma } = await import("~/utils/db.server.ts");
  let target: DatabaseTarget;
  if (database === "sqlite") {
    const filePath = path.join(DATA_DIR, `bare-${kind}.db`);
    target = { provider: "sqlite", url: `file:${filePath}`, filePath };
  } else {
    const name = postgresNames()[kind];
    await dropPostgresDatabase(localPostgresUrl(), name);
    target = { provider: "postgresql", url: postgresUrlFor(localPostgresUrl(), name, { connection_limit: String(poolSize) }) };
  }
  await applyMigrations(target);
  const client = createPrismaClient(target);
  await preparePrisma(client, target);
  return client;
}

export async function benchSync(database: SyncDatabase, options: SyncOptions): Promise<SyncResult> {
  const poolSize = options.concurrency + 2;
  const environment = await syncEnvironment(database, poolSize);
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { takeStationEvents } = await import("~/utils/station-events.server.ts");
  const { closeQueues } = await import("~/utils/queues.server.ts");
  type Item = Parameters<typeof takeStationEvents>[0][number];
  const prisma = await getPrisma();
  try {
    // Not timed: the city. Townships under the sample county, a village branch per station with its people and its operator.
    const county = await prisma.organization.findUniqueOrThrow({ where: { code: "county" }, select: { id: true, path: true } });
    const townships = Array.from({ length: Math.ceil(options.stations / 30) }, (_, index) => {
      const id = randomUUID();
      return {
        id,
        code: `bench-town-${index}`,
        name: `压测镇${index}`,
        kind: "TOWNSHIP",
        parentId: county.id,
        path: `${county.path}${id}/`,
      };
    });
    const villages = Array.from({ length: options.stations }, (_, index) => {
      const township = townships[Math.floor(index / 30)]!;
      const id = randomUUID();
      return {
        id,
        code: `bench-village-${index}`,
        name: `压测村${index}`,
        kind: "BRANCH",
        parentId: township.id,
        path: `${township.path}${id}/`,
      };
    });
    await prisma.organization.createMany({ data: [...townships, ...villages] });
    const stations = villages.map((village, index) => ({
      id: randomUUID(),
      code: `bench-station-${index}`,
      name: `压测站${index}`,
      orgId: village.id,
      connectivity: "OFFLINE",
      operatorId: randomUUID(),
      people: Array.from({ length: PEOPLE_PER_STATION }, () => randomUUID()),
    }));
    const users = stations.flatMap((station, index) => [
      { id: station.operatorId, username: `bench-operator-${index}`, name: `管理员${index}`, homeOrgId: station.orgId },
      ...station.people.map((id, person) => ({
        id,
        username: `bench-${index}-${person}`,
        name: `村民${person}`,
        homeOrgId: station.orgId,
      })),
    ]);
    for (const chunk of chunks(users, 2000)) await prisma.user.createMany({ data: chunk });
    await prisma.station.createMany({
      data: stations.map(({ id, code, name, orgId, connectivity }) => ({ id, code, name, orgId, connectivity })),
    });
    await prisma.stationOperator.createMany({ data: stations.map((station) => ({ stationId: station.id, userId: station.operatorId })) });
    const lessons = await prisma.lesson.findMany({
      where: { passPercent: { not: null } },
      orderBy: { sortOrder: "asc" },
      select: { id: true, durationSeconds: true },
    });
    if (lessons.length === 0) throw new Error("the sample content has no lesson with a test");

    // Each station's outbox for the month, in its device's order; the attempts its sheets name are stored first (not timed).
    const attempts: {
      id: string;
      userId: string;
      lessonId: string;
      idempotencyKey: string;
      status: string;
      scorePercent: number;
      passed: boolean;
      gradedAt: Date;
    }[] = [];
    const outboxes = stations.map((station, stationIndex) => {
      const deviceId = `bench-tv-${stationIndex}`;
      const items: Item[] = [];
      for (let session = 0; session < SESSIONS_PER_STATION; session += 1) {
        const sessionId = randomUUID();
        const lesson = lessons[(stationIndex + session) % lessons.length]!;
        const film = lesson.durationSeconds * 1000;
        const add = (body: Item["body"]) => items.push({ eventId: randomUUID(), deviceId, sequence: items.length + 1, sessionId, body });
        const attendees = Array.from({ length: ATTENDEES }, (_, index) => station.people[(session * 7 + index) % PEOPLE_PER_STATION]!);
        add({ type: "opened", stationId: station.id, lessonId: lesson.id });
        attendees.forEach((personId, index) => add({ type: "arrived", personId, atMs: index * 2000 }));
        add({ type: "walked-in", personId: randomUUID(), name: "过路村民", phone: null, atMs: 65_000 });
        // The film in three stretches: a pause, then a seek back of a tenth before the rest.
        const start = 70_000;
        const half = Math.floor(film / 2);
        const tenth = Math.floor(film / 10);
        add({ type: "played", fromMs: start, toMs: start + half, mediaFrom: 0, mediaTo: half / 1000 });
        const second = start + half + 30_000;
        add({ type: "played", fromMs: second, toMs: second + half, mediaFrom: (half - tenth) / 1000, mediaTo: (film - tenth) / 1000 });
        const third = second + half + 5000;
        add({ type: "played", fromMs: third, toMs: third + tenth, mediaFrom: (film - tenth) / 1000, mediaTo: film / 1000 });
        const discussion = third + tenth + 60_000;
        add({ type: "minutes", summary: "大家结合本村实际谈了学习体会。", speakerIds: attendees.slice(0, 3) });
        add({ type: "left", personId: attendees[28]!, atMs: discussion });
        add({ type: "left", personId: attendees[29]!, atMs: discussion + 1000 });
        for (const personId of attendees) {
          const id = randomUUID();
          attempts.push({
            id,
            userId: personId,
            lessonId: lesson.id,
            idempotencyKey: id,
            status: "GRADED",
            scorePercent: 90,
            passed: true,
            gradedAt: new Date(),
          });
          add({ type: "answered", personId, way: "PAPER", attemptId: id });
        }
        add({ type: "closed", atMs: discussion + 20 * 60_000 });
      }
      return { station, items };
    });
    for (const chunk of chunks(attempts, 2000)) await prisma.quizAttempt.createMany({ data: chunk });
    const items = outboxes.reduce((sum, outbox) => sum + outbox.items.length, 0);
    const sessions = options.stations * SESSIONS_PER_STATION;
    const issueEvents = items - attempts.length + attempts.length * ANSWERS_PER_SHEET;

    // Timed: every station's outbox, in batches of up to 500, as its device sends them.
    const outcomes: Record<string, number> = {};
    const sync = await inFlight(options.stations, options.concurrency, async (index, timeBatch) => {
      const { station, items: outbox } = outboxes[index]!;
      for (const batch of chunks(outbox, MAX_BATCH)) {
        const results = await timeBatch(() => takeStationEvents(batch, station.operatorId));
        for (const result of results) {
          const key = result.outcome === "refused" ? `refused:${result.refusal}` : result.outcome;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
      }
    });
    const hoursQueuedSessions = await prisma.stationSession.count({ where: { hoursQueuedAt: { not: null } } });
    if ((outcomes.applied ?? 0) !== items) throw new Error(`not every item was applied: ${JSON.stringify(outcomes)}`);
    if (hoursQueuedSessions !== sessions) throw new Error(`${hoursQueuedSessions} of ${sessions} sessions queued their hours`);

    // The bare inserts: the rows the upload stored, station by station in the same batches, each into an empty StationEvent.
    const stored = await prisma.stationEvent.findMany({
      orderBy: [{ deviceId: "asc" }, { sequence: "asc" }],
      select: {
        id: true,
        deviceId: true,
        sequence: true,
        sessionClientId: true,
        position: true,
        type: true,
        bodyJson: true,
        outcome: true,
        refusal: true,
        recordedById: true,
        receivedAt: true,
      },
    });
    const rowsByDevice = new Map<string, typeof stored>();
    for (const row of stored) {
      const rows = rowsByDevice.get(row.deviceId) ?? [];
      rows.push(row);
      rowsByDevice.set(row.deviceId, rows);
    }
    const bareRun = async (kind: BareKind) => {
      const bare = await bareDatabase(database, poolSize, kind);
      try {
        // The recorders only (the one foreign key of a StationEvent row), not timed.
        await bare.user.createMany({
          data: stations.map((station, index) => ({ id: station.operatorId, username: `bench-operator-${index}`, name: `管理员${index}` })),
        });
        const insert = async (rows: typeof stored) => {
          if (kind === "createMany") {
            await bare.stationEvent.createMany({ data: rows });
            return;
          }
          const values = rows.map(
            (row) =>
              Prisma.sql`(${row.id}, ${row.deviceId}, ${row.sequence}, ${row.sessionClientId}, ${row.position}, ${row.type}, ${row.bodyJson}, ${row.outcome}, ${row.refusal}, ${row.recordedById}, ${row.receivedAt})`,
          );
          await bare.$executeRaw`
            INSERT INTO "StationEvent" ("id", "deviceId", "sequence", "sessionClientId", "position", "type", "bodyJson", "outcome", "refusal", "recordedById", "receivedAt")
            VALUES ${Prisma.join(values)}`;
        };
        const timing = await inFlight(options.stations, options.concurrency, async (index, timeBatch) => {
          for (const batch of chunks(rowsByDevice.get(`bench-tv-${index}`) ?? [], MAX_BATCH)) await timeBatch(() => insert(batch));
        });
        const count = await bare.stationEvent.count();
        if (count !== items) throw new Error(`the bare ${kind} stored ${count} of ${items} rows`);
        const { perSecond, ...rest } = summary(timing, items);
        return { rowsPerSecond: perSecond, ...rest };
      } finally {
        await bare.$disconnect();
      }
    };
    const bare = await bareRun("insert");
    const createMany = await bareRun("createMany");

    const syncSummary = summary(sync, items);
    const itemsPerStation = items / options.stations;
    const cityMeasured = options.stations >= CITY_STATIONS;
    const citySeconds = cityMeasured ? sync.seconds : (CITY_STATIONS * itemsPerStation) / syncSummary.perSecond;
    const ratio = syncSummary.perSecond / bare.rowsPerSecond;
    await closeQueues();
    return {
      database,
      stations: options.stations,
      concurrency: options.concurrency,
      sessions,
      items,
      issueEvents,
      itemsPerStation,
      batches: sync.batchMs.length,
      outcomes,
      hoursQueuedSessions,
      sync: {
        seconds: syncSummary.seconds,
        itemsPerSecond: syncSummary.perSecond,
        issueEventsPerSecond: issueEvents / syncSummary.seconds,
        p50Ms: syncSummary.p50Ms,
        p99Ms: syncSummary.p99Ms,
        maxMs: syncSummary.maxMs,
      },
      bare,
      createMany,
      ratio,
      citySeconds,
      cityMeasured,
      targetMet: citySeconds < TARGET_SECONDS && ratio >= TARGET_RATIO,
    };
  } finally {
    await prisma.$disconnect();
    await environment.stop();
  }
}

/** The figures as the terminal shows them. */
export function describeSync(result: SyncResult): string[] {
  const whole = (value: number) => Math.round(value).toLocaleString("en-US");
  const ms = (value: number) => `${Math.round(value)} ms`;
  const time = (seconds: number) => (seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(1)} s`);
  return [
    `城市同步 / the city's month upload on ${result.database}: ${result.stations} stations, ${result.concurrency} in flight, ${result.sessions} sessions`,
    `  ${whole(result.items)} items (${whole(result.itemsPerStation)} a station: per session opened, 30 arrived, a walk-in, 3 played, minutes, 2 left, 30 answer sheets of ${ANSWERS_PER_SHEET} answers, closed)`,
    `  = ${whole(result.issueEvents)} events as the issue counts them (each answer one event)`,
    `  takeStationEvents, batches of ≤ ${MAX_BATCH}  ${whole(result.sync.itemsPerSecond).padStart(7)} items/s (${whole(result.sync.issueEventsPerSecond)} issue events/s)   batch p50 ${ms(result.sync.p50Ms)}, p99 ${ms(result.sync.p99Ms)}, max ${ms(result.sync.maxMs)}   ${time(result.sync.seconds)}`,
    `  bare multi-row INSERT, same rows     ${whole(result.bare.rowsPerSecond).padStart(7)} rows/s                    batch p50 ${ms(result.bare.p50Ms)}, p99 ${ms(result.bare.p99Ms)}, max ${ms(result.bare.maxMs)}   ${time(result.bare.seconds)}`,
    `  (Prisma createMany, same rows        ${whole(result.createMany.rowsPerSecond).padStart(7)} rows/s                    batch p50 ${ms(result.createMany.p50Ms)}, p99 ${ms(result.createMany.p99Ms)}, max ${ms(result.createMany.maxMs)}   ${time(result.createMany.seconds)})`,
    `  ratio upload / bare: ${result.ratio.toFixed(3)}`,
    `  whole city (${CITY_STATIONS} stations): ${result.cityMeasured ? "measured" : "projected at this rate"} ${time(result.citySeconds)}`,
    `  outcomes: ${Object.entries(result.outcomes)
      .map(([outcome, count]) => `${outcome} ${whole(count)}`)
      .join(", ")}; ${whole(result.hoursQueuedSessions)} sessions queued their hours`,
    `target whole city < ${TARGET_SECONDS / 60} min and ≥ ${TARGET_RATIO} of the bare rate: ${result.targetMet ? "met" : "NOT met"}`,
  ];
}
