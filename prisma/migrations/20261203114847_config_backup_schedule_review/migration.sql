-- AlterTable
ALTER TABLE "ConfigBackup" ADD COLUMN "reviewNote" TEXT;

-- AlterTable
ALTER TABLE "ConfigBackupDevice" ADD COLUMN "enabled" BOOLEAN;
ALTER TABLE "ConfigBackupDevice" ADD COLUMN "timeOfDayMin" INTEGER;

-- AlterTable
ALTER TABLE "ConfigBackupSite" ADD COLUMN "enabled" BOOLEAN;
ALTER TABLE "ConfigBackupSite" ADD COLUMN "timeOfDayMin" INTEGER;

