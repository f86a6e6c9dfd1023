// /org/stations on a real database: each user sees the stations of his own
// organizations with this month's card, and a station quiet for 30 days is named.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
type Overview = { stations: { code: string; quietDays: number | null; neverHeld: boolean; card: Record<string, unknown> }[] };

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
});

afterAll(async () => app?.cleanup());

async function overviewAs(username: string) {
  const route = await import("./org+/stations._index.tsx");
  return (await callRoute(route.loader, routeRequest("/org/stations", { cookie: await sessionCookieFor(username) }))).body as Overview;
}

describe("/org/stations", () => {
  it("shows each user the stations of his organizations only", async () => {
    expect((await overviewAs("xianwei")).stations.map((station) => station.code)).toEqual(["hexi-station"]);
    expect((await overviewAs("zhandian")).stations.map((station) => station.code)).toEqual(["hexi-station"]);
    // 城关镇's admin: 河西村 is in another township.
    expect((await overviewAs("chengguan")).stations).toEqual([]);
  });

  it("a station set up 40 days ago that never held a showing is quiet; a showing this month counts on the card and ends the quiet", async () => {
    await prisma.station.update({ where: { code: "hexi-station" }, data: { createdAt: new Date(Date.now() - 40 * 24 * 3600_000) } });
    const [before] = (await overviewAs("xianwei")).stations;
    expect(before).toMatchObject({
      quietDays: 40,
      neverHeld: true,
      card: { sessionsHeld: 0, sessionsMet: false, goals: { sessionsPerMonth: 2, showingHoursPerMonth: 20 } },
    });

    const { recordStationEvent } = await import("~/models/station-session.server.ts");
    const ids = await userIdsByUsername();
    const station = await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } });
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { slug: "fazhan-duixiang" }, select: { id: true } });
    const sessionId = randomUUID();
    const bodies: SessionEventBody[] = [
      { type: "opened", stationId: station.id, lessonId: lesson.id },
      { type: "arrived", personId: ids.get("shenqing")!, atMs: 0 },
      { type: "arrived", personId: ids.get("zhandian")!, atMs: 0 },
      { type: "played", fromMs: 0, toMs: 46_000, mediaFrom: 0, mediaTo: 46 },
      { type: "closed", atMs: 50_000 },
    ];
    for (const [index, body] of bodies.entries()) {
      await recordStationEvent({ eventId: randomUUID(), deviceId: "tv", sequence: index + 1, sessionId, body }, ids.get("zhandian")!);
    }
    const [after] = (await overviewAs("xianwei")).stations;
    expect(after).toMatchObject({ quietDays: null, card: { sessionsHeld: 1, attendances: 2, people: 2, showingHours: 0.01 } });
  });
});
