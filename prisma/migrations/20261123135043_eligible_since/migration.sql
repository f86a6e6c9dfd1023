-- AlterTable
ALTER TABLE "EligibilityResult" ADD COLUMN "eligibleSince" DATETIME;
