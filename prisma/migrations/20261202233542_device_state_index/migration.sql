-- DropIndex
DROP INDEX "Device_status_idx";

-- CreateIndex
CREATE INDEX "Device_status_enabled_pollIntervalSec_lastOkAt_idx" ON "Device"("status", "enabled", "pollIntervalSec", "lastOkAt");
