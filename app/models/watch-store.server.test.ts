// The write-behind watch store against a real database: the server judges time
// per learner across all his lessons, what it accepts survives a restart, and
// nothing is credited before the learner confirms the preparation ring.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { HeartbeatInput, LessonTiming, WatchStore as WatchStoreType } from "./watch-store.server.ts";

let app: AppEnvironment;
let prisma: PrismaClient;
let WatchStore: typeof WatchStoreType;
let lessonA: LessonTiming;
let lessonB: LessonTiming;

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;

async function learner(username: string) {
  return (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}

/** A heartbeat the store must accept; its reply. */
async function credited(store: WatchStoreType, params: HeartbeatInput) {
  const outcome = await store.record(params);
  if (!outcome.accepted) throw new Error(`heartbeat refused: ${outcome.reason}`);
  return outcome.reply;
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  ({ WatchStore } = await import("./watch-store.server.ts"));
  const store = new WatchStore(prisma);
  const lessons = await prisma.lesson.findMany({
    where: { course: { slug: "dangzhang-jichu" } },
    orderBy: { sortOrder: "asc" },
    select: { id: true },
  });
  lessonA = (await store.lessonTiming(lessons[0]!.id))!;
  lessonB = (await store.lessonTiming(lessons[1]!.id))!;
  // The learners below have confirmed the preparation ring (备课) of both lessons.
  const { markStageDone } = await import("./progress.server.ts");
  for (const username of ["xueyuan", "fazhan", "yubei", "shenqing", "liudong"]) {
    const userId = await learner(username);
    for (const lesson of [lessonA, lessonB]) await markStageDone(userId, lesson.id, "PREPARATION", new Date(at(-60)));
  }
});
afterAll(async () => app?.cleanup());

