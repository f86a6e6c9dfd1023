-- CreateTable
CREATE TABLE "StationPlanEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stationId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "recurrenceJson" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'CENTRALIZED',
    "venue" TEXT NOT NULL DEFAULT 'FIXED',
    "place" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StationPlanEntry_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StationPlanEntry_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StationPlanEntry_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "StationPlanEntry_stationId_idx" ON "StationPlanEntry"("stationId");
