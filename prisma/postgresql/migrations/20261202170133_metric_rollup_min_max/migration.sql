-- Rollups (resolution 300, 3600 and 86400) keep each field's minimum and maximum of their bucket next to the average
-- in "values" (lib/metrics/rollup.ts). PostgreSQL twin of prisma/migrations/20261202170133_metric_rollup_min_max.

-- AlterTable
ALTER TABLE "MetricSample" ADD COLUMN "maxValues" TEXT,
ADD COLUMN "minValues" TEXT;
