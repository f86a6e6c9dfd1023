// 观看 at speed: the site process keeps each active learner's played ranges in
// memory, answers every heartbeat from there, and writes what changed to the
// database in one statement every FLUSH_INTERVAL_MS (docs/decisions/007).
// Heartbeats carry the whole set of ranges played since the page opened, so a
// batch lost in a crash is sent again by the next heartbeat: nothing is lost.
import { randomUUID } from "node:crypto";
import { answerAttention, clipBefore, emptyClock, isAttentionDue, markVisibility, nextAttentionAt } from "~/domain/viewing-rules.ts";
import { acceptHeartbeat, coveredSeconds, isViewingComplete, refillClock, type CreditClock, type Interval } from "~/domain/watch-intervals.ts";
import { Prisma, type PrismaClient } from "~/generated/prisma/client.ts";
import { log } from "~/utils/log.server.ts";
import { markStageDone } from "./progress.server.ts";

export type LessonTiming = {
  id: string;
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  pauseWhenHidden: boolean;
  attentionCheckMinutes: number | null;
};
export type HeartbeatResult = {
  intervals: Interval[];
  watchedSeconds: number;
  viewingComplete: boolean;
  /** Media position of the next attention check (null: the lesson has none); nothing beyond it counts until answered. */
  attentionAt: number | null;
  /** The learner has reached the check: the player shows the prompt. */
  attentionDue: boolean;
};
export type HeartbeatInput = {
  userId: string;
  lesson: LessonTiming;
  claimed: Interval[];
  position: number;
  /** What the page reported; only lessons that pause in hidden tabs act on it. */
  visible?: boolean;
  /** The check position the learner has just answered (from an earlier reply). */
  attentionAnswer?: number;
  now?: number;
};

