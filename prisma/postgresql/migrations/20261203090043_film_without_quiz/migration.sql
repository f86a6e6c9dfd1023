-- AlterTable
ALTER TABLE "Lesson" ALTER COLUMN "passPercent" DROP NOT NULL;
