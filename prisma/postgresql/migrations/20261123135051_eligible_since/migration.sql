-- AlterTable
ALTER TABLE "EligibilityResult" ADD COLUMN     "eligibleSince" TIMESTAMP(3);
