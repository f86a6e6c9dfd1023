// A film without a quiz (docs/decisions/025), on a real database with the real
// workers: online it is complete after the discussion and earns its hours once,
// or none when the content awards none; at a station its session skips the test,
// those present while the screening reached the completion share earn its hours
// (none when it awards none), and the showing counts toward the station's goals
// either way. The phone test page says there is nothing to answer.
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
import { callRoute, jsonRequest, routeRequest } from "../../tests/helpers/route-call.ts";
import { until } from "../../tests/helpers/wait.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let workers: { close: () => Promise<void> }[] = [];
let ids: Map<string, string>;
let operatorCookie: string;
let station: { id: string; orgPath: string };
/** The sample film without a quiz, which awards no hours, and a copy of it that awards a quarter hour. */
const films = { noHours: { id: "", slug: "fangying-yiwu-quanli" }, withHours: { id: "", slug: "fangying-ceshi" } };
const COURSE = "dangzhang-jichu";

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  ids = await userIdsByUsername();
  operatorCookie = await sessionCookieFor("zhandian");
  const found = await prisma.station.findUniqueOrThrow({
    where: { code: "hexi-station" },
    select: { id: true, org: { select: { path: true } } },
  });
  station = { id: found.id, orgPath: found.org.path };
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    ...sample
  } = await prisma.lesson.findFirstOrThrow({ where: { slug: films.noHours.slug } });
  films.noHours.id = _id;
  films.withHours.id = (
    await prisma.lesson.create({
      data: { ...sample, slug: films.withHours.slug, title: "放映片（测试用，计 0.25 学时）", sortOrder: 99, classHours: 0.25 },
      select: { id: true },
    })
  ).id;
  const { startWorkers } = await import("../../jobs/worker.ts");
  workers = startWorkers();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await app?.cleanup();
});

/** The hours job of a lesson completed online, once the worker has run it: what it answered. */
async function lessonHoursJobResult(userId: string, lessonId: string) {
  const { getQueue } = await import("~/utils/queues.server.ts");
  return until(async () => {
    const job = await getQueue("hours").getJob(`hours-${userId}-${lessonId}`);
    return job && (await job.isCompleted()) ? (job.returnvalue as Record<string, unknown>) : null;
  });
}

