// A station's work log and report card on a real database: a closed session
// is listed with its roll and minutes and counts on the month's card; a note
// is checked field by field and kept; a cancelled showing counts apart.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import { beijingDate } from "~/domain/calendar.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, jsonRequest, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let cookie: string;
let ids: Map<string, string>;
let stationId: string;
let lessonId: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  cookie = await sessionCookieFor("zhandian");
  ids = await userIdsByUsername();
  stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: "rudang-shenqing" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

type Card = { sessionsHeld: number; sessionsCancelled: number; attendances: number; showingHours: number };
type Log = {
  card: Card;
  sessions: { lessonTitle: string; present: number; minutes: string | null; screeningComplete: boolean }[];
  notes: { kind: string; text: string }[];
};

async function log(month?: string): Promise<Log> {
  const page = await import("./org+/stations.$code._index.tsx");
  const answer = await callRoute(page.loader, routeRequest(`/org/stations/hexi-station${month ? `?month=${month}` : ""}`, { cookie }), {
    code: "hexi-station",
  });
  expect(answer.status).toBe(200);
  return answer.body as Log;
}

async function note(fields: Record<string, string>) {
  const page = await import("./org+/stations.$code._index.tsx");
  return callRoute(page.action, routeRequest("/org/stations/hexi-station", { cookie, fields }), { code: "hexi-station" });
}

describe("the work log and report card", () => {
  it("lists a closed session with its roll and minutes, and counts it on this month's card", async () => {
    const before = await log();
    const route = await import("./api.station-events.ts");
    const sessionId = randomUUID();
    const bodies: SessionEventBody[] = [
      { type: "opened", stationId, lessonId },
      { type: "arrived", personId: ids.get("hedashan")!, atMs: 0 },
      { type: "arrived", personId: ids.get("shenqing")!, atMs: 0 },
      { type: "played", fromMs: 1_000, toMs: 19_000, mediaFrom: 0, mediaTo: 18 },
      { type: "minutes", summary: "谈了入党申请书", speakerIds: [ids.get("hedashan")!] },
      { type: "closed", atMs: 20_000 },
    ];
    const events = bodies.map((body, index) => ({ eventId: randomUUID(), deviceId: "tv-log", sequence: index + 1, sessionId, body }));
    expect((await route.action({ request: jsonRequest("/api/station-events", { events }, cookie) })).status).toBe(200);

    const after = await log();
    expect(after.card.sessionsHeld).toBe(before.card.sessionsHeld + 1);
    expect(after.card.attendances).toBe(before.card.attendances + 2);
    // 18 s of showing: the card rounds hours to two decimals.
    expect(after.card.showingHours).toBeGreaterThan(before.card.showingHours);
    expect(after.sessions.at(-1)).toMatchObject({
      lessonTitle: "第一课 入党申请与入党积极分子的确定和培养",
      present: 2,
      minutes: "谈了入党申请书",
      screeningComplete: true,
    });
  });

  it("says what is wrong with a note, field by field, and stores nothing", async () => {
    const notesBefore = await prisma.stationLogNote.count();
    const refused = await note({ kind: "BROKEN", onDate: "2026-02-30", text: " " });
    expect(refused.status).toBe(400);
    expect(replyErrors(refused)).toEqual({
      kind: ["station.log.problems.kind"],
      onDate: ["station.log.problems.onDate"],
      text: ["station.log.problems.text"],
    });
    expect(await prisma.stationLogNote.count()).toBe(notesBefore);
  });

  it("keeps a note in its month, and a cancelled showing counts apart on that month's card", async () => {
    const month = beijingDate(new Date()).slice(0, 7);
    const before = await log(month);
    const saved = await note({ kind: "CANCELLED", onDate: `${month}-01`, text: "停电，放映取消" });
    expect(saved.location).toBe(`/org/stations/hexi-station?month=${month}&done=added`);
    const after = await log(month);
    expect(after.card.sessionsCancelled).toBe(before.card.sessionsCancelled + 1);
    expect(after.card.sessionsHeld).toBe(before.card.sessionsHeld);
    expect(after.notes.at(-1)).toMatchObject({ kind: "CANCELLED", text: "停电，放映取消" });
  });

  it("a month that does not read is a 400", async () => {
    const page = await import("./org+/stations.$code._index.tsx");
    const answer = await callRoute(page.loader, routeRequest("/org/stations/hexi-station?month=2026-13", { cookie }), {
      code: "hexi-station",
    });
    expect(answer.status).toBe(400);
  });
});
