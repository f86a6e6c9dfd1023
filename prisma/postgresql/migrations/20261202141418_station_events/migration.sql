/*
  Warnings:

  - A unique constraint covering the columns `[runningSessionClientId]` on the table `Station` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Station" ADD COLUMN     "runningSessionClientId" TEXT;

-- CreateTable
CREATE TABLE "StationVisitor" (
    "id" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StationVisitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StationEvent" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "sessionClientId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "bodyJson" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "refusal" TEXT,
    "recordedById" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StationVisitor_stationId_idx" ON "StationVisitor"("stationId");

-- CreateIndex
CREATE INDEX "StationEvent_deviceId_sequence_idx" ON "StationEvent"("deviceId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "StationEvent_sessionClientId_position_key" ON "StationEvent"("sessionClientId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Station_runningSessionClientId_key" ON "Station"("runningSessionClientId");

-- AddForeignKey
ALTER TABLE "StationVisitor" ADD CONSTRAINT "StationVisitor_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StationVisitor" ADD CONSTRAINT "StationVisitor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StationEvent" ADD CONSTRAINT "StationEvent_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
