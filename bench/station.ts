// Closing a station session of 60 attendees: the time from the close's
// queueing until every attendee's ledger entry exists, through the real hours
// worker, next to the same number of hours jobs with no station logic (60
// learners who completed the same lesson online) on the same worker, Redis and
// database, in the same run. Each side is run ROUNDS times on fresh entries.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { waitUntil, workerBenchEnvironment } from "./setup.ts";

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 6396);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? ".bench-data-station");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchStation() {
  const environment = await workerBenchEnvironment(DATA_DIR, REDIS_PORT);
  const { getPrisma } = await import("~/utils/db.server.ts");
  const { recordStationEvent, queueClosedSessionHours } = await import("~/models/station-session.server.ts");
  const { markStageDoneMany } = await import("~/models/progress.server.ts");
  const { closeQueues, enqueueHoursMany, enqueueStationHours } = await import("~/utils/queues.server.ts");
  const { startWorkers } = await import("../jobs/worker.ts");
  const prisma = await getPrisma();
  try {
    // Not timed: the station's people (fresh ones each round, for fresh entries), each with a passed attempt.
    const station = await prisma.station.findUniqueOrThrow({
      where: { code: "hexi-station" },
      select: { id: true, orgId: true, operators: { take: 1, select: { userId: true } } },
    });
    const [online, film] = await prisma.lesson.findMany({
      where: { slug: { in: ["rudang-shenqing", "fazhan-duixiang"] } },
      orderBy: { sortOrder: "asc" },
      select: { id: true, durationSeconds: true },
    });
    if (!online || !film) throw new Error("the sample lessons rudang-shenqing and fazhan-duixiang are missing");
    const newPeople = async (kind: string, round: number) => {
      const prefix = `${kind}${round}-`;
      await prisma.user.createMany({
        data: Array.from({ length: ATTENDEES }, (_, index) => ({
          username: `${prefix}${index}`,
          name: `村民${index}`,
          homeOrgId: station.orgId,
        })),
      });
      return (await prisma.user.findMany({ where: { username: { startsWith: prefix } }, select: { id: true } })).map((user) => user.id);
    };
    const stages = ["PREPARATION", "VIEWING", "DISCUSSION", "TESTING"] as const;

    const workers = startWorkers();
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    let hoursDone = 0;
    workers.find((worker) => worker.name === "hours")!.on("completed", () => (hoursDone += 1));
    const timed = async (queue: () => Promise<unknown>, jobs: number) => {
      const before = hoursDone;
      const start = performance.now();
      await queue();
      await waitUntil(() => hoursDone - before >= jobs, { everyMs: 5 });
      return (performance.now() - start) / 1000;
    };

    const baseline: number[] = [];
    const stationSeconds: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Baseline: each learner completed one lesson online; one hours job each.
      const pairs = (await newPeople("online", round)).map((userId) => ({ userId, lessonId: online.id }));
      for (const stage of stages) await markStageDoneMany(pairs, stage);
      baseline.push(await timed(() => enqueueHoursMany(pairs), ATTENDEES));

      // The station: a whole session of the next lesson, recorded as the operator's screen sends it, then closed.
      const people = await newPeople("villager", round);
      const sessionId = randomUUID();
      let sequence = 0;
      const send = (body: Parameters<typeof recordStationEvent>[0]["body"]) =>
        recordStationEvent(
          { eventId: randomUUID(), deviceId: "bench-tv", sequence: ++sequence, sessionId, body },
          station.operators[0]!.userId,
        );
      await send({ type: "opened", stationId: station.id, lessonId: film.id });
      for (const personId of people) await send({ type: "arrived", personId, atMs: 0 });
      await send({ type: "played", fromMs: 1000, toMs: 1000 + film.durationSeconds * 1000, mediaFrom: 0, mediaTo: film.durationSeconds });
      for (const personId of people) {
        const attempt = await prisma.quizAttempt.create({
          data: {
            userId: personId,
            lessonId: film.id,
            idempotencyKey: randomUUID(),
            status: "GRADED",
            scorePercent: 100,
            passed: true,
            gradedAt: new Date(),
          },
          select: { id: true },
        });
        await send({ type: "answered", personId, way: "PAPER", attemptId: attempt.id });
      }
      await send({ type: "closed", atMs: 2000 + film.durationSeconds * 1000 });
      // Timed: what the close starts, from reading its roll to the last ledger entry written.
      const queue = async (userIds: string[]) => {
        await enqueueStationHours(sessionId, userIds);
        return true;
      };
      stationSeconds.push(await timed(() => queueClosedSessionHours(sessionId, queue), ATTENDEES));
      const written = await prisma.hoursLedgerEntry.count({
        where: { category: "STATION_SESSION", stationSession: { clientId: sessionId } },
      });
      if (written !== ATTENDEES) throw new Error(`round ${round + 1}: ${written} of ${ATTENDEES} station entries written`);
    }
    const onlineEntries = await prisma.hoursLedgerEntry.count({
      where: { category: "ONLINE_STUDY", user: { username: { startsWith: "online" } } },
    });
    if (onlineEntries !== ATTENDEES * ROUNDS) throw new Error(`${onlineEntries} of ${ATTENDEES * ROUNDS} online entries written`);
    await Promise.all(workers.map((worker) => worker.close()));
    await closeQueues();
    return {
      attendees: ATTENDEES,
      rounds: ROUNDS,
      baselineSeconds: baseline,
      stationSeconds,
      medianBaseline: median(baseline),
      medianStation: median(stationSeconds),
    };
  } finally {
    await prisma.$disconnect();
    await environment.stop();
  }
}
