/*
  Warnings:

  - You are about to drop the column `operatorId` on the `Station` table. All the data in the column will be lost.

*/
-- DropForeignKey
ALTER TABLE "Station" DROP CONSTRAINT "Station_operatorId_fkey";

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "category" TEXT NOT NULL DEFAULT 'THEORY',
ADD COLUMN     "department" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "ownerOrgId" TEXT,
ADD COLUMN     "sharing" TEXT NOT NULL DEFAULT 'ALL';

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "audienceJson" TEXT,
ADD COLUMN     "category" TEXT,
ADD COLUMN     "department" TEXT,
ADD COLUMN     "spokenLanguage" TEXT NOT NULL DEFAULT 'zh-CN';

-- CreateTable
CREATE TABLE "StationOperator" (
    "stationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StationOperator_pkey" PRIMARY KEY ("stationId","userId")
);

-- Each station's single operator becomes its first operator (专人负责 may now be several people).
INSERT INTO "StationOperator" ("stationId", "userId") SELECT "id", "operatorId" FROM "Station" WHERE "operatorId" IS NOT NULL;

-- AlterTable
ALTER TABLE "Station" DROP COLUMN "operatorId",
ADD COLUMN     "equipment" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "village" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "StationOperator_userId_idx" ON "StationOperator"("userId");

-- CreateIndex
CREATE INDEX "Course_ownerOrgId_idx" ON "Course"("ownerOrgId");

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_ownerOrgId_fkey" FOREIGN KEY ("ownerOrgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StationOperator" ADD CONSTRAINT "StationOperator_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StationOperator" ADD CONSTRAINT "StationOperator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