describe("WatchStore", () => {
  it("credits honest playback second by second", async () => {
    const store = new WatchStore(prisma);
    const userId = await learner("xueyuan");
    await credited(store, { userId, lesson: lessonA, claimed: [[0, 0.5]], position: 0.5, now: at(0) });
    let result;
    for (let second = 5; second <= 30; second += 5) {
      result = await credited(store, { userId, lesson: lessonA, claimed: [[0, second]], position: second, now: at(second) });
    }
    expect(result!.intervals).toEqual([[0, 30]]);
  });

  it("two lessons playing at once share one clock: no more credit than the time allows", async () => {
    const store = new WatchStore(prisma);
    const userId = await learner("fazhan");
    await credited(store, { userId, lesson: lessonA, claimed: [[0, 0.1]], position: 0, now: at(0) });
    let total = 0;
    // Each lesson claims 5 s of fresh playback every 5 s, interleaved: 10 s claimed per 5 s of time.
    for (let step = 1; step <= 6; step += 1) {
      const a = await credited(store, { userId, lesson: lessonA, claimed: [[0, step * 5]], position: step * 5, now: at(step * 5 - 2.5) });
      const b = await credited(store, { userId, lesson: lessonB, claimed: [[0, step * 5]], position: step * 5, now: at(step * 5) });
      total = a.watchedSeconds + b.watchedSeconds;
    }
    // 30 s of wall clock at the 1.5× maximum, plus the initial 2 s of credit: not the 60 s claimed.
    expect(total).toBeLessThanOrEqual(30 * 1.5 + 2 * 1.5 + 1e-9);
  });

  it("what was accepted is written by flush and picked up by a new store after a restart", async () => {
    const userId = await learner("yubei");
    const first = new WatchStore(prisma);
    await credited(first, { userId, lesson: lessonA, claimed: [[0, 1]], position: 1, now: at(0) });
    await credited(first, { userId, lesson: lessonA, claimed: [[0, 10]], position: 10, now: at(10) });
    expect(await first.flush()).toBe(1);
    const row = await prisma.watchProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId, lessonId: lessonA.id } } });
    expect(JSON.parse(row.intervalsJson)).toEqual([[0, 10]]);
    expect(row.lastPosition).toBe(10);

    // The credit clock lives in memory: after a restart it starts with 2 s (3 media s at 1.5×)…
    const second = new WatchStore(prisma);
    const resumed = await credited(second, { userId, lesson: lessonA, claimed: [[10, 15]], position: 15, now: at(15) });
    expect(resumed.intervals).toEqual([[0, 13]]);
    // …and the resent ranges catch up as time passes.
    const caughtUp = await credited(second, { userId, lesson: lessonA, claimed: [[10, 20]], position: 20, now: at(20) });
    expect(caughtUp.intervals).toEqual([[0, 20]]);
    expect(await second.flush()).toBe(1);
    expect(await prisma.watchProgress.count({ where: { userId } })).toBe(1);
  });

  it("reaching the completion share records the viewing stage once", async () => {
    const store = new WatchStore(prisma);
    const userId = await learner("shenqing");
    const duration = lessonA.durationSeconds;
    await credited(store, { userId, lesson: lessonA, claimed: [[0, 1]], position: 1, now: at(0) });
    let complete = false;
    for (let second = 10; !complete && second <= duration + 10; second += 10) {
      complete = (await credited(store, { userId, lesson: lessonA, claimed: [[0, second]], position: second, now: at(second) }))
        .viewingComplete;
    }
    expect(complete).toBe(true);
    const progress = await prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId, lessonId: lessonA.id } } });
    expect(progress.viewedAt).not.toBeNull();
  });

  it("a page load in the running site sees the latest heartbeat before it is flushed", async () => {
    const { getWatchState } = await import("./watch.server.ts");
    const store = new WatchStore(prisma);
    const userId = await learner("liudong");
    store.start(60_000);
    try {
      await credited(store, { userId, lesson: lessonB, claimed: [[0, 1]], position: 1, now: at(0) });
      await credited(store, { userId, lesson: lessonB, claimed: [[0, 6]], position: 6, now: at(5) });
      expect(await prisma.watchProgress.count({ where: { userId, lessonId: lessonB.id } })).toBe(0);
      expect(await getWatchState(userId, lessonB.id)).toEqual({ intervals: [[0, 6]], lastPosition: 6, attentionAt: null });
    } finally {
      await store.stop();
    }
    // Stopped: the state is read from the row the stop wrote.
    expect(await getWatchState(userId, lessonB.id)).toEqual({ intervals: [[0, 6]], lastPosition: 6, attentionAt: null });
  });

  it("refuses every heartbeat before the preparation is confirmed, and credits from the confirmation on", async () => {
    const { markStageDone } = await import("./progress.server.ts");
    const store = new WatchStore(prisma);
    const userId = await learner("qunzhong");
    store.start(60_000);
    try {
      for (let second = 0; second <= 20; second += 5) {
        expect(
          await store.record({ userId, lesson: lessonA, claimed: [[0, Math.max(0.5, second)]], position: second, now: at(second) }),
        ).toEqual({
          accepted: false,
          reason: "not-prepared",
        });
      }
      expect(store.peek(userId, lessonA.id)).toEqual({ intervals: [], lastPosition: 0, attentionAt: null });
      expect(await store.flush()).toBe(0);
      await markStageDone(userId, lessonA.id, "PREPARATION", new Date(at(21)));
      const reply = await credited(store, { userId, lesson: lessonA, claimed: [[0, 22]], position: 22, now: at(22) });
      // The refused heartbeats did not start his clock: a new clock's 2 s at 1.5×.
      expect(reply.intervals).toEqual([[0, 3]]);
      // The other lesson was never confirmed: still refused.
      expect((await store.record({ userId, lesson: lessonB, claimed: [[0, 1]], position: 1, now: at(23) })).accepted).toBe(false);
    } finally {
      await store.stop();
    }
  });

  it("a confirmation that arrives while the learner's state is being loaded is not lost", async () => {
    const store = new WatchStore(prisma);
    const userId = await learner("qunzhong");
    // The load has read no confirmation (none is written: only the store is told)…
    const pending = store.record({ userId, lesson: lessonB, claimed: [[0, 1]], position: 1, now: at(0) });
    store.notePrepared(userId, lessonB.id);
    // …but the heartbeat is judged after the news: it is credited, and so is the next one.
    expect(await pending).toEqual({ accepted: true, reply: expect.objectContaining({ intervals: [[0, 1]] }) });
    expect((await credited(store, { userId, lesson: lessonB, claimed: [[0, 2]], position: 2, now: at(2) })).intervals).toEqual([[0, 2]]);
  });

  it("viewing done is recorded no earlier than the preparation", async () => {
    const { markStageDone } = await import("./progress.server.ts");
    const store = new WatchStore(prisma);
    const userId = await learner("peiyang");
    const duration = lessonB.durationSeconds;
    store.start(60_000);
    try {
      for (let second = 0; second <= duration; second += 10) {
        await store.record({ userId, lesson: lessonB, claimed: [[0, Math.max(1, second)]], position: second, now: at(second) });
      }
      expect(await prisma.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId: lessonB.id } } })).toBeNull();
      const preparedAt = new Date(at(duration + 5));
      await markStageDone(userId, lessonB.id, "PREPARATION", preparedAt);
      let complete = false;
      for (let second = duration + 10; !complete && second <= 3 * duration; second += 10) {
        complete = (await credited(store, { userId, lesson: lessonB, claimed: [[0, duration]], position: duration, now: at(second) }))
          .viewingComplete;
      }
      expect(complete).toBe(true);
      const progress = await prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId, lessonId: lessonB.id } } });
      expect(progress.viewedAt!.getTime()).toBeGreaterThan(preparedAt.getTime());
    } finally {
      await store.stop();
    }
  });
});
