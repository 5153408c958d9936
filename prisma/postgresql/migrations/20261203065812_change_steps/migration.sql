-- DropIndex
DROP INDEX "ChangeTarget_changeRequestId_deviceId_key";

-- CreateIndex
CREATE INDEX "ChangeTarget_changeRequestId_deviceId_idx" ON "ChangeTarget"("changeRequestId", "deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeTarget_changeRequestId_position_key" ON "ChangeTarget"("changeRequestId", "position");

