-- Compact metric storage (lib/metrics/store.ts): one SampleSeries row per (device, metric, series), and samples keyed
-- by (seriesId, resolution, ts) with ts in milliseconds since the epoch (UTC) and one typed column per field (v<i>,
-- lo<i>, hi<i>: the descriptor's field number i, lib/metrics/descriptors.ts) instead of JSON text. Existing samples are
-- copied: their JSON fields of the metrics of this release, in descriptor order (listed per metric below).
-- PostgreSQL twin of prisma/migrations/20261203034224_compact_metric_samples.

-- CreateTable
CREATE TABLE "SampleSeries" (
    "id" SERIAL NOT NULL,
    "deviceId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "series" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "SampleSeries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SampleSeries_metric_idx" ON "SampleSeries"("metric");

-- CreateIndex
CREATE UNIQUE INDEX "SampleSeries_deviceId_metric_series_key" ON "SampleSeries"("deviceId", "metric", "series");

-- AddForeignKey
ALTER TABLE "SampleSeries" ADD CONSTRAINT "SampleSeries_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "SampleSeries" ("deviceId", "metric", "series") SELECT DISTINCT "deviceId", "metric", "series" FROM "MetricSample" ORDER BY 1, 2, 3;

-- The old table, its constraints and indexes out of the way of the new names
ALTER TABLE "MetricSample" DROP CONSTRAINT "MetricSample_deviceId_fkey";
ALTER TABLE "MetricSample" DROP CONSTRAINT "MetricSample_pkey";
DROP INDEX "MetricSample_deviceId_metric_resolution_ts_idx";
DROP INDEX "MetricSample_metric_resolution_ts_idx";
ALTER TABLE "MetricSample" RENAME TO "MetricSample_old";

-- CreateTable
CREATE TABLE "MetricSample" (
    "seriesId" INTEGER NOT NULL,
    "resolution" INTEGER NOT NULL DEFAULT 0,
    "ts" BIGINT NOT NULL,
    "status" TEXT,
    "v0" DOUBLE PRECISION,
    "v1" DOUBLE PRECISION,
    "v2" DOUBLE PRECISION,
    "v3" DOUBLE PRECISION,
    "v4" DOUBLE PRECISION,
    "v5" DOUBLE PRECISION,
    "v6" DOUBLE PRECISION,
    "v7" DOUBLE PRECISION,
    "v8" DOUBLE PRECISION,
    "lo0" DOUBLE PRECISION,
    "lo1" DOUBLE PRECISION,
    "lo2" DOUBLE PRECISION,
    "lo3" DOUBLE PRECISION,
    "lo4" DOUBLE PRECISION,
    "lo5" DOUBLE PRECISION,
    "lo6" DOUBLE PRECISION,
    "lo7" DOUBLE PRECISION,
    "lo8" DOUBLE PRECISION,
    "hi0" DOUBLE PRECISION,
    "hi1" DOUBLE PRECISION,
    "hi2" DOUBLE PRECISION,
    "hi3" DOUBLE PRECISION,
    "hi4" DOUBLE PRECISION,
    "hi5" DOUBLE PRECISION,
    "hi6" DOUBLE PRECISION,
    "hi7" DOUBLE PRECISION,
    "hi8" DOUBLE PRECISION,

    CONSTRAINT "MetricSample_pkey" PRIMARY KEY ("seriesId","resolution","ts")
);

-- mac-server-sessions: sessions -> v0
INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", ROUND(EXTRACT(EPOCH FROM m."ts") * 1000)::bigint, m."status",
  (m."values"::jsonb ->> 'sessions')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."minValues"::jsonb ->> 'sessions')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."maxValues"::jsonb ->> 'sessions')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample_old" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'mac-server-sessions'
ON CONFLICT DO NOTHING;

-- macvlan-traffic: rxBitsPerSecond -> v0, txBitsPerSecond -> v1, rxPacketsPerSecond -> v2, txPacketsPerSecond -> v3
INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", ROUND(EXTRACT(EPOCH FROM m."ts") * 1000)::bigint, m."status",
  (m."values"::jsonb ->> 'rxBitsPerSecond')::double precision,
  (m."values"::jsonb ->> 'txBitsPerSecond')::double precision,
  (m."values"::jsonb ->> 'rxPacketsPerSecond')::double precision,
  (m."values"::jsonb ->> 'txPacketsPerSecond')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."minValues"::jsonb ->> 'rxBitsPerSecond')::double precision,
  (m."minValues"::jsonb ->> 'txBitsPerSecond')::double precision,
  (m."minValues"::jsonb ->> 'rxPacketsPerSecond')::double precision,
  (m."minValues"::jsonb ->> 'txPacketsPerSecond')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."maxValues"::jsonb ->> 'rxBitsPerSecond')::double precision,
  (m."maxValues"::jsonb ->> 'txBitsPerSecond')::double precision,
  (m."maxValues"::jsonb ->> 'rxPacketsPerSecond')::double precision,
  (m."maxValues"::jsonb ->> 'txPacketsPerSecond')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample_old" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'macvlan-traffic'
ON CONFLICT DO NOTHING;

