// The viewing rules the server enforces, through the real heartbeat endpoint,
// a real database and session: the preparation ring first (docs/decisions/016),
// the attention check and the hidden-tab rule (docs/decisions/012), malformed
// intervals. Only Date is faked, so the server's clock can be stepped.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  startHeartbeatServer,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import type { PrismaClient } from "~/generated/prisma/client.ts";

let app: AppEnvironment;
let prisma: PrismaClient;
let server: Awaited<ReturnType<typeof startHeartbeatServer>>;
let lessonId: string;
let hiddenLessonId: string;

type Reply = { intervals: [number, number][]; watchedSeconds: number; attentionAt: number | null; attentionDue: boolean };

const T0 = Date.now();

async function beat(cookie: string, atSecond: number, body: Record<string, unknown>): Promise<Reply> {
  vi.setSystemTime(T0 + atSecond * 1000);
  const response = await server.post(JSON.stringify(body), cookie);
  expect(response.status).toBe(200);
  return (await response.json()) as Reply;
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  const lessons = await prisma.lesson.findMany({
    where: { course: { slug: "dangzhang-jichu" } },
    orderBy: { sortOrder: "asc" },
    select: { id: true },
  });
  lessonId = lessons[0]!.id;
  hiddenLessonId = lessons[1]!.id;
  // A check about every half minute on the first lesson; the second pauses in hidden tabs (the default).
  await prisma.lesson.update({ where: { id: lessonId }, data: { attentionCheckMinutes: 0.5 } });
  // The learners below have confirmed the preparation ring (备课) of the lessons they play.
  const { markStageDone } = await import("~/models/progress.server.ts");
  for (const username of ["xueyuan", "fazhan", "yubei"]) {
    const { id } = await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } });
    for (const lesson of [lessonId, hiddenLessonId]) await markStageDone(id, lesson, "PREPARATION");
  }
  // random() = 0: every check falls half an interval (15 s) after the last.
  server = await startHeartbeatServer({ random: () => 0 });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await server?.close();
  await app?.cleanup();
});

describe("POST /api/heartbeat: attention check", () => {
  it("credits nothing past an unanswered check, refuses early or stale answers, and the wait pays for nothing", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cookie = await sessionCookieFor("xueyuan");
    const first = await beat(cookie, 0, { lessonId, intervals: [[0, 0.5]], position: 0.5 });
    expect(first.attentionAt).toBe(15);
    expect(first.attentionDue).toBe(false);

    // An answer sent before the learner reached the check skips nothing.
    const early = await beat(cookie, 5, { lessonId, intervals: [[0, 5]], position: 5, attentionAnswer: 15 });
    expect(early.attentionAt).toBe(15);
    await beat(cookie, 10, { lessonId, intervals: [[0, 10]], position: 10 });

    // A client that ignores the prompt and plays on to 30 s, then forges the whole video.
    let reply: Reply | undefined;
    for (const second of [15, 20, 25, 30]) reply = await beat(cookie, second, { lessonId, intervals: [[0, second]], position: second });
    expect(reply!.intervals).toEqual([[0, 15]]);
    expect(reply!.attentionDue).toBe(true);
    const forged = await beat(cookie, 31, { lessonId, intervals: [[0, 51]], position: 51 });
    expect(forged.intervals).toEqual([[0, 15]]);

    // An answer to a check that is not the pending one changes nothing.
    const stale = await beat(cookie, 31, { lessonId, intervals: [[0, 31]], position: 31, attentionAnswer: 12 });
    expect(stale.attentionAt).toBe(15);

    // The right answer: the next check is 15 s past where he is, and the clock starts from nothing.
    const answered = await beat(cookie, 31, { lessonId, intervals: [[0, 31]], position: 31, attentionAnswer: 15 });
    expect(answered.attentionAt).toBe(46);
    expect(answered.attentionDue).toBe(false);
    expect(answered.intervals).toEqual([[0, 15]]);
    // 2 s later the resent 0–33 earns 2 s × 1.5, not the 16 s the clock had banked while the prompt waited.
    const after = await beat(cookie, 33, { lessonId, intervals: [[0, 33]], position: 33 });
    expect(after.intervals).toEqual([[0, 18]]);

    // The pending check survives a restart: it is written with the ranges.
    await server.store.flush();
    const row = await prisma.watchProgress.findFirstOrThrow({
      where: { lessonId, user: { username: "xueyuan" } },
      select: { attentionAt: true },
    });
    expect(row.attentionAt).toBe(46);
  });

  it("a new store after a restart keeps the check where it was", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const restarted = await startHeartbeatServer({ random: () => 0.9 });
    try {
      const cookie = await sessionCookieFor("xueyuan");
      vi.setSystemTime(T0 + 100_000);
      const response = await restarted.post(JSON.stringify({ lessonId, intervals: [[0, 33]], position: 33 }), cookie);
      expect(((await response.json()) as Reply).attentionAt).toBe(46);
    } finally {
      await restarted.close();
    }
  });
});

