// POST /api/station-events on a real database: who may send a station's
// events, how a malformed batch is answered, and that every event of a batch
// is answered (applied, duplicate, refused) so the device may forget it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEvent, SessionEventBody } from "~/domain/station/session-events.ts";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { jsonRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let stationId: string;
let lessonId: string;
const cookies = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const username of ["zhandian", "xianwei", "chengguan", "peiyang", "xueyuan", "shenqing"])
    cookies.set(username, await sessionCookieFor(username));
  stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: "fazhan-duixiang" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

async function post(username: string | null, body: unknown) {
  const route = await import("./api.station-events.ts");
  const request = jsonRequest("/api/station-events", body, username && cookies.get(username));
  const response = await route.action({ request });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function session() {
  const sessionId = randomUUID();
  let sequence = 0;
  return {
    sessionId,
    event: (body: SessionEventBody): SessionEvent => ({
      eventId: randomUUID(),
      deviceId: "tv-test",
      sequence: ++sequence,
      sessionId,
      body,
    }),
  };
}

describe("POST /api/station-events", () => {
  it("a whole session from the operator's screen: every event answered, the close queues the hours", async () => {
    const tv = session();
    const applicant = (await prisma.user.findUniqueOrThrow({ where: { username: "shenqing" }, select: { id: true } })).id;
    const events = [
      tv.event({ type: "opened", stationId, lessonId }),
      tv.event({ type: "arrived", personId: applicant, atMs: 0 }),
      tv.event({ type: "played", fromMs: 1_000, toMs: 47_000, mediaFrom: 0, mediaTo: 46 }),
      tv.event({ type: "closed", atMs: 50_000 }),
    ];
    const answer = await post("zhandian", { events });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual(events.map((event) => ({ eventId: event.eventId, outcome: "applied" })));
    const stored = await prisma.stationSession.findUniqueOrThrow({
      where: { clientId: tv.sessionId },
      select: { endedAt: true, hoursQueuedAt: true },
    });
    expect(stored.endedAt).not.toBeNull();
    expect(stored.hoursQueuedAt).not.toBeNull();

    // The outbox sends the same batch again (it never got the answer): all duplicates, nothing changes.
    const again = await post("zhandian", { events });
    expect((again.body.results as { outcome: string }[]).map((result) => result.outcome)).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    expect(await prisma.stationEvent.count({ where: { sessionClientId: tv.sessionId } })).toBe(4);
  });

  it("an answer typed in after the close queues that person's hours again, under a job of its own", async () => {
    const tv = session();
    const applicant = (await prisma.user.findUniqueOrThrow({ where: { username: "shenqing" }, select: { id: true } })).id;
    await post("zhandian", {
      events: [
        tv.event({ type: "opened", stationId, lessonId }),
        tv.event({ type: "arrived", personId: applicant, atMs: 0 }),
        tv.event({ type: "closed", atMs: 50_000 }),
      ],
    });
    const { getQueue } = await import("~/utils/queues.server.ts");
    const hours = getQueue("hours");
    expect(await hours.getJob(`hours-station-${tv.sessionId}-${applicant}`)).toBeTruthy();
    const late = await post("zhandian", {
      events: [tv.event({ type: "answered", personId: applicant, way: "PAPER", attemptId: "paper-1" })],
    });
    expect(late.body.results).toMatchObject([{ outcome: "applied" }]);
    const again = await hours.getJob(`hours-station-${tv.sessionId}-${applicant}-paper-1`);
    expect(again?.data).toEqual({ userId: applicant, stationSessionId: tv.sessionId });
  });

  it("a refused event is answered with its code, and the rest of the batch still goes in", async () => {
    const tv = session();
    const stranger = (await prisma.user.findUniqueOrThrow({ where: { username: "xueyuan" }, select: { id: true } })).id;
    const answer = await post("zhandian", {
      events: [
        tv.event({ type: "opened", stationId, lessonId }),
        tv.event({ type: "arrived", personId: stranger, atMs: 0 }),
        tv.event({ type: "closed", atMs: 1_000 }),
      ],
    });
    expect((answer.body.results as object[]).map((result) => ({ ...result, eventId: undefined }))).toEqual([
      { outcome: "applied", eventId: undefined },
      { outcome: "refused", refusal: "not-station-person", eventId: undefined },
      { outcome: "applied", eventId: undefined },
    ]);
  });

  it.each([
    { name: "not JSON", body: "{", issue: "body is not JSON" },
    { name: "no events", body: { events: [] }, issue: "events:" },
    {
      name: "an arrival at a negative time, named by its place",
      body: { events: [{ eventId: "e1", deviceId: "d", sequence: 1, sessionId: "s", body: { type: "arrived", personId: "p", atMs: -5 } }] },
      issue: "events.0.body.atMs",
    },
    {
      name: "an event of an unknown type",
      body: { events: [{ eventId: "e1", deviceId: "d", sequence: 1, sessionId: "s", body: { type: "exploded" } }] },
      issue: "events.0.body.type",
    },
  ])("malformed ($name): 400 naming where, nothing stored", async ({ body, issue }) => {
    const before = await prisma.stationEvent.count();
    const answer = await post("zhandian", body);
    expect(answer.status).toBe(400);
    expect((answer.body.issues as string[]).some((line) => line.startsWith(issue))).toBe(true);
    expect(await prisma.stationEvent.count()).toBe(before);
  });

  it.each([
    { who: null, status: 401, reason: "not signed in" },
    { who: "xueyuan", status: 403, reason: "a learner runs no station" },
    { who: "peiyang", status: 403, reason: "a trainer runs no station" },
    { who: "chengguan", status: 403, reason: "the admin of another township" },
    { who: "xianwei", status: 200, reason: "the county admin, above the station" },
    { who: "zhandian", status: 200, reason: "the station's operator" },
  ])("$reason: $status", async ({ who, status }) => {
    const tv = session();
    const before = await prisma.stationEvent.count();
    const answer = await post(who, { events: [tv.event({ type: "opened", stationId, lessonId }), tv.event({ type: "closed", atMs: 1 })] });
    expect(answer.status).toBe(status);
    expect(await prisma.stationEvent.count()).toBe(before + (status === 200 ? 2 : 0));
  });

  it("events of a session at a station out of reach are refused as a whole, though the session exists", async () => {
    const tv = session();
    await post("zhandian", { events: [tv.event({ type: "opened", stationId, lessonId })] });
    const answer = await post("chengguan", { events: [tv.event({ type: "closed", atMs: 1_000 })] });
    expect(answer.status).toBe(403);
    await post("zhandian", { events: [tv.event({ type: "closed", atMs: 2_000 })] });
  });
});