-- macsec-traffic: rxBitsPerSecond -> v0, txBitsPerSecond -> v1, rxPacketsPerSecond -> v2, txPacketsPerSecond -> v3
INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", ROUND(EXTRACT(EPOCH FROM m."ts") * 1000)::bigint, m."status",
  (m."values"::jsonb ->> 'rxBitsPerSecond')::double precision,
  (m."values"::jsonb ->> 'txBitsPerSecond')::double precision,
  (m."values"::jsonb ->> 'rxPacketsPerSecond')::double precision,
  (m."values"::jsonb ->> 'txPacketsPerSecond')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."minValues"::jsonb ->> 'rxBitsPerSecond')::double precision,
  (m."minValues"::jsonb ->> 'txBitsPerSecond')::double precision,
  (m."minValues"::jsonb ->> 'rxPacketsPerSecond')::double precision,
  (m."minValues"::jsonb ->> 'txPacketsPerSecond')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."maxValues"::jsonb ->> 'rxBitsPerSecond')::double precision,
  (m."maxValues"::jsonb ->> 'txBitsPerSecond')::double precision,
  (m."maxValues"::jsonb ->> 'rxPacketsPerSecond')::double precision,
  (m."maxValues"::jsonb ->> 'txPacketsPerSecond')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample_old" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'macsec-traffic'
ON CONFLICT DO NOTHING;

-- macsec-stats: outPktsProtected -> v0, outPktsEncrypted -> v1, inPktsOk -> v2, inPktsInvalid -> v3, inPktsNotValid -> v4, inPktsLate -> v5, inPktsNoTag -> v6, inPktsBadTag -> v7, inPktsUnknownSci -> v8
INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", ROUND(EXTRACT(EPOCH FROM m."ts") * 1000)::bigint, m."status",
  (m."values"::jsonb ->> 'outPktsProtected')::double precision,
  (m."values"::jsonb ->> 'outPktsEncrypted')::double precision,
  (m."values"::jsonb ->> 'inPktsOk')::double precision,
  (m."values"::jsonb ->> 'inPktsInvalid')::double precision,
  (m."values"::jsonb ->> 'inPktsNotValid')::double precision,
  (m."values"::jsonb ->> 'inPktsLate')::double precision,
  (m."values"::jsonb ->> 'inPktsNoTag')::double precision,
  (m."values"::jsonb ->> 'inPktsBadTag')::double precision,
  (m."values"::jsonb ->> 'inPktsUnknownSci')::double precision,
  (m."minValues"::jsonb ->> 'outPktsProtected')::double precision,
  (m."minValues"::jsonb ->> 'outPktsEncrypted')::double precision,
  (m."minValues"::jsonb ->> 'inPktsOk')::double precision,
  (m."minValues"::jsonb ->> 'inPktsInvalid')::double precision,
  (m."minValues"::jsonb ->> 'inPktsNotValid')::double precision,
  (m."minValues"::jsonb ->> 'inPktsLate')::double precision,
  (m."minValues"::jsonb ->> 'inPktsNoTag')::double precision,
  (m."minValues"::jsonb ->> 'inPktsBadTag')::double precision,
  (m."minValues"::jsonb ->> 'inPktsUnknownSci')::double precision,
  (m."maxValues"::jsonb ->> 'outPktsProtected')::double precision,
  (m."maxValues"::jsonb ->> 'outPktsEncrypted')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsOk')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsInvalid')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsNotValid')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsLate')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsNoTag')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsBadTag')::double precision,
  (m."maxValues"::jsonb ->> 'inPktsUnknownSci')::double precision
FROM "MetricSample_old" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'macsec-stats'
ON CONFLICT DO NOTHING;

-- cpu-load: cpuLoad -> v0
INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", ROUND(EXTRACT(EPOCH FROM m."ts") * 1000)::bigint, m."status",
  (m."values"::jsonb ->> 'cpuLoad')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."minValues"::jsonb ->> 'cpuLoad')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."maxValues"::jsonb ->> 'cpuLoad')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample_old" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'cpu-load'
ON CONFLICT DO NOTHING;

-- memory: usedMemory -> v0, totalMemory -> v1
INSERT INTO "MetricSample" ("seriesId", "resolution", "ts", "status", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "lo0", "lo1", "lo2", "lo3", "lo4", "lo5", "lo6", "lo7", "lo8", "hi0", "hi1", "hi2", "hi3", "hi4", "hi5", "hi6", "hi7", "hi8")
SELECT s."id", m."resolution", ROUND(EXTRACT(EPOCH FROM m."ts") * 1000)::bigint, m."status",
  (m."values"::jsonb ->> 'usedMemory')::double precision,
  (m."values"::jsonb ->> 'totalMemory')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."minValues"::jsonb ->> 'usedMemory')::double precision,
  (m."minValues"::jsonb ->> 'totalMemory')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  (m."maxValues"::jsonb ->> 'usedMemory')::double precision,
  (m."maxValues"::jsonb ->> 'totalMemory')::double precision,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL
FROM "MetricSample_old" m
JOIN "SampleSeries" s ON s."deviceId" = m."deviceId" AND s."metric" = m."metric" AND s."series" = m."series"
WHERE m."metric" = 'memory'
ON CONFLICT DO NOTHING;

DROP TABLE "MetricSample_old";

-- CreateIndex
CREATE INDEX "MetricSample_resolution_ts_idx" ON "MetricSample"("resolution", "ts");

-- AddForeignKey
ALTER TABLE "MetricSample" ADD CONSTRAINT "MetricSample_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "SampleSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
