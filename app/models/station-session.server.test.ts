// A station session's events on a real database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgresql): applied once however often they are sent, refused
// with a reason and still acknowledged, one running session per station even
// when two open at the same moment, and the session's rows kept in step.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEvent, SessionEventBody } from "~/domain/station/session-events.ts";
import { loadSampleData, setUpAppEnvironment, userIdsByUsername, type AppEnvironment } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
const load = async () => await import("./station-session.server.ts");
let m: Awaited<ReturnType<typeof load>>;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let operatorId: string;
let applicantId: string;
let outsiderId: string;
let stationId: string;
let lessonId: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  prisma = await loadSampleData();
  const ids = await userIdsByUsername();
  operatorId = ids.get("zhandian")!;
  applicantId = ids.get("shenqing")!; // of 河西村党支部, the station's organization
  outsiderId = ids.get("xueyuan")!; // of 城关社区第一党支部, another township
  stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: "fazhan-duixiang" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

/** A device's session: each call makes the next event of the outbox. */
function device(sessionId: string = randomUUID()) {
  const deviceId = `tv-${randomUUID().slice(0, 8)}`;
  let sequence = 0;
  return {
    sessionId,
    event: (body: SessionEventBody): SessionEvent => ({ eventId: randomUUID(), deviceId, sequence: ++sequence, sessionId, body }),
  };
}

async function close(sessionId: string) {
  await m.recordStationEvent(device(sessionId).event({ type: "closed", atMs: 10_000_000 }), operatorId);
}

