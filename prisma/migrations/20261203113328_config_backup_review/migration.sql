-- AlterTable
ALTER TABLE "ConfigBackup" ADD COLUMN "reviewedAt" DATETIME;
ALTER TABLE "ConfigBackup" ADD COLUMN "reviewedById" TEXT;

