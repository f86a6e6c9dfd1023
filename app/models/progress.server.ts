// Four-ring progress per learner and lesson.
import { isLessonComplete, stageField, type Stage, type StageDates } from "~/domain/four-rings.ts";
import { getPrisma } from "~/utils/db.server.ts";

const STAGE_SELECT = { preparedAt: true, viewedAt: true, discussedAt: true, testedAt: true, completedAt: true } as const;

export async function getStageDates(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  return prisma.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId } }, select: STAGE_SELECT });
}

/**
 * Records a stage as done (the first time only: a repeat keeps the first date)
 * and stamps completion when all four are done. Returns whether this call
 * completed the lesson, so the caller can queue the hours entry.
 */
export async function markStageDone(userId: string, lessonId: string, stage: Stage, at = new Date()): Promise<{ completedNow: boolean; progress: StageDates }> {
  const prisma = await getPrisma();
  const field = stageField(stage);
  await prisma.lessonProgress.upsert({
    where: { userId_lessonId: { userId, lessonId } },
    create: { userId, lessonId, [field]: at },
    update: {},
  });
  await prisma.lessonProgress.updateMany({ where: { userId, lessonId, [field]: null }, data: { [field]: at } });
  const progress = await prisma.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId, lessonId } }, select: STAGE_SELECT });
  if (!isLessonComplete(progress) || progress.completedAt) return { completedNow: false, progress };
  const stamped = await prisma.lessonProgress.updateMany({ where: { userId, lessonId, completedAt: null }, data: { completedAt: at } });
  return { completedNow: stamped.count === 1, progress };
}
