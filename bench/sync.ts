// 城市同步 / the city's month upload (issue #11): the stations of a city, each
// uploading the outbox of a month of offline sessions at the same moment,
// through takeStationUpload (what POST /api/station-events calls for an upload
// naming its station) in batches of up to 500, several stations in flight at
// once, on SQLite or PostgreSQL; then, in the same run and with the same batches
// and the same number in flight, a bare multi-row insert of the very rows the
// upload stored (its StationEvent rows, and the QuizAttempt and QuizAnswer rows
// its answer sheets made) into an empty database of the same schema, its
// foreign keys dropped (the rows they point to are not copied; every index and
// unique key is kept). The figures: items applied per second, the p99 of a
// batch, the bare insert's rate, their ratio (the bare insert's time over the
// upload's, for the same rows) and the whole city's time.
//
// An "item" is one entry of a device's outbox, as the endpoint takes it. Each
// session is opened (with the device's date, the lesson downloaded the month
// before), 30 attendees arrive (and a walk-in), the film is played in 3
// stretches with a seek back, 2 leave early, the minutes are taken, each of
// the 30 hands in the answer sheet of the paper drawn for him (a real
// `answer-sheet` item: 10 answers, which the server makes an attempt, its
// answers, an `answered` event and a grading job of), and it is closed: 69
// items, 8 sessions a station. The papers are drawn in the setup, as a kit
// download draws them (each lesson's bank is topped up to give papers of 10
// questions). The issue counts each answer as an event (30 × 10 per
// session); that count is printed beside the item count.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { Prisma } from "~/generated/prisma/client.ts";
import type { QuestionType } from "~/domain/grading.ts";
import { databaseBenchEnvironment, type BenchDatabase } from "./setup.ts";

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

export type SyncDatabase = BenchDatabase;
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

type BareResult = {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  /** The upload's items at the bare insert's pace: what the ratio compares. */
  itemsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuSeconds: number;
};
/** `cpuSeconds`: this process's own CPU time meanwhile (the site's share, the database's not counted). */
type Timing = { seconds: number; batchMs: number[]; cpuSeconds: number };