describe("online: a film without a quiz", () => {
  async function lessonPage(cookie: string, slug: string) {
    const route = await import("./courses+/$courseSlug.$lessonSlug.tsx");
    const answer = await callRoute(route.loader, routeRequest(`/courses/${COURSE}/${slug}`, { cookie }), {
      courseSlug: COURSE,
      lessonSlug: slug,
    });
    expect(answer.status).toBe(200);
    return answer.body as {
      rings: string[];
      current: string | null;
      stages: Record<string, { done: boolean; open: boolean }>;
      quiz: unknown;
    };
  }

  async function send(cookie: string, slug: string, fields: Record<string, string>) {
    const route = await import("./courses+/$courseSlug.$lessonSlug.tsx");
    const request = routeRequest(`/courses/${COURSE}/${slug}`, { cookie, fields });
    return callRoute(route.action, request, { courseSlug: COURSE, lessonSlug: slug });
  }

  /** Preparation and discussion through the page's forms; the viewing as the heartbeats would mark it. */
  async function studyThrough(username: string, film: { id: string; slug: string }) {
    const cookie = await sessionCookieFor(username);
    const userId = ids.get(username)!;
    expect((await send(cookie, film.slug, { intent: "prepare" })).status).toBe(302);
    const { markStageDone } = await import("~/models/progress.server.ts");
    await markStageDone(userId, film.id, "VIEWING");
    const before = await lessonPage(cookie, film.slug);
    expect(before.current).toBe("DISCUSSION");
    const posted = await send(cookie, film.slug, { intent: "post", body: "吃苦在前，享受在后，带头把村里的路修好。" });
    expect(posted.status).toBe(302);
    return { cookie, userId };
  }

  it("runs three rings, is complete after the discussion, and earns the film's hours exactly once", async () => {
    const { cookie, userId } = await studyThrough("shenqing", films.withHours);
    const page = await lessonPage(cookie, films.withHours.slug);
    expect(page.rings).toEqual(["PREPARATION", "VIEWING", "DISCUSSION"]);
    expect(page.current).toBeNull();
    expect(page.stages.TESTING).toEqual({ done: false, open: false });
    expect(page.quiz).toBeNull();
    const progress = await prisma.lessonProgress.findUniqueOrThrow({
      where: { userId_lessonId: { userId, lessonId: films.withHours.id } },
      select: { completedAt: true, testedAt: true },
    });
    expect(progress.completedAt).not.toBeNull();
    expect(progress.testedAt).toBeNull();

    await lessonHoursJobResult(userId, films.withHours.id);
    const entries = await prisma.hoursLedgerEntry.findMany({
      where: { userId, lessonId: films.withHours.id },
      select: { category: true, classHours: true },
    });
    expect(entries).toEqual([{ category: "ONLINE_STUDY", classHours: 0.25 }]);

    // The worker's sweep finds nothing left to queue, and a second answer adds no entry.
    const { completedLessonsAwaitingHours } = await import("~/models/progress.server.ts");
    expect(await completedLessonsAwaitingHours()).not.toContainEqual({ userId, lessonId: films.withHours.id });
    expect((await send(cookie, films.withHours.slug, { intent: "post", body: "再说一遍：党员要带头。" })).status).toBe(302);
    expect(await prisma.hoursLedgerEntry.count({ where: { userId, lessonId: films.withHours.id } })).toBe(1);
  });

  it("a film that awards no hours is complete too, with no ledger entry", async () => {
    const { cookie, userId } = await studyThrough("hedashan", films.noHours);
    expect((await lessonPage(cookie, films.noHours.slug)).current).toBeNull();
    expect(await lessonHoursJobResult(userId, films.noHours.id)).toEqual({ skipped: "lesson awards no hours" });
    expect(await prisma.hoursLedgerEntry.count({ where: { userId, lessonId: films.noHours.id } })).toBe(0);
  });

  it("a completed lesson whose hours were never queued (the queue was down) is found by the sweep", async () => {
    const userId = ids.get("liudong")!;
    const { markStageDone, completedLessonsAwaitingHours } = await import("~/models/progress.server.ts");
    for (const stage of ["PREPARATION", "VIEWING", "DISCUSSION"] as const) await markStageDone(userId, films.withHours.id, stage);
    expect(await completedLessonsAwaitingHours()).toContainEqual({ userId, lessonId: films.withHours.id });
    // A film without hours is never due.
    for (const stage of ["PREPARATION", "VIEWING", "DISCUSSION"] as const) await markStageDone(userId, films.noHours.id, stage);
    expect(await completedLessonsAwaitingHours()).not.toContainEqual({ userId, lessonId: films.noHours.id });
  });
});

