-- AlterTable
ALTER TABLE "Password" ADD COLUMN     "mustChange" BOOLEAN NOT NULL DEFAULT false;
