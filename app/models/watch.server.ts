// 观看: a heartbeat adds really-played seconds to the learner's union.
import { acceptHeartbeat, coveredSeconds, isViewingComplete, type Interval } from "~/domain/watch-intervals.ts";
import { getPrisma } from "~/utils/db.server.ts";

export type LessonTiming = { id: string; durationSeconds: number; completionShare: number; maxPlaybackRate: number };

export async function getWatchState(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  const row = await prisma.watchProgress.findUnique({
    where: { userId_lessonId: { userId, lessonId } },
    select: { intervalsJson: true, lastPosition: true, watchedSeconds: true },
  });
  return { intervals: (row ? JSON.parse(row.intervalsJson) : []) as Interval[], lastPosition: row?.lastPosition ?? 0 };
}

export async function recordHeartbeat(params: {
  userId: string;
  lesson: LessonTiming;
  claimed: Interval[];
  position: number;
  now?: Date;
}): Promise<{ intervals: Interval[]; watchedSeconds: number; viewingComplete: boolean }> {
  const prisma = await getPrisma();
  const now = params.now ?? new Date();
  const where = { userId_lessonId: { userId: params.userId, lessonId: params.lesson.id } };
  const row = await prisma.watchProgress.findUnique({ where, select: { intervalsJson: true, lastHeartbeatAt: true } });
  const covered = (row ? JSON.parse(row.intervalsJson) : []) as Interval[];
  const intervals = acceptHeartbeat({
    covered,
    claimed: params.claimed,
    secondsSinceLastHeartbeat: row?.lastHeartbeatAt ? (now.getTime() - row.lastHeartbeatAt.getTime()) / 1000 : null,
    maxPlaybackRate: params.lesson.maxPlaybackRate,
    durationSeconds: params.lesson.durationSeconds,
  });
  const data = {
    intervalsJson: JSON.stringify(intervals),
    watchedSeconds: coveredSeconds(intervals),
    lastPosition: Math.max(0, Math.min(params.position, params.lesson.durationSeconds)),
    lastHeartbeatAt: now,
  };
  await prisma.watchProgress.upsert({
    where,
    create: { userId: params.userId, lessonId: params.lesson.id, ...data },
    update: data,
  });
  return {
    intervals,
    watchedSeconds: data.watchedSeconds,
    viewingComplete: isViewingComplete(intervals, params.lesson.durationSeconds, params.lesson.completionShare),
  };
}
