// Four-ring progress per learner and lesson.
import { randomUUID } from "node:crypto";
import { hasQuiz, isLessonComplete, stageField, type Stage, type StageDates } from "~/domain/four-rings.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { notePreparedToLiveStore } from "./watch-store.server.ts";

const STAGE_SELECT = { preparedAt: true, viewedAt: true, discussedAt: true, testedAt: true, completedAt: true } as const;
/** The stage dates with what completion depends on: whether the lesson has a quiz. */
const COMPLETION_SELECT = { ...STAGE_SELECT, lesson: { select: { passPercent: true } } } as const;

export async function getStageDates(userId: string, lessonId: string) {
  const prisma = await getPrisma();
  return prisma.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId } }, select: STAGE_SELECT });
}

/**
 * Records a stage as done (the first time only: a repeat keeps the first date)
 * and stamps completion when all the lesson's stages are done (three for a
 * film without a quiz, docs/decisions/025). Returns whether this call
 * completed the lesson, so the caller can queue the hours entry.
 */
export async function markStageDone(
  userId: string,
  lessonId: string,
  stage: Stage,
  at = new Date(),
): Promise<{ completedNow: boolean; progress: StageDates }> {
  const prisma = await getPrisma();
  const field = stageField(stage);
  await prisma.lessonProgress.upsert({
    where: { userId_lessonId: { userId, lessonId } },
    create: { userId, lessonId, [field]: at },
    update: {},
  });
  await prisma.lessonProgress.updateMany({ where: { userId, lessonId, [field]: null }, data: { [field]: at } });
  // Heartbeats are judged from memory: the running watch store must learn of the confirmation (docs/decisions/016).
  if (stage === "PREPARATION") notePreparedToLiveStore(userId, lessonId);
  const { lesson, ...progress } = await prisma.lessonProgress.findUniqueOrThrow({
    where: { userId_lessonId: { userId, lessonId } },
    select: COMPLETION_SELECT,
  });
  if (!isLessonComplete(progress, { hasQuiz: hasQuiz(lesson) }) || progress.completedAt) return { completedNow: false, progress };
  const stamped = await prisma.lessonProgress.updateMany({ where: { userId, lessonId, completedAt: null }, data: { completedAt: at } });
  return { completedNow: stamped.count === 1, progress };
}

/** `complete`: every stage of the lesson is done (completedAt is then set). */
export type LessonStageDates = StageDates & { userId: string; lessonId: string; completedAt: Date | null; complete: boolean };

/**
 * markStageDone for many learners and lessons at once, with three statements
 * whatever their number: one multi-row upsert that sets the stage only where
 * it is not set yet (a repeat keeps the first date), one read, and one update
 * that stamps completion where all the lesson's stages are now done. Portable SQL
 * (INSERT … ON CONFLICT runs on SQLite and PostgreSQL). Pass `db` to run it
 * inside the caller's transaction. Returns each pair's stage dates after.
 */
export async function markStageDoneMany(
  pairs: readonly { userId: string; lessonId: string }[],
  stage: Stage,
  at = new Date(),
  db?: Prisma.TransactionClient,
): Promise<LessonStageDates[]> {
  if (pairs.length === 0) return [];
  const client = db ?? (await getPrisma());
  // The column name comes from the fixed stage → field map, never from input.
  const column = Prisma.raw(`"${stageField(stage)}"`);
  const rows = pairs.map(({ userId, lessonId }) => Prisma.sql`(${randomUUID()}, ${userId}, ${lessonId}, ${at}, ${at}, ${at})`);
  await client.$executeRaw`
    INSERT INTO "LessonProgress" ("id", "userId", "lessonId", ${column}, "createdAt", "updatedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("userId", "lessonId") DO UPDATE SET
      ${column} = COALESCE("LessonProgress".${column}, excluded.${column}),
      "updatedAt" = CASE WHEN "LessonProgress".${column} IS NULL THEN excluded."updatedAt" ELSE "LessonProgress"."updatedAt" END`;
  // Heartbeats are judged from memory (docs/decisions/016). Inside a caller's transaction the row is not
  // committed yet: that caller tells the store (notePreparedToLiveStore) after its commit.
  if (stage === "PREPARATION" && !db) for (const { userId, lessonId } of pairs) notePreparedToLiveStore(userId, lessonId);
  // Two IN lists are cheaper to build and run than an OR per pair; the few extra rows they may match are dropped here.
  const wanted = new Set(pairs.map(({ userId, lessonId }) => `${userId}\u0000${lessonId}`));
  const found = (
    await client.lessonProgress.findMany({
      where: {
        userId: { in: [...new Set(pairs.map((pair) => pair.userId))] },
        lessonId: { in: [...new Set(pairs.map((pair) => pair.lessonId))] },
      },
      select: { userId: true, lessonId: true, ...COMPLETION_SELECT },
    })
  )
    .filter((row) => wanted.has(`${row.userId}\u0000${row.lessonId}`))
    .map(({ lesson, ...row }) => ({ ...row, complete: isLessonComplete(row, { hasQuiz: hasQuiz(lesson) }) }));
  const completing = found.filter((row) => row.complete && !row.completedAt);
  if (completing.length > 0) {
    await client.lessonProgress.updateMany({
      where: { completedAt: null, OR: completing.map(({ userId, lessonId }) => ({ userId, lessonId })) },
      data: { completedAt: at },
    });
  }
  return found.map((row) => (completing.includes(row) ? { ...row, completedAt: at } : row));
}

/**
 * Lessons completed online whose hours are due (the lesson awards some) but not
 * in the ledger: their hours job was never queued (Redis was down when a film
 * without a quiz was completed by its discussion). The worker's sweep queues
 * them again; the job ids and the ledger's idempotency key dedupe.
 */
export async function completedLessonsAwaitingHours(limit = 10_000): Promise<{ userId: string; lessonId: string }[]> {
  const prisma = await getPrisma();
  return prisma.$queryRaw<{ userId: string; lessonId: string }[]>`
    SELECT p."userId", p."lessonId"
    FROM "LessonProgress" p
    JOIN "Lesson" l ON l."id" = p."lessonId"
    WHERE p."completedAt" IS NOT NULL
      AND l."classHours" > 0
      AND NOT EXISTS (
        SELECT 1 FROM "HoursLedgerEntry" e
        WHERE e."userId" = p."userId" AND e."lessonId" = p."lessonId" AND e."category" = 'ONLINE_STUDY'
      )
    LIMIT ${limit}`;
}
