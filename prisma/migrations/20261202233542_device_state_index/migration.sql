-- CreateIndex
CREATE INDEX "Device_enabled_status_pollIntervalSec_lastOkAt_idx" ON "Device"("enabled", "status", "pollIntervalSec", "lastOkAt");

