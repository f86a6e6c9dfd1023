-- AlterTable
ALTER TABLE "StationSession" ADD COLUMN     "dateFlag" TEXT,
ADD COLUMN     "deviceStartedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "StationDownload" (
    "id" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "firstDownloadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastDownloadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StationDownload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StationDownload_stationId_lessonId_idx" ON "StationDownload"("stationId", "lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "StationDownload_stationId_deviceId_lessonId_key" ON "StationDownload"("stationId", "deviceId", "lessonId");

-- AddForeignKey
ALTER TABLE "StationDownload" ADD CONSTRAINT "StationDownload_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StationDownload" ADD CONSTRAINT "StationDownload_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
