-- AlterTable
ALTER TABLE "ConfigBackup" ADD COLUMN "confirmedAt" DATETIME;