describe("POST /api/heartbeat: hidden page", () => {
  it("a page reported hidden stops the learner's clock until it is visible again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cookie = await sessionCookieFor("fazhan");
    await beat(cookie, 0, { lessonId: hiddenLessonId, intervals: [[0, 0.5]], position: 0.5 });
    await beat(cookie, 5, { lessonId: hiddenLessonId, intervals: [[0, 5]], position: 5 });
    const hidden = await beat(cookie, 10, { lessonId: hiddenLessonId, intervals: [[0, 10]], position: 10, visible: false });
    expect(hidden.intervals).toEqual([[0, 10]]);
    // A client that plays on in the hidden tab for half a minute: at most what the clock held at 10 s.
    let reply: Reply | undefined;
    for (let second = 15; second <= 40; second += 5) {
      reply = await beat(cookie, second, { lessonId: hiddenLessonId, intervals: [[0, second]], position: second, visible: false });
    }
    const heldAtHiding = 2 + 10 - 10 / 1.5; // initial credit + time − what 0–10 spent
    expect(reply!.watchedSeconds).toBeLessThanOrEqual(10 + heldAtHiding * 1.5 + 1e-6);
    expect(reply!.watchedSeconds).toBeLessThan(20);
    // Back in view: the hidden half minute added nothing, the next 5 s add 5 s × 1.5.
    const back = await beat(cookie, 45, { lessonId: hiddenLessonId, intervals: [[0, 45]], position: 45 });
    expect(back.watchedSeconds).toBeCloseTo(reply!.watchedSeconds, 6);
    const later = await beat(cookie, 50, { lessonId: hiddenLessonId, intervals: [[0, 50]], position: 50 });
    expect(later.watchedSeconds).toBeCloseTo(reply!.watchedSeconds + 7.5, 6);
  });

  it("a lesson that allows hidden playback ignores the report", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await prisma.lesson.update({ where: { id: hiddenLessonId }, data: { pauseWhenHidden: false } });
    const restarted = await startHeartbeatServer();
    try {
      const cookie = await sessionCookieFor("yubei");
      let watched = 0;
      for (let second = 0; second <= 30; second += 5) {
        vi.setSystemTime(T0 + 200_000 + second * 1000);
        const response = await restarted.post(
          JSON.stringify({ lessonId: hiddenLessonId, intervals: [[0, Math.max(second, 0.5)]], position: second, visible: false }),
          cookie,
        );
        watched = ((await response.json()) as Reply).watchedSeconds;
      }
      expect(watched).toBe(30);
    } finally {
      await restarted.close();
      await prisma.lesson.update({ where: { id: hiddenLessonId }, data: { pauseWhenHidden: true } });
    }
  });
});

describe("POST /api/heartbeat: the preparation ring comes first", () => {
  it("before the learner confirms the preparation: 409 with a Chinese message, and nothing is credited or stored", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { markStageDone } = await import("~/models/progress.server.ts");
    // The site's running store: the confirmation reaches it (the site runs in one process, decision 007).
    const site = await startHeartbeatServer();
    site.store.start(60_000);
    try {
      const cookie = await sessionCookieFor("liudong");
      const { id: userId } = await prisma.user.findUniqueOrThrow({ where: { username: "liudong" }, select: { id: true } });
      const where = { userId_lessonId: { userId, lessonId } };
      // A script playing the whole lesson without ever opening the guide.
      for (let second = 0; second <= 60; second += 5) {
        vi.setSystemTime(T0 + 300_000 + second * 1000);
        const response = await site.post(JSON.stringify({ lessonId, intervals: [[0, Math.max(second, 0.5)]], position: second }), cookie);
        expect(response.status).toBe(409);
        const body = (await response.json()) as { error: string; reason: string; watchedSeconds?: number };
        expect(body.error).toMatch(/备课/);
        expect(body.reason).toBe("not-prepared");
        expect(body.watchedSeconds).toBeUndefined();
      }
      await site.store.flush();
      expect(await prisma.watchProgress.findUnique({ where, select: { id: true } })).toBeNull();
      expect(await prisma.lessonProgress.findUnique({ where, select: { viewedAt: true } })).toBeNull();
      expect(site.store.peek(userId, lessonId)?.intervals ?? []).toEqual([]);

      // He confirms while the page is open: from then on he is credited, and only for time after it.
      vi.setSystemTime(T0 + 361_000);
      await markStageDone(userId, lessonId, "PREPARATION");
      const { preparedAt } = await prisma.lessonProgress.findUniqueOrThrow({ where, select: { preparedAt: true } });
      vi.setSystemTime(T0 + 362_000);
      const response = await site.post(JSON.stringify({ lessonId, intervals: [[0, 60]], position: 60 }), cookie);
      expect(response.status).toBe(200);
      const reply = (await response.json()) as Reply;
      // A clock that never served him holds the initial 2 s: the refused minute bought nothing.
      expect(reply.watchedSeconds).toBeGreaterThan(0);
      expect(reply.watchedSeconds).toBeLessThanOrEqual(2 * 1.5 + 1e-9);
      await site.store.flush();
      const row = await prisma.watchProgress.findUniqueOrThrow({ where, select: { lastHeartbeatAt: true } });
      expect(row.lastHeartbeatAt!.getTime()).toBeGreaterThanOrEqual(preparedAt!.getTime());
    } finally {
      await site.store.stop();
      await site.close();
    }
  });
});

describe("POST /api/heartbeat: malformed intervals", () => {
  it("an interval that ends before it starts → 400 naming the field, nothing stored", async () => {
    const cookie = await sessionCookieFor("xueyuan");
    const response = await server.post(
      JSON.stringify({
        lessonId,
        intervals: [
          [0, 2],
          [12, 5],
        ],
        position: 12,
      }),
      cookie,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: string[] };
    expect(body.error).toContain("心跳数据格式不对");
    expect(body.issues).toEqual([expect.stringMatching(/^intervals\.1\.1: /)]);
  });
});
