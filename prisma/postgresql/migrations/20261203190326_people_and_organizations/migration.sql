/*
  Warnings:

  - A unique constraint covering the columns `[idCardNumber]` on the table `User` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "closedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "ethnicity" TEXT,
ADD COLUMN     "idCardNumber" TEXT,
ADD COLUMN     "mergedIntoId" TEXT,
ADD COLUMN     "occupation" TEXT,
ALTER COLUMN "username" DROP NOT NULL;

-- CreateTable
CREATE TABLE "OrgTransfer" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fromOrgId" TEXT,
    "toOrgId" TEXT NOT NULL,
    "transferredOn" TIMESTAMP(3) NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrgTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrgTransfer_userId_idx" ON "OrgTransfer"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "User_idCardNumber_key" ON "User"("idCardNumber");

-- AddForeignKey
ALTER TABLE "OrgTransfer" ADD CONSTRAINT "OrgTransfer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgTransfer" ADD CONSTRAINT "OrgTransfer_fromOrgId_fkey" FOREIGN KEY ("fromOrgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgTransfer" ADD CONSTRAINT "OrgTransfer_toOrgId_fkey" FOREIGN KEY ("toOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgTransfer" ADD CONSTRAINT "OrgTransfer_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
