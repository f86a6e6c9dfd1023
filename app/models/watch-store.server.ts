// 观看 at speed: the site process keeps each active learner's played ranges in
// memory, answers every heartbeat from there, and writes what changed to the
// database in one statement every FLUSH_INTERVAL_MS (docs/decisions/007).
// Heartbeats carry the whole set of ranges played since the page opened, so a
// batch lost in a crash is sent again by the next heartbeat: nothing is lost.
import { randomUUID } from "node:crypto";
import { acceptHeartbeat, coveredSeconds, isViewingComplete, refillClock, type CreditClock, type Interval } from "~/domain/watch-intervals.ts";
import { Prisma, type PrismaClient } from "~/generated/prisma/client.ts";
import { log } from "~/utils/log.server.ts";
import { markStageDone } from "./progress.server.ts";

export type LessonTiming = { id: string; durationSeconds: number; completionShare: number; maxPlaybackRate: number };
export type HeartbeatResult = { intervals: Interval[]; watchedSeconds: number; viewingComplete: boolean };

type Entry = {
  id: string;
  userId: string;
  lessonId: string;
  intervals: Interval[];
  position: number;
  lastHeartbeatAt: number | null;
  viewingRecorded: boolean;
  dirty: boolean;
  touchedAt: number;
  createdAt: Date;
};

/** Rows are deduplicated per learner and lesson, so a longer interval writes fewer statements, not fewer facts. */
export const FLUSH_INTERVAL_MS = 1000;
/** Entries idle this long are dropped from memory after they are written. */
const IDLE_EVICT_MS = 10 * 60 * 1000;
const LESSON_CACHE_MS = 60_000;

const keyOf = (userId: string, lessonId: string) => `${userId}\u0000${lessonId}`;

export class WatchStore {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /**
   * Each learner's credit clock, whatever the lesson: one playback at a time.
   * Kept in memory only; after a restart a learner starts from the initial
   * credit and catches up while he watches (the client resends his ranges).
   */
  private readonly clocks = new Map<string, CreditClock>();
  private readonly lessons = new Map<string, { timing: LessonTiming | null; loadedAt: number }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;

  constructor(private readonly prisma: PrismaClient) {}

  async lessonTiming(lessonId: string, now = Date.now()): Promise<LessonTiming | null> {
    const cached = this.lessons.get(lessonId);
    if (cached && now - cached.loadedAt < LESSON_CACHE_MS) return cached.timing;
    const timing = await this.prisma.lesson.findUnique({
      where: { id: lessonId },
      select: { id: true, durationSeconds: true, completionShare: true, maxPlaybackRate: true },
    });
    this.lessons.set(lessonId, { timing, loadedAt: now });
    return timing;
  }

  async record(params: { userId: string; lesson: LessonTiming; claimed: Interval[]; position: number; now?: number }): Promise<HeartbeatResult> {
    const now = params.now ?? Date.now();
    const entry = await this.entry(params.userId, params.lesson.id);
    const accepted = acceptHeartbeat({
      covered: entry.intervals,
      claimed: params.claimed,
      clock: refillClock(this.clocks.get(params.userId), now),
      maxPlaybackRate: params.lesson.maxPlaybackRate,
      durationSeconds: params.lesson.durationSeconds,
    });
    entry.intervals = accepted.intervals;
    this.clocks.set(params.userId, accepted.clock);
    entry.position = Math.max(0, Math.min(params.position, params.lesson.durationSeconds));
    entry.lastHeartbeatAt = now;
    entry.touchedAt = now;
    entry.dirty = true;
    const viewingComplete = isViewingComplete(entry.intervals, params.lesson.durationSeconds, params.lesson.completionShare);
    if (viewingComplete && !entry.viewingRecorded) {
      // Rare (once per learner and lesson) and awaited: the page the learner reloads next must see it.
      await this.flush();
      await markStageDone(params.userId, params.lesson.id, "VIEWING", new Date(now));
      entry.viewingRecorded = true;
    }
    return { intervals: entry.intervals, watchedSeconds: coveredSeconds(entry.intervals), viewingComplete };
  }

  private async entry(userId: string, lessonId: string): Promise<Entry> {
    const key = keyOf(userId, lessonId);
    const present = this.entries.get(key);
    if (present) return present;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(userId, lessonId).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(userId: string, lessonId: string): Promise<Entry> {
    const where = { userId_lessonId: { userId, lessonId } };
    const [row, progress] = await Promise.all([
      this.prisma.watchProgress.findUnique({ where, select: { id: true, intervalsJson: true, lastPosition: true, lastHeartbeatAt: true, createdAt: true } }),
      this.prisma.lessonProgress.findUnique({ where, select: { viewedAt: true } }),
    ]);
    const entry: Entry = {
      id: row?.id ?? randomUUID(),
      userId,
      lessonId,
      intervals: row ? (JSON.parse(row.intervalsJson) as Interval[]) : [],
      position: row?.lastPosition ?? 0,
      lastHeartbeatAt: row?.lastHeartbeatAt?.getTime() ?? null,
      viewingRecorded: Boolean(progress?.viewedAt),
      dirty: false,
      touchedAt: Date.now(),
      createdAt: row?.createdAt ?? new Date(),
    };
    this.entries.set(keyOf(userId, lessonId), entry);
    return entry;
  }

  /** Writes every changed entry in one statement; returns how many. */
  flush(): Promise<number> {
    // One flush at a time; a caller arriving during one waits for it and then runs its own.
    const run = async () => {
      const dirty = [...this.entries.values()].filter((entry) => entry.dirty);
      if (dirty.length === 0) {
        this.evictIdle();
        return 0;
      }
      for (const entry of dirty) entry.dirty = false;
      const now = new Date();
      const rows = dirty.map(
        (entry) =>
          Prisma.sql`(${entry.id}, ${entry.userId}, ${entry.lessonId}, ${JSON.stringify(entry.intervals)}, ${coveredSeconds(entry.intervals)}, ${entry.position}, ${entry.lastHeartbeatAt === null ? null : new Date(entry.lastHeartbeatAt)}, ${entry.createdAt}, ${now})`,
      );
      try {
        await this.prisma.$executeRaw`
          INSERT INTO "WatchProgress" ("id", "userId", "lessonId", "intervalsJson", "watchedSeconds", "lastPosition", "lastHeartbeatAt", "createdAt", "updatedAt")
          VALUES ${Prisma.join(rows)}
          ON CONFLICT ("userId", "lessonId") DO UPDATE SET
            "intervalsJson" = excluded."intervalsJson",
            "watchedSeconds" = excluded."watchedSeconds",
            "lastPosition" = excluded."lastPosition",
            "lastHeartbeatAt" = excluded."lastHeartbeatAt",
            "updatedAt" = excluded."updatedAt"`;
      } catch (error) {
        for (const entry of dirty) entry.dirty = true;
        log.error({ err: (error as Error).message, rows: dirty.length }, "watch flush failed; will retry");
        return 0;
      }
      this.evictIdle();
      return dirty.length;
    };
    const next = (this.flushing ?? Promise.resolve(0)).then(run, run);
    this.flushing = next;
    return next;
  }

  private evictIdle() {
    const cutoff = Date.now() - IDLE_EVICT_MS;
    for (const [key, entry] of this.entries) {
      if (!entry.dirty && entry.touchedAt < cutoff) this.entries.delete(key);
    }
    for (const [userId, clock] of this.clocks) if (clock.updatedAtMs < cutoff) this.clocks.delete(userId);
  }

  start(intervalMs = FLUSH_INTERVAL_MS) {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left: called on shutdown. */
  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