describe("at a station: a film without a quiz", () => {
  /** A whole session on the operator's screen: the roll, the film played through, someone leaving early, the close. */
  async function holdSession(lessonId: string, people: { all: string[]; leftEarly: string[]; walkIn: string }) {
    const route = await import("./api.station-events.ts");
    const sessionId = randomUUID();
    let sequence = 0;
    const send = async (bodies: SessionEventBody[]) => {
      const events = bodies.map((body) => ({ eventId: randomUUID(), deviceId: "tv-film", sequence: ++sequence, sessionId, body }));
      const response = await route.action({ request: jsonRequest("/api/station-events", { events }, operatorCookie) });
      expect(response.status).toBe(200);
    };
    await send([
      { type: "opened", stationId: station.id, lessonId },
      ...[...people.all, ...people.leftEarly].map((personId) => ({ type: "arrived" as const, personId, atMs: 0 })),
      { type: "walked-in", personId: people.walkIn, name: "刘大爷", phone: null, atMs: 0 },
      { type: "played", fromMs: 10_000, toMs: 61_000, mediaFrom: 0, mediaTo: 51 },
      ...people.leftEarly.map((personId) => ({ type: "left" as const, personId, atMs: 30_000 })),
    ]);
    return { sessionId, close: () => send([{ type: "closed", atMs: 70_000 }]) };
  }

  async function screen(sessionId: string, ring?: string) {
    const page = await import("./station.$code.tsx");
    const path = `/station/hexi-station?session=${sessionId}${ring ? `&ring=${ring}` : ""}`;
    const answer = await callRoute(page.loader, routeRequest(path, { cookie: operatorCookie }), { code: "hexi-station" });
    expect(answer.status).toBe(200);
    return answer.body as { session: { hasQuiz: boolean; testCode: string | null }; paper: unknown };
  }

  async function stationEntries(sessionId: string) {
    const session = await prisma.stationSession.findUniqueOrThrow({ where: { clientId: sessionId }, select: { id: true } });
    return prisma.hoursLedgerEntry.findMany({
      where: { stationSessionId: session.id },
      select: { userId: true, category: true, classHours: true, lessonId: true },
    });
  }

  /** The station's hours jobs of a session, once the worker has run them all. */
  async function hoursJobsDone(sessionId: string, count: number) {
    const { getQueue } = await import("~/utils/queues.server.ts");
    const hours = getQueue("hours");
    await until(async () => {
      const jobs = await hours.getJobs(["completed"]);
      return jobs.filter((job) => job.id?.startsWith(`hours-station-${sessionId}-`)).length >= count ? true : null;
    });
  }

  it("skips the test, and gives the film's hours to those present while the screening reached the share", async () => {
    const member = ids.get("hedashan")!;
    const leaver = ids.get("shenqing")!;
    const { sessionId, close } = await holdSession(films.withHours.id, { all: [member], leftEarly: [leaver], walkIn: randomUUID() });

    const running = await screen(sessionId, "TESTING");
    expect(running.session.hasQuiz).toBe(false);
    // Asked for an attendee's paper anyway: there is none to give.
    const page = await import("./station.$code.tsx");
    const paperPath = `/station/hexi-station?session=${sessionId}&ring=TESTING&person=${member}&way=SCREEN`;
    const asked = await callRoute(page.loader, routeRequest(paperPath, { cookie: operatorCookie }), { code: "hexi-station" });
    expect((asked.body as { paper: unknown }).paper).toBeNull();

    // The phone test page, with the session's code: nothing to answer, said in words.
    const phone = await import("./t.tsx");
    const code = running.session.testCode!;
    const onPhone = await callRoute(phone.loader, routeRequest(`/t?code=${code}&person=${member}`));
    expect(onPhone.body).toMatchObject({ state: "no-quiz", lessonTitle: "放映片（测试用，计 0.25 学时）" });

    await close();
    await hoursJobsDone(sessionId, 2);
    const entries = await stationEntries(sessionId);
    expect(entries).toEqual([{ userId: member, category: "STATION_SESSION", classHours: 0.25, lessonId: films.withHours.id }]);
  });

  it("gives no hours for a film that awards none, and the showing still counts toward the station's goals", async () => {
    const { stationMonthLog } = await import("~/models/station.server.ts");
    const month = beijingDate(new Date()).slice(0, 7);
    const before = (await stationMonthLog(station, month)).card;
    const member = ids.get("hedashan")!;
    const { sessionId, close } = await holdSession(films.noHours.id, {
      all: [member, ids.get("shenqing")!],
      leftEarly: [],
      walkIn: randomUUID(),
    });
    await close();
    await hoursJobsDone(sessionId, 2);
    expect(await stationEntries(sessionId)).toEqual([]);

    const after = await stationMonthLog(station, month);
    expect(after.card.sessionsHeld).toBe(before.sessionsHeld + 1);
    // Its 51 seconds count toward the month's hours of showing (the card rounds to 0.01 hours).
    expect(after.card.showingHours).toBeGreaterThan(before.showingHours);
    expect(after.card.attendances).toBe(before.attendances + 3);
    const held = after.sessions.find((session) => session.clientId === sessionId);
    expect(held).toMatchObject({ present: 3, passed: 0, screeningComplete: true, shownHours: 0.01 });
  });
});
