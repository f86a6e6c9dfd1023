-- AlterTable
ALTER TABLE "StationSession" ADD COLUMN "dateFlag" TEXT;
ALTER TABLE "StationSession" ADD COLUMN "deviceStartedAt" DATETIME;

-- CreateTable
CREATE TABLE "StationDownload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stationId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "firstDownloadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastDownloadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StationDownload_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StationDownload_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "StationDownload_stationId_lessonId_idx" ON "StationDownload"("stationId", "lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "StationDownload_stationId_deviceId_lessonId_key" ON "StationDownload"("stationId", "deviceId", "lessonId");
