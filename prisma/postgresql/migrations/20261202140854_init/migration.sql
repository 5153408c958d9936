-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'OPERATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "DeviceStatus" AS ENUM ('down', 'unauthorized', 'unknown', 'up');

-- CreateEnum
CREATE TYPE "ChangeStatus" AS ENUM ('APPLIED', 'APPLYING', 'APPROVED', 'CANCELLED', 'CONFLICT', 'FAILED', 'NEEDS_ATTENTION', 'PENDING', 'REJECTED', 'ROLLED_BACK', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "ChangeTargetStatus" AS ENUM ('PENDING', 'APPLYING', 'APPLIED', 'CONFLICT', 'FAILED', 'ROLLED_BACK', 'NEEDS_ATTENTION', 'SKIPPED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "clientIp" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RouterNetwork" (
    "id" TEXT NOT NULL,
    "cidr" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "RouterNetwork_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "apiUrl" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordSealed" TEXT NOT NULL,
    "tlsFingerprint" TEXT,
    "caPem" TEXT,
    "pollIntervalSec" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
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
    "status" "DeviceStatus" NOT NULL DEFAULT 'unknown',
    "lastPollAt" TIMESTAMP(3),
    "lastOkAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastPollMs" INTEGER,
    "macTelnetAllowedList" TEXT,
    "macWinboxAllowedList" TEXT,
    "macPingEnabled" BOOLEAN,
    "pollLeaseOwner" TEXT,
    "pollLeaseUntil" TIMESTAMP(3),
    "nextPollAt" TIMESTAMP(3),

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceTag" (
    "deviceId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "DeviceTag_pkey" PRIMARY KEY ("deviceId","tag")
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MacvlanInterface_pkey" PRIMARY KEY ("deviceId","name")
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MacsecInterface_pkey" PRIMARY KEY ("deviceId","name")
);

-- CreateTable
CREATE TABLE "MacServerSession" (
    "deviceId" TEXT NOT NULL,
    "srcAddress" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "uptimeSec" INTEGER NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MacServerSession_pkey" PRIMARY KEY ("deviceId","srcAddress","interface")
);

-- CreateTable
CREATE TABLE "MetricSample" (
    "id" SERIAL NOT NULL,
    "deviceId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "series" TEXT NOT NULL DEFAULT '',
    "ts" TIMESTAMP(3) NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "values" TEXT NOT NULL,
    "status" TEXT,

    CONSTRAINT "MetricSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CounterSnapshot" (
    "deviceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "values" TEXT NOT NULL,

    CONSTRAINT "CounterSnapshot_pkey" PRIMARY KEY ("deviceId","kind","name")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "secretsSealed" TEXT,
    "hash" TEXT NOT NULL,
    "status" "ChangeStatus" NOT NULL DEFAULT 'PENDING',
    "allowManagementCut" BOOLEAN NOT NULL DEFAULT false,
    "proposedById" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionComment" TEXT,
    "approvedHash" TEXT,
    "windowStart" TIMESTAMP(3),
    "windowEnd" TIMESTAMP(3),
    "claimOwner" TEXT,
    "claimUntil" TIMESTAMP(3),
    "applyStartedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeTarget" (
    "id" TEXT NOT NULL,
    "changeRequestId" TEXT NOT NULL,
    "deviceId" TEXT,
    "deviceName" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "baseState" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "status" "ChangeTargetStatus" NOT NULL DEFAULT 'PENDING',
    "steps" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ChangeTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceChangeLock" (
    "deviceId" TEXT NOT NULL,
    "changeRequestId" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceChangeLock_pkey" PRIMARY KEY ("deviceId")
);

-- CreateTable
CREATE TABLE "StatusShareLink" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "StatusShareLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RouterNetwork_cidr_key" ON "RouterNetwork"("cidr");

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
CREATE INDEX "MetricSample_deviceId_metric_resolution_ts_idx" ON "MetricSample"("deviceId", "metric", "resolution", "ts");

-- CreateIndex
CREATE INDEX "MetricSample_metric_resolution_ts_idx" ON "MetricSample"("metric", "resolution", "ts");

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

-- CreateIndex
CREATE INDEX "ChangeRequest_status_windowStart_idx" ON "ChangeRequest"("status", "windowStart");

-- CreateIndex
CREATE INDEX "ChangeRequest_proposedAt_idx" ON "ChangeRequest"("proposedAt");

-- CreateIndex
CREATE INDEX "ChangeTarget_deviceId_status_idx" ON "ChangeTarget"("deviceId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeTarget_changeRequestId_deviceId_key" ON "ChangeTarget"("changeRequestId", "deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "StatusShareLink_tokenHash_key" ON "StatusShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "StatusShareLink_siteId_idx" ON "StatusShareLink"("siteId");

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceTag" ADD CONSTRAINT "DeviceTag_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MacvlanInterface" ADD CONSTRAINT "MacvlanInterface_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MacsecInterface" ADD CONSTRAINT "MacsecInterface_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MacServerSession" ADD CONSTRAINT "MacServerSession_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CounterSnapshot" ADD CONSTRAINT "CounterSnapshot_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeTarget" ADD CONSTRAINT "ChangeTarget_changeRequestId_fkey" FOREIGN KEY ("changeRequestId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeTarget" ADD CONSTRAINT "ChangeTarget_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceChangeLock" ADD CONSTRAINT "DeviceChangeLock_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusShareLink" ADD CONSTRAINT "StatusShareLink_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The audit log is append-only, as in the SQLite migrations (20261121000000_init, 20261122010326_session_version_and_audit_no_replace):
-- UPDATE and DELETE of an event are refused, and so is an INSERT that collides with an existing event's id,
-- prevHash or hash. TRUNCATE, which skips row triggers in PostgreSQL (SQLite has none), is refused too.
CREATE FUNCTION "AuditEvent_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditEvent is append-only';
END;
$$;

CREATE FUNCTION "AuditEvent_refuse_replace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "AuditEvent" WHERE "id" = NEW."id" OR "prevHash" = NEW."prevHash" OR "hash" = NEW."hash") THEN
        RAISE EXCEPTION 'AuditEvent is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_refuse"();

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_refuse"();

CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "AuditEvent_refuse"();

CREATE TRIGGER "AuditEvent_no_replace" BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_refuse_replace"();
