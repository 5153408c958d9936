-- Compact metric storage (lib/metrics/store.ts): one SampleSeries row per (device, metric, series), and samples keyed
-- by (seriesId, resolution, ts) with ts in milliseconds since the epoch (UTC) and one typed column per field (v<i>,
-- lo<i>, hi<i>: the descriptor's field number i, lib/metrics/descriptors.ts) instead of JSON text. Existing samples are
-- copied: their JSON fields of the metrics of this release, in descriptor order (listed per metric below).
-- SQLite: WITHOUT ROWID, so the table itself is the primary key's B-tree: a series' rows are stored together in time
-- order (a chart reads neighbouring pages) and no second copy of the key is kept in a separate index.

-- CreateTable
CREATE TABLE "SampleSeries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "series" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "SampleSeries_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SampleSeries_metric_idx" ON "SampleSeries"("metric");

-- CreateIndex
CREATE UNIQUE INDEX "SampleSeries_deviceId_metric_series_key" ON "SampleSeries"("deviceId", "metric", "series");

INSERT INTO "SampleSeries" ("deviceId", "metric", "series") SELECT DISTINCT "deviceId", "metric", "series" FROM "MetricSample" ORDER BY 1, 2, 3;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MetricSample" (
    "seriesId" INTEGER NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "ts" BIGINT NOT NULL,
    "status" TEXT,
    "v0" REAL,
    "v1" REAL,
    "v2" REAL,
    "v3" REAL,
    "v4" REAL,
    "v5" REAL,
    "v6" REAL,
    "v7" REAL,
    "v8" REAL,
    "lo0" REAL,
    "lo1" REAL,
    "lo2" REAL,
    "lo3" REAL,
    "lo4" REAL,
    "lo5" REAL,
    "lo6" REAL,
    "lo7" REAL,
    "lo8" REAL,
    "hi0" REAL,
    "hi1" REAL,
    "hi2" REAL,
    "hi3" REAL,
    "hi4" REAL,
    "hi5" REAL,
    "hi6" REAL,
    "hi7" REAL,
    "hi8" REAL,

    PRIMARY KEY ("seriesId", "resolution", "ts"),
    CONSTRAINT "MetricSample_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "SampleSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- mac-server-sessions: sessions -> v0
INSERT OR IGNORE INTO "new_MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", CASE WHEN typeof(m."ts") = 'integer' THEN m."ts" ELSE CAST(ROUND((julianday(m."ts") - 2440587.5) * 86400000) AS INTEGER) END, m."status",
  json_extract(m."values", '$.sessions'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."minValues", '$.sessions'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."maxValues", '$.sessions'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'mac-server-sessions';

-- macvlan-traffic: rxBitsPerSecond -> v0, txBitsPerSecond -> v1, rxPacketsPerSecond -> v2, txPacketsPerSecond -> v3
INSERT OR IGNORE INTO "new_MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", CASE WHEN typeof(m."ts") = 'integer' THEN m."ts" ELSE CAST(ROUND((julianday(m."ts") - 2440587.5) * 86400000) AS INTEGER) END, m."status",
  json_extract(m."values", '$.rxBitsPerSecond'),
  json_extract(m."values", '$.txBitsPerSecond'),
  json_extract(m."values", '$.rxPacketsPerSecond'),
  json_extract(m."values", '$.txPacketsPerSecond'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."minValues", '$.rxBitsPerSecond'),
  json_extract(m."minValues", '$.txBitsPerSecond'),
  json_extract(m."minValues", '$.rxPacketsPerSecond'),
  json_extract(m."minValues", '$.txPacketsPerSecond'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."maxValues", '$.rxBitsPerSecond'),
  json_extract(m."maxValues", '$.txBitsPerSecond'),
  json_extract(m."maxValues", '$.rxPacketsPerSecond'),
  json_extract(m."maxValues", '$.txPacketsPerSecond'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'macvlan-traffic';

-- macsec-traffic: rxBitsPerSecond -> v0, txBitsPerSecond -> v1, rxPacketsPerSecond -> v2, txPacketsPerSecond -> v3
INSERT OR IGNORE INTO "new_MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", CASE WHEN typeof(m."ts") = 'integer' THEN m."ts" ELSE CAST(ROUND((julianday(m."ts") - 2440587.5) * 86400000) AS INTEGER) END, m."status",
  json_extract(m."values", '$.rxBitsPerSecond'),
  json_extract(m."values", '$.txBitsPerSecond'),
  json_extract(m."values", '$.rxPacketsPerSecond'),
  json_extract(m."values", '$.txPacketsPerSecond'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."minValues", '$.rxBitsPerSecond'),
  json_extract(m."minValues", '$.txBitsPerSecond'),
  json_extract(m."minValues", '$.rxPacketsPerSecond'),
  json_extract(m."minValues", '$.txPacketsPerSecond'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."maxValues", '$.rxBitsPerSecond'),
  json_extract(m."maxValues", '$.txBitsPerSecond'),
  json_extract(m."maxValues", '$.rxPacketsPerSecond'),
  json_extract(m."maxValues", '$.txPacketsPerSecond'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'macsec-traffic';

-- macsec-stats: outPktsProtected -> v0, outPktsEncrypted -> v1, inPktsOk -> v2, inPktsInvalid -> v3, inPktsNotValid -> v4, inPktsLate -> v5, inPktsNoTag -> v6, inPktsBadTag -> v7, inPktsUnknownSci -> v8
INSERT OR IGNORE INTO "new_MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", CASE WHEN typeof(m."ts") = 'integer' THEN m."ts" ELSE CAST(ROUND((julianday(m."ts") - 2440587.5) * 86400000) AS INTEGER) END, m."status",
  json_extract(m."values", '$.outPktsProtected'),
  json_extract(m."values", '$.outPktsEncrypted'),
  json_extract(m."values", '$.inPktsOk'),
  json_extract(m."values", '$.inPktsInvalid'),
  json_extract(m."values", '$.inPktsNotValid'),
  json_extract(m."values", '$.inPktsLate'),
  json_extract(m."values", '$.inPktsNoTag'),
  json_extract(m."values", '$.inPktsBadTag'),
  json_extract(m."values", '$.inPktsUnknownSci'),
  json_extract(m."minValues", '$.outPktsProtected'),
  json_extract(m."minValues", '$.outPktsEncrypted'),
  json_extract(m."minValues", '$.inPktsOk'),
  json_extract(m."minValues", '$.inPktsInvalid'),
  json_extract(m."minValues", '$.inPktsNotValid'),
  json_extract(m."minValues", '$.inPktsLate'),
  json_extract(m."minValues", '$.inPktsNoTag'),
  json_extract(m."minValues", '$.inPktsBadTag'),
  json_extract(m."minValues", '$.inPktsUnknownSci'),
  json_extract(m."maxValues", '$.outPktsProtected'),
  json_extract(m."maxValues", '$.outPktsEncrypted'),
  json_extract(m."maxValues", '$.inPktsOk'),
  json_extract(m."maxValues", '$.inPktsInvalid'),
  json_extract(m."maxValues", '$.inPktsNotValid'),
  json_extract(m."maxValues", '$.inPktsLate'),
  json_extract(m."maxValues", '$.inPktsNoTag'),
  json_extract(m."maxValues", '$.inPktsBadTag'),
  json_extract(m."maxValues", '$.inPktsUnknownSci')
FROM "MetricSample" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'macsec-stats';

-- cpu-load: cpuLoad -> v0
INSERT OR IGNORE INTO "new_MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", CASE WHEN typeof(m."ts") = 'integer' THEN m."ts" ELSE CAST(ROUND((julianday(m."ts") - 2440587.5) * 86400000) AS INTEGER) END, m."status",
  json_extract(m."values", '$.cpuLoad'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."minValues", '$.cpuLoad'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."maxValues", '$.cpuLoad'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'cpu-load';

-- memory: usedMemory -> v0, totalMemory -> v1
INSERT OR IGNORE INTO "new_MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", CASE WHEN typeof(m."ts") = 'integer' THEN m."ts" ELSE CAST(ROUND((julianday(m."ts") - 2440587.5) * 86400000) AS INTEGER) END, m."status",
  json_extract(m."values", '$.usedMemory'),
  json_extract(m."values", '$.totalMemory'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."minValues", '$.usedMemory'),
  json_extract(m."minValues", '$.totalMemory'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  json_extract(m."maxValues", '$.usedMemory'),
  json_extract(m."maxValues", '$.totalMemory'),
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'memory';

DROP TABLE "MetricSample";
ALTER TABLE "new_MetricSample" RENAME TO "MetricSample";
CREATE INDEX "MetricSample_resolution_ts_idx" ON "MetricSample"("resolution", "ts");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
