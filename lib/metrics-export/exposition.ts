import "server-only";
import { Gauge, Registry } from "prom-client";
import type { Db } from "../db-client";
import { fleetRegistry } from "./fleet-series";
import { aggregateWorkerSnapshots } from "./worker-health";

/** A `GET /metrics` answer: the Prometheus text exposition format and its content type (from the registry). */
export interface MetricsExposition {
  body: string;
  contentType: string;
}

/**
 * Renders every series of `GET /metrics` at `now`: the fleet's series read from the database (./fleet-series.ts), the
 * workers' poll health summed over their fresh snapshots (./worker-health.ts) and `routeros_noc_workers` (workers whose
 * snapshot is fresh), merged into one registry (prom-client Registry.merge: metric names never collide).
 * @throws database errors
 */
export async function renderMetrics(db: Db, now: Date = new Date()): Promise<MetricsExposition> {
  const [fleet, workers] = await Promise.all([fleetRegistry(db, now), aggregateWorkerSnapshots(db, now)]);
  const own = new Registry();
  new Gauge({ name: "routeros_noc_workers", help: "Worker processes whose metrics snapshot is fresh (written within the last minute).", registers: [own] }).set(
    workers.workers,
  );
  const merged = Registry.merge([fleet, workers.registry, own]);
  return { body: await merged.metrics(), contentType: merged.contentType };
}
