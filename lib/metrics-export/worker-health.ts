import "server-only";
import { AggregatorRegistry, Counter, Histogram, Registry } from "prom-client";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { log } from "../log";
import type { DevicePollResult } from "../polling/poll-device";

/**
 * The product's own health, measured where the poller runs (the worker process) and served by the web process's
 * `GET /metrics`: each worker keeps real prom-client histograms and counters in its own Registry, observes every
 * finished poll cycle (the poller's onCycleDone), and writes `registry.getMetricsAsJSON()` every
 * WORKER_SNAPSHOT_INTERVAL_MS into MetricsWorkerSnapshot (one row per worker run). A scrape sums the rows written
 * within WORKER_SNAPSHOT_MAX_AGE_MS with prom-client's AggregatorRegistry.aggregate (counters and histogram buckets
 * add up across workers); rows of dead workers are left out, then deleted after WORKER_SNAPSHOT_KEEP_MS.
 */

/** How often a worker writes its snapshot (ms). */
export const WORKER_SNAPSHOT_INTERVAL_MS = 15_000;
/** A snapshot older than this (ms) is a dead worker's: left out of scrapes. */
export const WORKER_SNAPSHOT_MAX_AGE_MS = 60_000;
/** Snapshots older than this (ms) are deleted when a worker writes its own. */
const WORKER_SNAPSHOT_KEEP_MS = 3_600_000;

/** Poll cycle duration buckets, seconds (a healthy router answers in well under a second; the deadline is seconds). */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Poll lateness buckets, seconds (how long after its nextPollAt a cycle started). */
const LATENESS_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** A worker's poll metrics: its own Registry and the observer to pass to the poller. */
export interface PollHealth {
  registry: Registry;
  /** Records one finished cycle: duration (`ms`), lateness (`startedAt − dueAt`, when it had a due time), status, failure class. */
  observe(result: DevicePollResult): void;
}

/**
 * A fresh set of poll metrics in a registry of its own (never prom-client's global default):
 * `routeros_noc_poll_duration_seconds` (histogram of DevicePollResult.ms / 1000), `routeros_noc_poll_lateness_seconds`
 * (histogram, cycles that had a due time), `routeros_noc_polls_total{status}` and
 * `routeros_noc_poll_failures_total{class}` (DevicePollResult.failure: the RouterOS client error kind, `deadline`, ...).
 */
export function createPollHealth(): PollHealth {
  const registry = new Registry();
  const registers = [registry];
  const duration = new Histogram({
    name: "routeros_noc_poll_duration_seconds",
    help: "Poll cycle duration (router reads), seconds.",
    buckets: DURATION_BUCKETS,
    registers,
  });
  const lateness = new Histogram({
    name: "routeros_noc_poll_lateness_seconds",
    help: "How late a poll cycle started after its device's nextPollAt, seconds.",
    buckets: LATENESS_BUCKETS,
    registers,
  });
  const polls = new Counter({
    name: "routeros_noc_polls_total",
    help: "Finished poll cycles by resulting device status.",
    labelNames: ["status"] as const,
    registers,
  });
  const failures = new Counter({
    name: "routeros_noc_poll_failures_total",
    help: "Failed poll cycles by failure class.",
    labelNames: ["class"] as const,
    registers,
  });
  return {
    registry,
    observe(result) {
      duration.observe(result.ms / 1000);
      if (result.dueAt) lateness.observe(Math.max(0, result.startedAt.getTime() - result.dueAt.getTime()) / 1000);
      polls.inc({ status: result.status });
      if (result.failure !== null) failures.inc({ class: result.failure });
    },
  };
}

/** Writes (replaces) the snapshot of worker `runId` at `now` and deletes long-dead workers' rows, in one write transaction. */
export async function writeWorkerSnapshot(db: Db, runId: string, registry: Registry, now: Date = new Date()): Promise<void> {
  const metrics = JSON.stringify(await registry.getMetricsAsJSON());
  await writeTransaction(db, async (tx) => {
    await tx.metricsWorkerSnapshot.upsert({ where: { runId }, create: { runId, metrics, updatedAt: now }, update: { metrics, updatedAt: now } });
    await tx.metricsWorkerSnapshot.deleteMany({ where: { updatedAt: { lt: new Date(now.getTime() - WORKER_SNAPSHOT_KEEP_MS) } } });
  });
}

/**
 * The workers' metrics summed: a Registry from AggregatorRegistry.aggregate over the snapshots written within
 * WORKER_SNAPSHOT_MAX_AGE_MS of `now`, and how many workers that is.
 */
export async function aggregateWorkerSnapshots(db: Db, now: Date = new Date()): Promise<{ registry: Registry; workers: number }> {
  const rows = await db.metricsWorkerSnapshot.findMany({
    where: { updatedAt: { gte: new Date(now.getTime() - WORKER_SNAPSHOT_MAX_AGE_MS) } },
    select: { metrics: true },
    orderBy: { runId: "asc" },
  });
  const parsed = rows.map((r): unknown => JSON.parse(r.metrics)).filter((m): m is object[] => Array.isArray(m));
  return { registry: AggregatorRegistry.aggregate(parsed), workers: parsed.length };
}

/** A running snapshot loop. */
export interface WorkerSnapshotter {
  /** Stops the timer and writes a last snapshot. */
  stop(): Promise<void>;
}

/**
 * Writes worker `runId`'s snapshot now and every `intervalMs` (default WORKER_SNAPSHOT_INTERVAL_MS) until stopped.
 * A failed write is logged and retried at the next tick.
 */
export function startWorkerSnapshots(opts: { db: Db; runId: string; registry: Registry; intervalMs?: number }): WorkerSnapshotter {
  let inFlight: Promise<void> = Promise.resolve();
  const write = () => {
    inFlight = inFlight
      .then(() => writeWorkerSnapshot(opts.db, opts.runId, opts.registry))
      .catch((err: unknown) => log.error({ err }, "worker metrics: snapshot failed"));
    return inFlight;
  };
  void write();
  const timer = setInterval(() => void write(), opts.intervalMs ?? WORKER_SNAPSHOT_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await write();
    },
  };
}
