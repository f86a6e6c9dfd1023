-- CreateTable
CREATE TABLE "StationLogNote" (
    "id" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "onDate" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StationLogNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StationLogNote_stationId_onDate_idx" ON "StationLogNote"("stationId", "onDate");

-- AddForeignKey
ALTER TABLE "StationLogNote" ADD CONSTRAINT "StationLogNote_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StationLogNote" ADD CONSTRAINT "StationLogNote_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
