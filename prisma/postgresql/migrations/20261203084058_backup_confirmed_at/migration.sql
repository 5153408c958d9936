-- AlterTable
ALTER TABLE "ConfigBackup" ADD COLUMN     "confirmedAt" TIMESTAMP(3);

