/*
  Warnings:

  - A unique constraint covering the columns `[testCode]` on the table `StationSession` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "StationSession" ADD COLUMN "testCode" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "StationSession_testCode_key" ON "StationSession"("testCode");
