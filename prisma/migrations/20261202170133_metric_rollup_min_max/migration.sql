-- Rollups (resolution 300 and 3600) keep each field's minimum and maximum of their bucket next to the average in
-- "values" (lib/metrics/rollup.ts). Added columns only: no table rebuild; rows written before stay null (no band).

-- AlterTable
ALTER TABLE "MetricSample" ADD COLUMN "maxValues" TEXT;
ALTER TABLE "MetricSample" ADD COLUMN "minValues" TEXT;

