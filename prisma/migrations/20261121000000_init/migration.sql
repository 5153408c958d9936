-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'VIEWER',
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "apiUrl" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordSealed" TEXT NOT NULL,
    "tlsFingerprint" TEXT,
    "caPem" TEXT,
    "pollIntervalSec" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "identity" TEXT,
    "boardName" TEXT,
    "model" TEXT,
    "serialNumber" TEXT,
    "architecture" TEXT,
    "version" TEXT,
    "uptimeSec" INTEGER,
    "cpuLoad" INTEGER,
    "freeMemory" BIGINT,
    "totalMemory" BIGINT,
    "status" TEXT NOT NULL DEFAULT 'unknown',
    "lastPollAt" DATETIME,
    "lastOkAt" DATETIME,
    "lastError" TEXT,
    "lastPollMs" INTEGER,
    "macTelnetAllowedList" TEXT,
    "macWinboxAllowedList" TEXT,
    "macPingEnabled" BOOLEAN,
    "pollLeaseOwner" TEXT,
    "pollLeaseUntil" DATETIME,
    "nextPollAt" DATETIME,
    CONSTRAINT "Device_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeviceTag" (
    "deviceId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("deviceId", "tag"),
    CONSTRAINT "DeviceTag_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MacvlanInterface" (
    "deviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent" TEXT NOT NULL,
    "macAddress" TEXT,
    "mode" TEXT NOT NULL,
    "mtu" INTEGER,
    "running" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "comment" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("deviceId", "name"),
    CONSTRAINT "MacvlanInterface_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MacsecInterface" (
    "deviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent" TEXT NOT NULL,
    "ckn" TEXT,
    "profile" TEXT,
    "status" TEXT,
    "mtu" INTEGER,
    "running" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "comment" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("deviceId", "name"),
    CONSTRAINT "MacsecInterface_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MacServerSession" (
    "deviceId" TEXT NOT NULL,
    "srcAddress" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "uptimeSec" INTEGER NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,

    PRIMARY KEY ("deviceId", "srcAddress", "interface"),
    CONSTRAINT "MacServerSession_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MacServerSessionSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "ts" DATETIME NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "count" REAL NOT NULL,
    CONSTRAINT "MacServerSessionSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InterfaceTrafficSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "ts" DATETIME NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "rxBps" REAL NOT NULL,
    "txBps" REAL NOT NULL,
    "rxPps" REAL NOT NULL,
    "txPps" REAL NOT NULL,
    CONSTRAINT "InterfaceTrafficSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MacsecSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "ts" DATETIME NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT,
    "outPktsProtected" REAL,
    "outPktsEncrypted" REAL,
    "inPktsOk" REAL,
    "inPktsInvalid" REAL,
    "inPktsNotValid" REAL,
    "inPktsLate" REAL,
    "inPktsNoTag" REAL,
    "inPktsBadTag" REAL,
    "inPktsUnknownSci" REAL,
    CONSTRAINT "MacsecSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CounterSnapshot" (
    "deviceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ts" DATETIME NOT NULL,
    "values" TEXT NOT NULL,

    PRIMARY KEY ("deviceId", "kind", "name"),
    CONSTRAINT "CounterSnapshot_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ts" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "before" TEXT,
    "after" TEXT,
    "requestId" TEXT,
    "clientIp" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Site_name_key" ON "Site"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Device_name_key" ON "Device"("name");

-- CreateIndex
CREATE INDEX "Device_siteId_idx" ON "Device"("siteId");

-- CreateIndex
CREATE INDEX "Device_status_idx" ON "Device"("status");

-- CreateIndex
CREATE INDEX "Device_nextPollAt_idx" ON "Device"("nextPollAt");

-- CreateIndex
CREATE INDEX "DeviceTag_tag_idx" ON "DeviceTag"("tag");

-- CreateIndex
CREATE INDEX "MacServerSessionSample_deviceId_resolution_ts_idx" ON "MacServerSessionSample"("deviceId", "resolution", "ts");

-- CreateIndex
CREATE INDEX "MacServerSessionSample_resolution_ts_idx" ON "MacServerSessionSample"("resolution", "ts");

-- CreateIndex
CREATE INDEX "InterfaceTrafficSample_deviceId_interface_resolution_ts_idx" ON "InterfaceTrafficSample"("deviceId", "interface", "resolution", "ts");

-- CreateIndex
CREATE INDEX "InterfaceTrafficSample_resolution_ts_idx" ON "InterfaceTrafficSample"("resolution", "ts");

-- CreateIndex
CREATE INDEX "MacsecSample_deviceId_interface_resolution_ts_idx" ON "MacsecSample"("deviceId", "interface", "resolution", "ts");

-- CreateIndex
CREATE INDEX "MacsecSample_resolution_ts_idx" ON "MacsecSample"("resolution", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_prevHash_key" ON "AuditEvent"("prevHash");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_ts_idx" ON "AuditEvent"("ts");

-- CreateIndex
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- The audit log is append-only: the database itself refuses UPDATE and DELETE.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
