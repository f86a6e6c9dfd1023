/*
  Warnings:

  - A unique constraint covering the columns `[drawId]` on the table `QuizAttempt` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[userId,lessonId,attemptNumber]` on the table `QuizAttempt` will be added. If there are existing duplicate values, this will fail.

*/
-- DropIndex
DROP INDEX "QuizAttempt_userId_lessonId_idx";

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "partialCredit" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "revealAnswers" TEXT NOT NULL DEFAULT 'ALWAYS';

-- AlterTable
ALTER TABLE "QuizAnswer" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT;

-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "attemptNumber" INTEGER,
ADD COLUMN     "drawId" TEXT;

-- CreateTable
CREATE TABLE "QuizDraw" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "itemsJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuizDraw_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuizDraw_token_key" ON "QuizDraw"("token");

-- CreateIndex
CREATE INDEX "QuizDraw_userId_lessonId_idx" ON "QuizDraw"("userId", "lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_drawId_key" ON "QuizAttempt"("drawId");

-- CreateIndex
CREATE INDEX "QuizAttempt_status_submittedAt_idx" ON "QuizAttempt"("status", "submittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_userId_lessonId_attemptNumber_key" ON "QuizAttempt"("userId", "lessonId", "attemptNumber");

-- AddForeignKey
ALTER TABLE "QuizDraw" ADD CONSTRAINT "QuizDraw_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizDraw" ADD CONSTRAINT "QuizDraw_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAttempt" ADD CONSTRAINT "QuizAttempt_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "QuizDraw"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAnswer" ADD CONSTRAINT "QuizAnswer_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