describe("recordStationEvent", () => {
  it("opens a session, takes a roll call and the screening, and closes it, keeping the session's rows in step", async () => {
    const tv = device();
    const visitorId = randomUUID();
    await prisma.stationVisitor.create({ data: { id: visitorId, stationId, name: "王大爷" } });
    const events = [
      tv.event({ type: "opened", stationId, lessonId }),
      tv.event({ type: "arrived", personId: applicantId, atMs: 0 }),
      tv.event({ type: "arrived", personId: visitorId, atMs: 5_000 }),
      tv.event({ type: "played", fromMs: 10_000, toMs: 56_000, mediaFrom: 0, mediaTo: 46 }),
      tv.event({ type: "closed", atMs: 60_000 }),
    ];
    for (const event of events) expect(await m.recordStationEvent(event, operatorId)).toEqual({ outcome: "applied" });

    const state = await m.stationSessionState(tv.sessionId);
    expect(state?.status).toBe("CLOSED");
    expect([...(state?.presence.keys() ?? [])]).toEqual([applicantId, visitorId]);
    expect(state?.stretches).toEqual([{ fromMs: 10_000, toMs: 56_000, mediaFrom: 0, mediaTo: 46 }]);
    const session = await prisma.stationSession.findUniqueOrThrow({
      where: { clientId: tv.sessionId },
      select: { endedAt: true, lessonId: true },
    });
    expect(session.lessonId).toBe(lessonId);
    expect(session.endedAt).not.toBeNull();
    expect((await prisma.station.findUniqueOrThrow({ where: { id: stationId } })).runningSessionClientId).toBeNull();
  });

  it("a walk-in is registered at the station by his roll call, once however often it is sent, and counts as one of its people next time", async () => {
    const tv = device();
    const walkInId = randomUUID();
    const walkedIn = tv.event({ type: "walked-in", personId: walkInId, name: "刘大爷", phone: "13800000001", atMs: 1_000 });
    expect(await m.recordStationEvent(tv.event({ type: "opened", stationId, lessonId }), operatorId)).toEqual({ outcome: "applied" });
    expect(await m.recordStationEvent(walkedIn, operatorId)).toEqual({ outcome: "applied" });
    expect(await m.recordStationEvent(walkedIn, operatorId)).toMatchObject({ outcome: "duplicate", earlier: "applied" });
    expect(await prisma.stationVisitor.findMany({ where: { id: walkInId }, select: { name: true, phone: true, stationId: true } })).toEqual(
      [{ name: "刘大爷", phone: "13800000001", stationId }],
    );
    await close(tv.sessionId);

    const next = device();
    expect(await m.recordStationEvent(next.event({ type: "opened", stationId, lessonId }), operatorId)).toEqual({ outcome: "applied" });
    expect(await m.recordStationEvent(next.event({ type: "arrived", personId: walkInId, atMs: 0 }), operatorId)).toEqual({
      outcome: "applied",
    });
    await close(next.sessionId);
  });

  it("an event sent again is a duplicate that changes nothing, and says what became of it the first time", async () => {
    const tv = device();
    const opened = tv.event({ type: "opened", stationId, lessonId });
    const stranger = tv.event({ type: "arrived", personId: outsiderId, atMs: 0 });
    expect(await m.recordStationEvent(opened, operatorId)).toEqual({ outcome: "applied" });
    expect(await m.recordStationEvent(stranger, operatorId)).toEqual({ outcome: "refused", refusal: "not-station-person" });
    expect(await m.recordStationEvent(opened, operatorId)).toEqual({ outcome: "duplicate", earlier: "applied", refusal: null });
    expect(await m.recordStationEvent(stranger, operatorId)).toEqual({
      outcome: "duplicate",
      earlier: "refused",
      refusal: "not-station-person",
    });
    expect(await prisma.stationEvent.count({ where: { sessionClientId: tv.sessionId } })).toBe(2);
    expect(await prisma.stationSession.count({ where: { clientId: tv.sessionId } })).toBe(1);
    await close(tv.sessionId);
  });

  it("the same event sent twice at the same moment is stored once", async () => {
    const tv = device();
    await m.recordStationEvent(tv.event({ type: "opened", stationId, lessonId }), operatorId);
    const arrival = tv.event({ type: "arrived", personId: applicantId, atMs: 0 });
    const outcomes = await Promise.all([m.recordStationEvent(arrival, operatorId), m.recordStationEvent(arrival, operatorId)]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["applied", "duplicate"]);
    expect((await m.stationSessionState(tv.sessionId))?.presence.get(applicantId)).toEqual([{ fromMs: 0, toMs: null }]);
    await close(tv.sessionId);
  });

  it("two events of one session taken at the same moment both land, one after the other", async () => {
    const tv = device();
    const visitorId = randomUUID();
    await prisma.stationVisitor.create({ data: { id: visitorId, stationId, name: "李大姐", phone: "13900000099" } });
    await m.recordStationEvent(tv.event({ type: "opened", stationId, lessonId }), operatorId);
    const outcomes = await Promise.all([
      m.recordStationEvent(tv.event({ type: "arrived", personId: applicantId, atMs: 0 }), operatorId),
      m.recordStationEvent(tv.event({ type: "arrived", personId: visitorId, atMs: 0 }), operatorId),
    ]);
    expect(outcomes).toEqual([{ outcome: "applied" }, { outcome: "applied" }]);
    const positions = await prisma.stationEvent.findMany({
      where: { sessionClientId: tv.sessionId },
      select: { position: true },
      orderBy: { position: "asc" },
    });
    expect(positions.map((row) => row.position)).toEqual([1, 2, 3]);
    await close(tv.sessionId);
  });

  it("one running session per station: a second opening is refused until the first closes, even when both open at once", async () => {
    const first = device();
    const second = device();
    const openings = [first.event({ type: "opened", stationId, lessonId }), second.event({ type: "opened", stationId, lessonId })];
    const outcomes = await Promise.all(openings.map((opening) => m.recordStationEvent(opening, operatorId)));
    expect(outcomes.map((outcome) => (outcome.outcome === "refused" ? outcome.refusal : outcome.outcome)).sort()).toEqual([
      "applied",
      "station-busy",
    ]);
    const running = (await prisma.station.findUniqueOrThrow({ where: { id: stationId } })).runningSessionClientId;
    const loser = running === first.sessionId ? second : first;
    expect(await prisma.stationSession.count({ where: { clientId: loser.sessionId } })).toBe(0);

    await close(running!);
    // The refused opening, sent again, stays refused; a new event opens it now.
    const refusedOpening = openings[running === first.sessionId ? 1 : 0]!;
    expect(await m.recordStationEvent(refusedOpening, operatorId)).toEqual({
      outcome: "duplicate",
      earlier: "refused",
      refusal: "station-busy",
    });
    const retry = loser.event({ type: "opened", stationId, lessonId });
    expect(await m.recordStationEvent(retry, operatorId)).toEqual({ outcome: "applied" });
    await close(loser.sessionId);
  });

  it("an opening names a station and a lesson that exist", async () => {
    expect(await m.recordStationEvent(device().event({ type: "opened", stationId: "no-such-station", lessonId }), operatorId)).toEqual({
      outcome: "refused",
      refusal: "unknown-station",
    });
    expect(await m.recordStationEvent(device().event({ type: "opened", stationId, lessonId: "no-such-lesson" }), operatorId)).toEqual({
      outcome: "refused",
      refusal: "unknown-lesson",
    });
  });

  it("playback is judged by the lesson's own length and rate", async () => {
    const tv = device();
    await m.recordStationEvent(tv.event({ type: "opened", stationId, lessonId }), operatorId);
    // The lesson is 46 s long at most 1.5×: 46 s of film in 10 s is too fast, and the 60th second does not exist.
    expect(
      await m.recordStationEvent(tv.event({ type: "played", fromMs: 0, toMs: 10_000, mediaFrom: 0, mediaTo: 46 }), operatorId),
    ).toEqual({
      outcome: "refused",
      refusal: "faster-than-allowed",
    });
    expect(
      await m.recordStationEvent(tv.event({ type: "played", fromMs: 0, toMs: 60_000, mediaFrom: 0, mediaTo: 60 }), operatorId),
    ).toEqual({
      outcome: "refused",
      refusal: "outside-film",
    });
    await close(tv.sessionId);
  });

  it("a person of another organization is refused; once registered as a visitor of the station, he may come", async () => {
    const tv = device();
    await m.recordStationEvent(tv.event({ type: "opened", stationId, lessonId }), operatorId);
    const walkInId = randomUUID();
    expect(await m.recordStationEvent(tv.event({ type: "arrived", personId: walkInId, atMs: 0 }), operatorId)).toEqual({
      outcome: "refused",
      refusal: "not-station-person",
    });
    await prisma.stationVisitor.create({ data: { id: walkInId, stationId, name: "张师傅" } });
    expect(await m.recordStationEvent(tv.event({ type: "arrived", personId: walkInId, atMs: 1_000 }), operatorId)).toEqual({
      outcome: "applied",
    });
    await close(tv.sessionId);
  });
});
