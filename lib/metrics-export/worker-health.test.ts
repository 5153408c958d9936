import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zeroPerMetric } from "../metrics/descriptors";
import type { DevicePollResult } from "../polling/poll-device";
import { createTestDb, type TestDb } from "../testing/test-db";
import { aggregateWorkerSnapshots, createPollHealth, WORKER_SNAPSHOT_MAX_AGE_MS, writeWorkerSnapshot } from "./worker-health";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

const NOW = new Date("2026-12-03T12:00:00Z");

/** A finished cycle of `ms` milliseconds that started `lateSec` seconds after it was due. */
function cycle(status: DevicePollResult["status"], ms: number, lateSec: number, failure: string | null = null): DevicePollResult {
  const startedAt = new Date(NOW.getTime() - 60_000);
  return {
    deviceId: "d",
    name: "r",
    status,
    error: failure,
    startedAt,
    finishedAt: startedAt,
    ms,
    samples: zeroPerMetric(),
    dbWriteMs: 1,
    dueAt: new Date(startedAt.getTime() - lateSec * 1000),
    fullRead: false,
    failure,
  };
}

/** prom-client's JSON: a histogram's values name their series (`<name>_bucket`, `_sum`, `_count`) in `metricName`. */
type JsonMetric = { name: string; values: { value: number; labels: Record<string, string | number>; metricName?: string }[] };

function value(metrics: JsonMetric[], name: string, labels: Record<string, string | number> = {}): number | undefined {
  const values = metrics.flatMap((m) => m.values.filter((v) => (v.metricName ?? m.name) === name));
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe("worker poll health snapshots", () => {
  it("sums two workers' counters and histograms, and leaves out a dead worker's stale snapshot", async () => {
    const a = createPollHealth();
    const b = createPollHealth();
    const dead = createPollHealth();
    a.observe(cycle("up", 80, 0.2));
    a.observe(cycle("down", 3000, 4, "timeout"));
    b.observe(cycle("up", 120, 0.3));
    b.observe(cycle("down", 900, 1, "timeout"));
    b.observe(cycle("unauthorized", 50, 0.1, "unauthorized"));
    for (let i = 0; i < 5; i++) dead.observe(cycle("down", 10, 0, "unreachable"));
    await writeWorkerSnapshot(t.db, "worker-a", a.registry, NOW);
    await writeWorkerSnapshot(t.db, "worker-b", b.registry, new Date(NOW.getTime() - 10_000));
    await writeWorkerSnapshot(t.db, "worker-dead", dead.registry, new Date(NOW.getTime() - WORKER_SNAPSHOT_MAX_AGE_MS - 1));

    const { registry, workers } = await aggregateWorkerSnapshots(t.db, NOW);
    expect(workers).toBe(2);
    const metrics = (await registry.getMetricsAsJSON()) as unknown as JsonMetric[];
    expect(value(metrics, "routeros_noc_poll_failures_total", { class: "timeout" })).toBe(2);
    expect(value(metrics, "routeros_noc_poll_failures_total", { class: "unauthorized" })).toBe(1);
    expect(value(metrics, "routeros_noc_poll_failures_total", { class: "unreachable" })).toBeUndefined();
    expect(value(metrics, "routeros_noc_polls_total", { status: "up" })).toBe(2);
    expect(value(metrics, "routeros_noc_poll_duration_seconds_count")).toBe(5);
    expect(value(metrics, "routeros_noc_poll_duration_seconds_sum")).toBeCloseTo(4.15, 6);
    expect(value(metrics, "routeros_noc_poll_duration_seconds_bucket", { le: 0.1 })).toBe(2);
    expect(value(metrics, "routeros_noc_poll_duration_seconds_bucket", { le: 1 })).toBe(4);
    expect(value(metrics, "routeros_noc_poll_lateness_seconds_bucket", { le: 2 })).toBe(4);
    expect(value(metrics, "routeros_noc_poll_lateness_seconds_sum")).toBeCloseTo(5.6, 6);
  });

  it("replaces a worker's own row at each write and deletes rows dead for over an hour", async () => {
    const a = createPollHealth();
    a.observe(cycle("up", 10, 0));
    await writeWorkerSnapshot(t.db, "worker-old", a.registry, new Date(NOW.getTime() - 2 * 3_600_000));
    await writeWorkerSnapshot(t.db, "worker-a", a.registry, NOW);
    a.observe(cycle("up", 10, 0));
    await writeWorkerSnapshot(t.db, "worker-a", a.registry, NOW);
    const rows = await t.db.metricsWorkerSnapshot.findMany({ orderBy: { runId: "asc" } });
    expect(rows.map((r) => r.runId)).toEqual(["worker-a", "worker-b", "worker-dead"]);
    const { registry } = await aggregateWorkerSnapshots(t.db, NOW);
    const metrics = (await registry.getMetricsAsJSON()) as unknown as JsonMetric[];
    expect(value(metrics, "routeros_noc_polls_total", { status: "up" })).toBe(3);
  });
});
