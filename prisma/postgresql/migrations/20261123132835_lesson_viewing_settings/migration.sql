-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "attentionCheckMinutes" DOUBLE PRECISION,
ADD COLUMN     "noSeekingAhead" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "pauseWhenHidden" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "WatchProgress" ADD COLUMN     "attentionAt" DOUBLE PRECISION;
