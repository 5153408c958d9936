-- CreateTable
CREATE TABLE "ConfigBackup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "trigger" TEXT NOT NULL,
    "changeRequestId" TEXT,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "linesAdded" INTEGER NOT NULL,
    "linesRemoved" INTEGER NOT NULL,
    "content" BLOB NOT NULL,
    "sealed" BOOLEAN NOT NULL DEFAULT false,
    "routerVersion" TEXT,
    "outsideChange" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ConfigBackup_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConfigBackupDevice" (
    "deviceId" TEXT NOT NULL PRIMARY KEY,
    "includeSecrets" BOOLEAN NOT NULL DEFAULT false,
    "intervalHours" INTEGER,
    "keepVersions" INTEGER,
    "keepDays" INTEGER,
    "lastAttemptAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastError" TEXT,
    CONSTRAINT "ConfigBackupDevice_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConfigBackupSite" (
    "siteId" TEXT NOT NULL PRIMARY KEY,
    "intervalHours" INTEGER,
    "keepVersions" INTEGER,
    "keepDays" INTEGER,
    CONSTRAINT "ConfigBackupSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ConfigBackup_deviceId_takenAt_idx" ON "ConfigBackup"("deviceId", "takenAt");

-- CreateIndex
CREATE INDEX "ConfigBackup_outsideChange_takenAt_idx" ON "ConfigBackup"("outsideChange", "takenAt");

