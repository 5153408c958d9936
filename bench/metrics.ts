/**
 * Prometheus scrape benchmark: the cost and size of one `GET /metrics` exposition (lib/metrics-export/exposition.ts
 * renderMetrics, and the bearer token check before it) over the generated fleet of bench/fixtures/fleet.ts at 1,000 and
 * 10,000 routers, with what the fixture does not write added as the poller and the alert loop would: a `macsec-stats`
 * CounterSnapshot with the 29 RouterOS counters per MACsec interface (2 per router), a firing `device-down` alert per
 * router that is down or unauthorized, and one worker snapshot of poll health. Each fleet is scraped `--scrapes` times
 * (default 5) after one warm-up. Prints one JSON object: `{ bench: "metrics", fleets: [{ devices, provider, seedMs,
 * scrapeMs: { min, median, max }, bytes, series, families }] }` (bytes of the text body; series = sample lines).
 * Options: `--devices 1000,10000`, `--scrapes 5`. Run with the `react-server` condition (`npm run bench`, or `node
 * --conditions=react-server --import tsx bench/metrics.ts`). Timings are printed, never asserted.
 */
import { ensureBuiltInRules } from "../lib/alerts/service";
import { zeroPerMetric } from "../lib/metrics/descriptors";
import { renderMetrics } from "../lib/metrics-export/exposition";
import { createMetricsToken, verifyMetricsToken } from "../lib/metrics-export/tokens";
import { createPollHealth, writeWorkerSnapshot } from "../lib/metrics-export/worker-health";
import { MACSEC_STATS_FIELDS } from "../lib/routeros";
import { createTestDb, type TestDb } from "../lib/testing/test-db";
import { seedFleetDb } from "./fixtures/fleet";
import { arg, percentile, round } from "./support";

/** Writes the rows the fixture leaves out (see the file's comment). */
async function addScrapeState(t: TestDb, now: Date): Promise<void> {
  const devices = await t.db.device.findMany({ select: { id: true, status: true, siteId: true } });
  const counters = JSON.stringify(Object.fromEntries(Object.values(MACSEC_STATS_FIELDS).map((ieee, i) => [ieee, String(1_000_000 + i * 7919)])));
  const snapshots = devices.flatMap((d) => ["macsec1", "macsec2"].map((name) => ({ deviceId: d.id, kind: "macsec-stats", name, ts: now, values: counters })));
  for (let i = 0; i < snapshots.length; i += 2000) await t.db.counterSnapshot.createMany({ data: snapshots.slice(i, i + 2000) });
  await ensureBuiltInRules(t.db);
  const rule = await t.db.alertRule.findFirstOrThrow({ where: { type: "device-down" }, select: { id: true } });
  const down = devices.filter((d) => d.status === "down" || d.status === "unauthorized");
  await t.db.alert.createMany({
    data: down.map((d) => ({
      ruleId: rule.id,
      objectKey: d.id,
      deviceId: d.id,
      siteId: d.siteId,
      state: "firing",
      firstSeenAt: now,
      lastSeenAt: now,
      firedAt: now,
    })),
  });
  const health = createPollHealth();
  for (const [i, d] of devices.entries()) {
    const failed = d.status === "down" || d.status === "unauthorized";
    health.observe({
      deviceId: d.id,
      name: d.id,
      status: d.status === "unknown" ? "up" : d.status,
      error: null,
      startedAt: now,
      finishedAt: now,
      ms: 40 + (i % 200),
      samples: zeroPerMetric(),
      dbWriteMs: 1,
      dueAt: new Date(now.getTime() - (i % 5) * 300),
      fullRead: false,
      failure: failed ? (d.status === "down" ? "timeout" : "unauthorized") : null,
    });
  }
  await writeWorkerSnapshot(t.db, "bench-worker", health.registry, now);
}

async function fleet(devices: number, scrapes: number) {
  const t = await createTestDb();
  try {
    const seedStarted = performance.now();
    const now = new Date();
    await seedFleetDb(t, { devices, now });
    await addScrapeState(t, now);
    const { token } = await createMetricsToken(t.db, null, { name: "bench" });
    const seedMs = round(performance.now() - seedStarted);
    const scrape = async () => {
      if (!(await verifyMetricsToken(t.db, token))) throw new Error("bench token refused");
      return renderMetrics(t.db);
    };
    const first = await scrape();
    const times: number[] = [];
    for (let i = 0; i < scrapes; i++) {
      const started = performance.now();
      await scrape();
      times.push(performance.now() - started);
    }
    const lines = first.body.split("\n");
    return {
      devices,
      provider: t.provider,
      seedMs,
      scrapeMs: { min: round(Math.min(...times)), median: round(percentile(times, 50)), max: round(Math.max(...times)) },
      bytes: Buffer.byteLength(first.body),
      series: lines.filter((l) => l !== "" && !l.startsWith("#")).length,
      families: lines.filter((l) => l.startsWith("# TYPE")).length,
    };
  } finally {
    await t.cleanup();
  }
}

async function main(): Promise<void> {
  const sizes = arg("devices", "1000,10000")
    .split(",")
    .map((s) => Number(s.trim()));
  const scrapes = Number(arg("scrapes", "5"));
  const fleets = [];
  for (const size of sizes) fleets.push(await fleet(size, scrapes));
  console.log(JSON.stringify({ bench: "metrics", fleets }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