export type SyncResult = {
  database: SyncDatabase;
  stations: number;
  concurrency: number;
  sessions: number;
  items: number;
  sheets: number;
  /** The issue's count: each of a sheet's answers as an event. */
  issueEvents: number;
  itemsPerStation: number;
  batches: number;
  outcomes: Record<string, number>;
  hoursQueuedSessions: number;
  sync: {
    seconds: number;
    itemsPerSecond: number;
    issueEventsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** The site process's CPU time during the upload: near `seconds`, the site is the limit; well below, the database is. */
    cpuSeconds: number;
  };
  /** One multi-row INSERT statement per table and batch: the baseline of the ratio. */
  bare: BareResult;
  /** The bare insert's time over the upload's, for the same rows (= the upload's rate over the bare insert's). */
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
    cpuSeconds: timing.cpuSeconds,
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
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index, timeBatch);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - start) / 1000, batchMs, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** With BENCH_CPU_PROFILE=<file>, `work` runs under the V8 profiler and its profile is written there (open it in Chrome's DevTools). */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return work();
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await work();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

const chunks = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** The tables the upload writes to, whose rows the bare insert stores again. */
const BARE_TABLES = ["StationEvent", "QuizAttempt", "QuizAnswer"] as const;

/** The answer key's values as a sheet gives them (the option texts, or the accepted words), so every sheet passes. */
function rightValues(answerJson: string): string[] {
  const answer: unknown = JSON.parse(answerJson);
  return Array.isArray(answer) ? answer.map(String) : [String(answer)];
}

export async function benchSync(database: SyncDatabase, options: SyncOptions): Promise<SyncResult> {
  const poolSize = options.concurrency + 2;
  const environment = await databaseBenchEnvironment({ database, name: "sync", redisPort: REDIS_PORT, poolSize });
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { takeStationUpload } = await import("~/utils/station-events.server.ts");
  const { closeQueues } = await import("~/utils/queues.server.ts");
  const { drawQuiz } = await import("~/domain/quiz-draw.ts");
  type Item = Parameters<typeof takeStationUpload>[0][number];
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
      deviceId: `bench-tv-${index}`,
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

    // The lessons with a test, each bank topped up so that a paper has ANSWERS_PER_SHEET questions.
    const lessons = await prisma.lesson.findMany({
      where: { passPercent: { not: null } },
      orderBy: { sortOrder: "asc" },
      select: { id: true, durationSeconds: true },
    });
    if (lessons.length === 0) throw new Error("the sample content has no lesson with a test");
    await prisma.question.createMany({
      data: lessons.flatMap((lesson) =>
        Array.from({ length: ANSWERS_PER_SHEET }, (_, index) => ({
          lessonId: lesson.id,
          key: `bench-${index}`,
          type: "SINGLE",
          prompt: `压测题${index + 1}：本村党员大会多久召开一次？`,
          optionsJson: JSON.stringify(["每季度", "每月", "每年", "不固定"]),
          answerJson: JSON.stringify("每季度"),
          sortOrder: 1000 + index,
        })),
      ),
    });
    await prisma.lesson.updateMany({
      where: { id: { in: lessons.map((lesson) => lesson.id) } },
      data: { questionsPerAttempt: ANSWERS_PER_SHEET },
    });
    const questions = await prisma.question.findMany({
      where: { lessonId: { in: lessons.map((lesson) => lesson.id) }, retired: false },
      select: { id: true, lessonId: true, type: true, optionsJson: true, answerJson: true },
    });
    const bankOf = new Map(
      lessons.map((lesson) => [
        lesson.id,
        questions
          .filter((question) => question.lessonId === lesson.id)
          .map((question) => ({
            id: question.id,
            type: question.type as QuestionType,
            options: JSON.parse(question.optionsJson) as string[],
          })),
      ]),
    );
    const keyOf = new Map(questions.map((question) => [question.id, rightValues(question.answerJson)]));

    // The lessons downloaded a month before, by each station's device; the sessions' dates from its clock, a few days apart.
    const month = 30 * 24 * 3600_000;
    const downloadedAt = new Date(Date.now() - month);
    await prisma.stationDownload.createMany({
      data: stations.flatMap((station) =>
        lessons.map((lesson) => ({
          stationId: station.id,
          deviceId: station.deviceId,
          lessonId: lesson.id,
          firstDownloadedAt: downloadedAt,
          lastDownloadedAt: downloadedAt,
        })),
      ),
    });

    // Each station's outbox for the month, in its device's order; the papers its sheets answer are drawn first (not timed).
    const draws: { userId: string; lessonId: string; token: string; seed: string; itemsJson: string }[] = [];
    const outboxes = stations.map((station, stationIndex) => {
      const items: Item[] = [];
      for (let session = 0; session < SESSIONS_PER_STATION; session += 1) {
        const sessionId = randomUUID();
        const lesson = lessons[(stationIndex + session) % lessons.length]!;
        const film = lesson.durationSeconds * 1000;
        const add = (body: Item["body"]) =>
          items.push({ eventId: randomUUID(), deviceId: station.deviceId, sequence: items.length + 1, sessionId, body });
        const attendees = Array.from({ length: ATTENDEES }, (_, index) => station.people[(session * 7 + index) % PEOPLE_PER_STATION]!);
        const startedAt = new Date(downloadedAt.getTime() + (session + 1) * 3 * 24 * 3600_000);
        add({ type: "opened", stationId: station.id, lessonId: lesson.id, startedAt: startedAt.toISOString() });
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
          const seed = randomUUID();
          const paper = drawQuiz(bankOf.get(lesson.id)!, ANSWERS_PER_SHEET, seed);
          const token = randomUUID();
          draws.push({ userId: personId, lessonId: lesson.id, token, seed, itemsJson: JSON.stringify(paper) });
          const answers = Object.fromEntries(paper.map((drawn) => [drawn.questionId, keyOf.get(drawn.questionId)!]));
          add({ type: "answer-sheet", personId, way: "PAPER", token, answers });
        }
        add({ type: "closed", atMs: discussion + 20 * 60_000 });
      }
      return { station, items };
    });
    for (const chunk of chunks(draws, 2000)) await prisma.quizDraw.createMany({ data: chunk });
    const items = outboxes.reduce((sum, outbox) => sum + outbox.items.length, 0);
    const sessions = options.stations * SESSIONS_PER_STATION;
    const sheets = draws.length;
    const issueEvents = items - sheets + sheets * ANSWERS_PER_SHEET;

    // Timed: every station's outbox, in batches of up to 500, as its device sends them.
    const outcomes: Record<string, number> = {};
    const sync = await profiled(() =>
      inFlight(options.stations, options.concurrency, async (index, timeBatch) => {
        const { station, items: outbox } = outboxes[index]!;
        for (const batch of chunks(outbox, MAX_BATCH)) {
          const results = await timeBatch(() => takeStationUpload(batch, station.operatorId, { stationId: station.id }));
          for (const result of results) {
            const key = result.outcome === "refused" ? `refused:${result.refusal}` : result.outcome;
            outcomes[key] = (outcomes[key] ?? 0) + 1;
          }
        }
      }),
    );
    const hoursQueuedSessions = await prisma.stationSession.count({ where: { hoursQueuedAt: { not: null } } });
    if ((outcomes.applied ?? 0) !== items) throw new Error(`not every item was applied: ${JSON.stringify(outcomes)}`);
    if (hoursQueuedSessions !== sessions) throw new Error(`${hoursQueuedSessions} of ${sessions} sessions queued their hours`);

    // Not timed: the rows the upload stored, station by station in the same batches (a sheet's rows with its batch).
    const batchesOf = async (outbox: readonly Item[]) => {
      const batches = chunks(outbox, MAX_BATCH);
      const tokens = outbox.flatMap((item) => (item.body.type === "answer-sheet" ? [item.body.token] : []));
      const eventIds = outbox.map((item) => (item.body.type === "answer-sheet" ? `answer-${item.body.token}` : item.eventId));
      const [events, attempts] = await Promise.all([
        prisma.stationEvent.findMany({
          where: { id: { in: eventIds } },
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
        }),
        prisma.quizAttempt.findMany({
          where: { idempotencyKey: { in: tokens } },
          select: {
            id: true,
            userId: true,
            lessonId: true,
            idempotencyKey: true,
            drawId: true,
            attemptNumber: true,
            status: true,
            scorePercent: true,
            passed: true,
            submittedAt: true,
            gradedAt: true,
            createdAt: true,
            updatedAt: true,
          },
        }),
      ]);
      const answers = await prisma.quizAnswer.findMany({
        where: { attemptId: { in: attempts.map((attempt) => attempt.id) } },
        select: {
          id: true,
          attemptId: true,
          questionId: true,
          position: true,
          responseJson: true,
          correct: true,
          pointsEarned: true,
          reviewedById: true,
          reviewedAt: true,
          createdAt: true,
          updatedAt: true,
        },
      });
      const eventById = new Map(events.map((row) => [row.id, row]));
      const attemptByToken = new Map(attempts.map((row) => [row.idempotencyKey, row]));
      const answersOf = new Map<string, typeof answers>();
      for (const row of answers) answersOf.set(row.attemptId, [...(answersOf.get(row.attemptId) ?? []), row]);
      return batches.map((batch) => {
        const batchTokens = batch.flatMap((item) => (item.body.type === "answer-sheet" ? [item.body.token] : []));
        const batchAttempts = batchTokens.map((token) => attemptByToken.get(token)!);
        return {
          events: batch.map((item) => eventById.get(item.body.type === "answer-sheet" ? `answer-${item.body.token}` : item.eventId)!),
          attempts: batchAttempts,
          answers: batchAttempts.flatMap((attempt) => answersOf.get(attempt.id) ?? []),
        };
      });
    };
    type BareBatch = Awaited<ReturnType<typeof batchesOf>>[number];
    const bareBatches: BareBatch[][] = [];
    for (const outbox of outboxes) bareBatches.push(await batchesOf(outbox.items));
    const storedRows = bareBatches
      .flat()
      .reduce((sum, batch) => sum + batch.events.length + batch.attempts.length + batch.answers.length, 0);
    const storedInTables =
      (await prisma.stationEvent.count({ where: { recordedById: { in: stations.map((station) => station.operatorId) } } })) +
      (await prisma.quizAttempt.count({ where: { user: { homeOrgId: { in: villages.map((village) => village.id) } } } })) +
      (await prisma.quizAnswer.count({ where: { attempt: { user: { homeOrgId: { in: villages.map((village) => village.id) } } } } }));
    if (storedRows !== storedInTables) throw new Error(`the bare batches hold ${storedRows} of the ${storedInTables} rows stored`);

    // Timed: the same rows, the same batches, the same number in flight: one multi-row INSERT per table and batch.
    const bare = await environment.bareDatabase(BARE_TABLES);
    let bareTiming: Timing;
    try {
      const insert = async (batch: BareBatch) => {
        if (batch.events.length > 0) {
          await bare.$executeRaw`
            INSERT INTO "StationEvent" ("id", "deviceId", "sequence", "sessionClientId", "position", "type", "bodyJson", "outcome", "refusal", "recordedById", "receivedAt")
            VALUES ${Prisma.join(batch.events.map((row) => Prisma.sql`(${row.id}, ${row.deviceId}, ${row.sequence}, ${row.sessionClientId}, ${row.position}, ${row.type}, ${row.bodyJson}, ${row.outcome}, ${row.refusal}, ${row.recordedById}, ${row.receivedAt})`))}`;
        }
        if (batch.attempts.length > 0) {
          await bare.$executeRaw`
            INSERT INTO "QuizAttempt" ("id", "userId", "lessonId", "idempotencyKey", "drawId", "attemptNumber", "status", "scorePercent", "passed", "submittedAt", "gradedAt", "createdAt", "updatedAt")
            VALUES ${Prisma.join(batch.attempts.map((row) => Prisma.sql`(${row.id}, ${row.userId}, ${row.lessonId}, ${row.idempotencyKey}, ${row.drawId}, ${row.attemptNumber}, ${row.status}, ${row.scorePercent}, ${row.passed}, ${row.submittedAt}, ${row.gradedAt}, ${row.createdAt}, ${row.updatedAt})`))}`;
        }
        // At most 2,500 rows a statement: within either database's limit of bound values.
        for (const rows of chunks(batch.answers, 2500)) {
          await bare.$executeRaw`
            INSERT INTO "QuizAnswer" ("id", "attemptId", "questionId", "position", "responseJson", "correct", "pointsEarned", "reviewedById", "reviewedAt", "createdAt", "updatedAt")
            VALUES ${Prisma.join(rows.map((row) => Prisma.sql`(${row.id}, ${row.attemptId}, ${row.questionId}, ${row.position}, ${row.responseJson}, ${row.correct}, ${row.pointsEarned}, ${row.reviewedById}, ${row.reviewedAt}, ${row.createdAt}, ${row.updatedAt})`))}`;
        }
      };
      bareTiming = await inFlight(options.stations, options.concurrency, async (index, timeBatch) => {
        for (const batch of bareBatches[index]!) await timeBatch(() => insert(batch));
      });
      const count = (await bare.stationEvent.count()) + (await bare.quizAttempt.count()) + (await bare.quizAnswer.count());
      if (count !== storedRows) throw new Error(`the bare insert stored ${count} of ${storedRows} rows`);
    } finally {
      await bare.$disconnect();
    }
    const bareSummary = summary(bareTiming, storedRows);

    const syncSummary = summary(sync, items);
    const itemsPerStation = items / options.stations;
    const cityMeasured = options.stations >= CITY_STATIONS;
    const citySeconds = cityMeasured ? sync.seconds : (CITY_STATIONS * itemsPerStation) / syncSummary.perSecond;
    const ratio = bareSummary.seconds / syncSummary.seconds;
    await closeQueues();
    return {
      database,
      stations: options.stations,
      concurrency: options.concurrency,
      sessions,
      items,
      sheets,
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
        cpuSeconds: syncSummary.cpuSeconds,
      },
      bare: {
        seconds: bareSummary.seconds,
        rows: storedRows,
        rowsPerSecond: bareSummary.perSecond,
        itemsPerSecond: items / bareSummary.seconds,
        p50Ms: bareSummary.p50Ms,
        p99Ms: bareSummary.p99Ms,
        maxMs: bareSummary.maxMs,
        cpuSeconds: bareSummary.cpuSeconds,
      },
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
    `  upload (takeStationUpload), batches of ≤ ${MAX_BATCH}: ${whole(result.sync.itemsPerSecond)} items applied/s (${whole(result.sync.issueEventsPerSecond)} issue events/s)   batch p50 ${ms(result.sync.p50Ms)}, p99 ${ms(result.sync.p99Ms)}, max ${ms(result.sync.maxMs)}   ${time(result.sync.seconds)} (site process CPU ${time(result.sync.cpuSeconds)})`,
    `  bare multi-row INSERT of the same ${whole(result.bare.rows)} rows: ${whole(result.bare.rowsPerSecond)} rows/s = ${whole(result.bare.itemsPerSecond)} items/s   batch p50 ${ms(result.bare.p50Ms)}, p99 ${ms(result.bare.p99Ms)}, max ${ms(result.bare.maxMs)}   ${time(result.bare.seconds)} (process CPU ${time(result.bare.cpuSeconds)})`,
    `  ratio upload / bare: ${result.ratio.toFixed(3)}`,
    `  whole city (${CITY_STATIONS} stations): ${result.cityMeasured ? "measured" : "projected at this rate"} ${time(result.citySeconds)}`,
    `  outcomes: ${Object.entries(result.outcomes)
      .map(([outcome, count]) => `${outcome} ${whole(count)}`)
      .join(", ")}; ${whole(result.hoursQueuedSessions)} sessions queued their hours`,
    `target whole city < ${TARGET_SECONDS / 60} min and ≥ ${TARGET_RATIO} of the bare rate: ${result.targetMet ? "met" : "NOT met"}`,
  ];
}
