// 观看 at speed: the site process keeps each active learner's played ranges in
// memory, answers every heartbeat from there, and writes what changed to the
// database in one statement every FLUSH_INTERVAL_MS (docs/decisions/007).
// Heartbeats carry the whole set of ranges played since the page opened, so a
// batch lost in a crash is sent again by the next heartbeat: nothing is lost.
// What a heartbeat does is decided by applyHeartbeat (docs/decisions/016).
import { randomUUID } from "node:crypto";
import {
  applyHeartbeat,
  type HeartbeatRefusal,
  type HeartbeatReply,
  type LessonWatchState,
  type ViewingSettings,
} from "~/domain/heartbeat.ts";
import { coveredSeconds, type CreditClock, type Interval } from "~/domain/watch-intervals.ts";
import { Prisma, type PrismaClient } from "~/generated/prisma/client.ts";
import { log } from "~/utils/log.server.ts";
import { decodeIntervals } from "./json-columns.server.ts";
import { markStageDone } from "./progress.server.ts";

export type LessonTiming = ViewingSettings & { id: string };
export type HeartbeatResult = HeartbeatReply;
/** What the store answers: the reply, or why nothing was credited. */
export type HeartbeatRecord = { accepted: true; reply: HeartbeatReply } | { accepted: false; reason: HeartbeatRefusal };
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

type Entry = LessonWatchState & {
  id: string;
  userId: string;
  lessonId: string;
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

/** Tells the site's running store, if this process has one, that the learner has confirmed the lesson's preparation. */
export function notePreparedToLiveStore(userId: string, lessonId: string) {
  globalThis.__sihuanWatchStore?.notePrepared(userId, lessonId);
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
      select: {
        id: true,
        durationSeconds: true,
        completionShare: true,
        maxPlaybackRate: true,
        pauseWhenHidden: true,
        attentionCheckMinutes: true,
      },
    });
    this.lessons.set(lessonId, { timing, loadedAt: now });
    return timing;
  }

  /** Looks the learner's state up (loaded once), applies the heartbeat's rules, keeps the result; the flush writes it. */
  async record(params: HeartbeatInput): Promise<HeartbeatRecord> {
    const now = params.now ?? Date.now();
    const { lesson, userId } = params;
    const entry = await this.entry(userId, lesson.id);
    entry.touchedAt = now;
    const outcome = applyHeartbeat({
      state: entry,
      clock: this.clocks.get(userId),
      heartbeat: params,
      lesson,
      nowMs: now,
      random: this.random,
    });
    if (!outcome.accepted) return { accepted: false, reason: outcome.reason };
    Object.assign(entry, outcome.state);
    entry.dirty = true;
    this.clocks.set(userId, outcome.clock);
    if (outcome.recordViewing) {
      // Rare (once per learner and lesson) and awaited: the page the learner reloads next must see it.
      await this.flush();
      await markStageDone(userId, lesson.id, "VIEWING", new Date(now));
      entry.viewingRecorded = true;
    }
    return { accepted: true, reply: outcome.reply };
  }

  /**
   * The learner has confirmed the preparation ring of this lesson (called by
   * markStageDone, after the write): his next heartbeat is credited. A state
   * being loaded right now may have read the row before the write: it is told too.
   */
  notePrepared(userId: string, lessonId: string) {
    const key = keyOf(userId, lessonId);
    const present = this.entries.get(key);
    if (present) present.prepared = true;
    else
      void this.loading.get(key)?.then(
        (entry) => {
          entry.prepared = true;
        },
        () => undefined,
      );
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
      this.prisma.watchProgress.findUnique({
        where,
        select: { id: true, intervalsJson: true, lastPosition: true, lastHeartbeatAt: true, attentionAt: true, createdAt: true },
      }),
      this.prisma.lessonProgress.findUnique({ where, select: { preparedAt: true, viewedAt: true } }),
    ]);
    const entry: Entry = {
      id: row?.id ?? randomUUID(),
      userId,
      lessonId,
      intervals: row ? decodeIntervals(row.id, row.intervalsJson) : [],
      position: row?.lastPosition ?? 0,
      lastHeartbeatAt: row?.lastHeartbeatAt?.getTime() ?? null,
      attentionAt: row?.attentionAt ?? null,
      // Read once per learner and lesson; a later confirmation reaches the entry through notePrepared.
      prepared: Boolean(progress?.preparedAt),
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
