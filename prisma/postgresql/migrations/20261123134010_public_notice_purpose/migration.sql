-- AlterTable
ALTER TABLE "PublicNotice" ADD COLUMN     "objectionsCleared" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'ADMISSION';
