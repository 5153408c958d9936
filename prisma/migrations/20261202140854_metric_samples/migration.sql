-- One generic sample table for every chart metric (lib/metrics/descriptors.ts). The rows of the three
-- per-metric tables are moved, not dropped, so history keeps charting; values become a JSON object of
-- field -> number | null. InterfaceTrafficSample.rxBps/txBps held bits per second: they move to
-- rxBitsPerSecond/txBitsPerSecond (rxPps/txPps to rx/txPacketsPerSecond).

-- CreateTable
CREATE TABLE "MetricSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "series" TEXT NOT NULL DEFAULT '',
    "ts" DATETIME NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "values" TEXT NOT NULL,
    "status" TEXT,
    CONSTRAINT "MetricSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- MAC server session counts: one series per device.
INSERT INTO "MetricSample" ("deviceId", "metric", "series", "ts", "resolution", "values", "status")
SELECT "deviceId", 'mac-server-sessions', '', "ts", "resolution", json_object('sessions', "count"), NULL
FROM "MacServerSessionSample" ORDER BY "id";

-- Interface traffic: the old table held both types. An interface is MACsec when the device lists it in
-- /interface/macsec or keeps MACsec /interface counters for it; any other is MACVLAN.
INSERT INTO "MetricSample" ("deviceId", "metric", "series", "ts", "resolution", "values", "status")
SELECT s."deviceId",
       CASE WHEN EXISTS (SELECT 1 FROM "MacsecInterface" m WHERE m."deviceId" = s."deviceId" AND m."name" = s."interface")
              OR EXISTS (SELECT 1 FROM "CounterSnapshot" c WHERE c."deviceId" = s."deviceId" AND c."kind" = 'interface-macsec' AND c."name" = s."interface")
            THEN 'macsec-traffic' ELSE 'macvlan-traffic' END,
       s."interface", s."ts", s."resolution",
       json_object('rxBitsPerSecond', s."rxBps", 'txBitsPerSecond', s."txBps", 'rxPacketsPerSecond', s."rxPps", 'txPacketsPerSecond', s."txPps"),
       NULL
FROM "InterfaceTrafficSample" s ORDER BY s."id";

-- MACsec status and IEEE 802.1AE counter rates.
INSERT INTO "MetricSample" ("deviceId", "metric", "series", "ts", "resolution", "values", "status")
SELECT "deviceId", 'macsec-stats', "interface", "ts", "resolution",
       json_object('outPktsProtected', "outPktsProtected", 'outPktsEncrypted', "outPktsEncrypted", 'inPktsOk', "inPktsOk",
                   'inPktsInvalid', "inPktsInvalid", 'inPktsNotValid', "inPktsNotValid", 'inPktsLate', "inPktsLate",
                   'inPktsNoTag', "inPktsNoTag", 'inPktsBadTag', "inPktsBadTag", 'inPktsUnknownSci', "inPktsUnknownSci"),
       "status"
FROM "MacsecSample" ORDER BY "id";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "MacServerSessionSample";
PRAGMA foreign_keys=on;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "InterfaceTrafficSample";
PRAGMA foreign_keys=on;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "MacsecSample";
PRAGMA foreign_keys=on;

-- CreateIndex
CREATE INDEX "MetricSample_deviceId_metric_resolution_ts_idx" ON "MetricSample"("deviceId", "metric", "resolution", "ts");

-- CreateIndex
CREATE INDEX "MetricSample_metric_resolution_ts_idx" ON "MetricSample"("metric", "resolution", "ts");
