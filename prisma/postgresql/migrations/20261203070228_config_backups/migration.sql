-- CreateEnum
CREATE TYPE "ConfigBackupTrigger" AS ENUM ('after_change', 'before_change', 'on_demand', 'scheduled');

-- CreateTable
CREATE TABLE "ConfigBackup" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "trigger" "ConfigBackupTrigger" NOT NULL,
    "changeRequestId" TEXT,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "linesAdded" INTEGER NOT NULL,
    "linesRemoved" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "sealed" BOOLEAN NOT NULL DEFAULT false,
    "routerVersion" TEXT,
    "outsideChange" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ConfigBackup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigBackupDevice" (
    "deviceId" TEXT NOT NULL,
    "includeSecrets" BOOLEAN NOT NULL DEFAULT false,
    "intervalHours" INTEGER,
    "keepVersions" INTEGER,
    "keepDays" INTEGER,
    "lastAttemptAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "ConfigBackupDevice_pkey" PRIMARY KEY ("deviceId")
);

-- CreateTable
CREATE TABLE "ConfigBackupSite" (
    "siteId" TEXT NOT NULL,
    "intervalHours" INTEGER,
    "keepVersions" INTEGER,
    "keepDays" INTEGER,

    CONSTRAINT "ConfigBackupSite_pkey" PRIMARY KEY ("siteId")
);

-- CreateIndex
CREATE INDEX "ConfigBackup_deviceId_takenAt_idx" ON "ConfigBackup"("deviceId", "takenAt");

-- CreateIndex
CREATE INDEX "ConfigBackup_outsideChange_takenAt_idx" ON "ConfigBackup"("outsideChange", "takenAt");

-- AddForeignKey
ALTER TABLE "ConfigBackup" ADD CONSTRAINT "ConfigBackup_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigBackupDevice" ADD CONSTRAINT "ConfigBackupDevice_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigBackupSite" ADD CONSTRAINT "ConfigBackupSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

