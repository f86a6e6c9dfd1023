-- AlterTable
ALTER TABLE "StationSession" ADD COLUMN     "hoursQueuedAt" TIMESTAMP(3);
