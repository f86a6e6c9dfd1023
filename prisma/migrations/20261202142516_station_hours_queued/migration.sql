-- AlterTable
ALTER TABLE "StationSession" ADD COLUMN "hoursQueuedAt" DATETIME;
