// A closed station session through the real hours worker on a real Redis and
// database: a ledger entry of category "station session" for exactly those
// who were present for the screening and passed the test (a villager who got
// an account later earns under it), once each however often the jobs run.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEvent, SessionEventBody } from "~/domain/station/session-events.ts";
import { until } from "../tests/helpers/wait.ts";
import { loadSampleData, setUpAppEnvironment, userIdsByUsername, type AppEnvironment } from "../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let workers: { close: () => Promise<void> }[] = [];
const load = async () => ({
  ...(await import("~/models/station-session.server.ts")),
  ...(await import("~/utils/queues.server.ts")),
  ...(await import("./worker.ts")),
});
let m: Awaited<ReturnType<typeof load>>;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let ids: Map<string, string>;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  prisma = await loadSampleData();
  ids = await userIdsByUsername();
  workers = m.startWorkers();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await app.cleanup();
});

/** A graded attempt at the lesson, as the grading worker leaves it (the station's ways of taking the test come with its pages). */
async function gradedAttempt(userId: string, lessonId: string, passed: boolean) {
  const attempt = await prisma.quizAttempt.create({
    data: {
      userId,
      lessonId,
      idempotencyKey: randomUUID(),
      status: "GRADED",
      scorePercent: passed ? 100 : 20,
      passed,
      gradedAt: new Date(),
    },
    select: { id: true },
  });
  return attempt.id;
}

describe("closing a station session → hours", () => {
  it("gives one ledger entry to exactly those present for the screening who passed, once each", async () => {
    const stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "fazhan-duixiang" }, select: { id: true, classHours: true } });
    const operator = ids.get("zhandian")!;
    const applicant = ids.get("shenqing")!; // of 河西村, the station's organization
    // Two people of other organizations, on the roll as villagers registered at the station, each with the account he has.
    const [guest, leaver, villager] = [randomUUID(), randomUUID(), randomUUID()];
    await prisma.stationVisitor.createMany({
      data: [
        { id: guest, stationId, name: "陈志强", userId: ids.get("qunzhong")! },
        { id: leaver, stationId, name: "吴流动", userId: ids.get("liudong")! },
        { id: villager, stationId, name: "王大爷" },
      ],
    });
    const passed = {
      applicant: await gradedAttempt(applicant, lesson.id, true),
      operator: await gradedAttempt(operator, lesson.id, false),
      guest: await gradedAttempt(ids.get("qunzhong")!, lesson.id, true),
      leaver: await gradedAttempt(ids.get("liudong")!, lesson.id, true),
    };

    const sessionId = randomUUID();
    let sequence = 0;
    const event = (body: SessionEventBody): SessionEvent => ({
      eventId: randomUUID(),
      deviceId: "tv-hexi",
      sequence: ++sequence,
      sessionId,
      body,
    });
    const events: SessionEventBody[] = [
      { type: "opened", stationId, lessonId: lesson.id },
      ...[applicant, operator, guest, leaver, villager].map((personId) => ({ type: "arrived" as const, personId, atMs: 0 })),
      { type: "played", fromMs: 10_000, toMs: 56_000, mediaFrom: 0, mediaTo: 46 },
      { type: "left", personId: leaver, atMs: 30_000 },
      { type: "answered", personId: applicant, way: "SCREEN", attemptId: passed.applicant },
      { type: "answered", personId: operator, way: "PAPER", attemptId: passed.operator },
      { type: "answered", personId: guest, way: "PHONE", attemptId: passed.guest },
      { type: "answered", personId: leaver, way: "ORAL", attemptId: passed.leaver },
      { type: "closed", atMs: 60_000 },
    ];
    for (const body of events) expect(await m.recordStationEvent(event(body), operator)).toEqual({ outcome: "applied" });

    const accounts = await m.closedSessionAccounts(sessionId);
    expect(accounts.sort()).toEqual([applicant, operator, ids.get("qunzhong")!, ids.get("liudong")!].sort());
    const queue = async (userIds: string[]) => {
      await m.enqueueStationHours(sessionId, userIds);
      return true;
    };
    expect(await m.queueClosedSessionHours(sessionId, queue)).toBe(true);
    expect(await m.closedSessionsAwaitingHours()).not.toContain(sessionId);
    await m.queueClosedSessionHours(sessionId, queue); // the sweep, or a second close from the outbox: the same jobs

    const session = await prisma.stationSession.findUniqueOrThrow({ where: { clientId: sessionId }, select: { id: true } });
    const entries = () =>
      prisma.hoursLedgerEntry.findMany({
        where: { stationSessionId: session.id },
        select: { userId: true, category: true, classHours: true, lessonId: true },
      });
    // Four jobs (the second close added none): wait until all have run.
    const hours = m.getQueue("hours");
    await until(async () => (((await hours.getJobCounts("completed")).completed ?? 0) >= accounts.length ? true : null));
    const rows = await entries();
    expect(rows.map((row) => row.userId).sort()).toEqual([applicant, ids.get("qunzhong")!].sort());
    for (const row of rows) expect(row).toMatchObject({ category: "STATION_SESSION", classHours: lesson.classHours, lessonId: lesson.id });

    // The jobs run again (a job id reused after its job was removed): still one entry each.
    await hours.obliterate({ force: true });
    await m.enqueueStationHours(sessionId, accounts);
    await until(async () => (((await hours.getJobCounts("completed")).completed ?? 0) >= accounts.length ? true : null));
    expect(await prisma.hoursLedgerEntry.count({ where: { stationSessionId: session.id } })).toBe(2);
  });
});
