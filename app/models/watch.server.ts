// 观看: what a learner has watched of a lesson, as stored (heartbeats arrive through watch-store.server.ts).
import { getPrisma } from "~/utils/db.server.ts";
import { decodeIntervals } from "./json-columns.server.ts";
import { liveWatchState } from "./watch-store.server.ts";

export async function getWatchState(userId: string, lessonId: string) {
  // The running site's memory is newer than the row by up to a flush: a reload mid-video resumes from it.
  const live = liveWatchState(userId, lessonId);
  if (live) return live;
  const prisma = await getPrisma();
  const row = await prisma.watchProgress.findUnique({
    where: { userId_lessonId: { userId, lessonId } },
    select: { id: true, intervalsJson: true, lastPosition: true, watchedSeconds: true, attentionAt: true },
  });
  return {
    intervals: row ? decodeIntervals(row.id, row.intervalsJson) : [],
    lastPosition: row?.lastPosition ?? 0,
    /** The pending attention check, if one was drawn (the heartbeat replies keep the player up to date). */
    attentionAt: row?.attentionAt ?? null,
  };
}