type Entry = {
  id: string;
  userId: string;
  lessonId: string;
  intervals: Interval[];
  position: number;
  lastHeartbeatAt: number | null;
  attentionAt: number | null;
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

declare global {
  // The site's running store, shared with the Remix build (which bundles its own copy of this module).
  var __sihuanWatchStore: WatchStore | undefined;
}

/** What the site's running store holds for this learner and lesson, newer than the row by up to a flush; null when not in memory. */
export function liveWatchState(userId: string, lessonId: string) {
  return globalThis.__sihuanWatchStore?.peek(userId, lessonId) ?? null;
}

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

  constructor(
    private readonly prisma: PrismaClient,
    /** Where the attention checks fall; a test passes a fixed sequence. */
    private readonly random: () => number = Math.random,
  ) {}

  async lessonTiming(lessonId: string, now = Date.now()): Promise<LessonTiming | null> {
    const cached = this.lessons.get(lessonId);
    if (cached && now - cached.loadedAt < LESSON_CACHE_MS) return cached.timing;
    const timing = await this.prisma.lesson.findUnique({
      where: { id: lessonId },
      select: { id: true, durationSeconds: true, completionShare: true, maxPlaybackRate: true, pauseWhenHidden: true, attentionCheckMinutes: true },
    });
    this.lessons.set(lessonId, { timing, loadedAt: now });
    return timing;
  }

  async record(params: HeartbeatInput): Promise<HeartbeatResult> {
    const now = params.now ?? Date.now();
    const { lesson } = params;
    const entry = await this.entry(params.userId, lesson.id);
    const checkSeconds = lesson.attentionCheckMinutes === null ? null : lesson.attentionCheckMinutes * 60;
    if (checkSeconds !== null && entry.attentionAt === null) {
      entry.attentionAt = nextAttentionAt(entry.position, checkSeconds, this.random());
    }
    const limit = checkSeconds === null ? null : entry.attentionAt;
    const accepted = acceptHeartbeat({
      covered: entry.intervals,
      // Nothing at or beyond an unanswered check is credited (docs/decisions/012).
      claimed: clipBefore(params.claimed, limit),
      clock: refillClock(this.clocks.get(params.userId), now),
      maxPlaybackRate: lesson.maxPlaybackRate,
      durationSeconds: lesson.durationSeconds,
    });
    let clock = accepted.clock;
    entry.intervals = accepted.intervals;
    entry.position = Math.max(0, Math.min(params.position, lesson.durationSeconds));
    if (checkSeconds !== null && params.attentionAnswer !== undefined) {
      const answer = answerAttention({
        attentionAt: entry.attentionAt,
        answeredAt: params.attentionAnswer,
        // Reached: where he is, or the furthest he was credited (he may have stepped back while the prompt waited).
        position: Math.max(entry.position, ...entry.intervals.map(([, end]) => end)),
        intervalSeconds: checkSeconds,
        random: this.random(),
      });
      if (answer.ok) {
        entry.attentionAt = answer.attentionAt;
        // The time the prompt waited pays for nothing.
        clock = emptyClock(clock, now);
      }
    }
    if (lesson.pauseWhenHidden) clock = markVisibility(clock, params.visible ?? true);
    this.clocks.set(params.userId, clock);
    entry.lastHeartbeatAt = now;
    entry.touchedAt = now;
    entry.dirty = true;
    const viewingComplete = isViewingComplete(entry.intervals, lesson.durationSeconds, lesson.completionShare);
    if (viewingComplete && !entry.viewingRecorded) {
      // Rare (once per learner and lesson) and awaited: the page the learner reloads next must see it.
      await this.flush();
      await markStageDone(params.userId, lesson.id, "VIEWING", new Date(now));
      entry.viewingRecorded = true;
    }
    // A check drawn past the end of the video never comes.
    const attentionAt = checkSeconds === null || entry.attentionAt === null || entry.attentionAt >= lesson.durationSeconds ? null : entry.attentionAt;
    return {
      intervals: entry.intervals,
      watchedSeconds: coveredSeconds(entry.intervals),
      viewingComplete,
      attentionAt,
      attentionDue: isAttentionDue(entry.position, attentionAt),
    };
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
      this.prisma.watchProgress.findUnique({ where, select: { id: true, intervalsJson: true, lastPosition: true, lastHeartbeatAt: true, attentionAt: true, createdAt: true } }),
      this.prisma.lessonProgress.findUnique({ where, select: { viewedAt: true } }),
    ]);
    const entry: Entry = {
      id: row?.id ?? randomUUID(),
      userId,
      lessonId,
      intervals: row ? (JSON.parse(row.intervalsJson) as Interval[]) : [],
      position: row?.lastPosition ?? 0,
      lastHeartbeatAt: row?.lastHeartbeatAt?.getTime() ?? null,
      attentionAt: row?.attentionAt ?? null,
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
          Prisma.sql`(${entry.id}, ${entry.userId}, ${entry.lessonId}, ${JSON.stringify(entry.intervals)}, ${coveredSeconds(entry.intervals)}, ${entry.position}, ${entry.lastHeartbeatAt === null ? null : new Date(entry.lastHeartbeatAt)}, ${entry.attentionAt}, ${entry.createdAt}, ${now})`,
      );
      try {
        await this.prisma.$executeRaw`
          INSERT INTO "WatchProgress" ("id", "userId", "lessonId", "intervalsJson", "watchedSeconds", "lastPosition", "lastHeartbeatAt", "attentionAt", "createdAt", "updatedAt")
          VALUES ${Prisma.join(rows)}
          ON CONFLICT ("userId", "lessonId") DO UPDATE SET
            "intervalsJson" = excluded."intervalsJson",
            "watchedSeconds" = excluded."watchedSeconds",
            "lastPosition" = excluded."lastPosition",
            "lastHeartbeatAt" = excluded."lastHeartbeatAt",
            "attentionAt" = excluded."attentionAt",
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

  /** This learner's state for this lesson if it is in memory (a page load prefers it to the row, which may lag). */
  peek(userId: string, lessonId: string): { intervals: Interval[]; lastPosition: number; attentionAt: number | null } | null {
    const entry = this.entries.get(keyOf(userId, lessonId));
    return entry ? { intervals: entry.intervals, lastPosition: entry.position, attentionAt: entry.attentionAt } : null;
  }

  /** Starts the flush timer; the site's store is also what its page loads read (liveWatchState). */
  start(intervalMs = FLUSH_INTERVAL_MS) {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
    globalThis.__sihuanWatchStore = this;
  }

  /** Stops the timer and writes what is left: called on shutdown. */
  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    if (globalThis.__sihuanWatchStore === this) globalThis.__sihuanWatchStore = undefined;
    await this.flush();
  }
}
