/**
 * Status page benchmark: a fresh SQLite file (lib/testing/test-db.ts) seeded with a fleet of 1,000
 * devices over 25 sites, each with 2 MACsec links, 3 MACVLANs, a few MAC-server sessions and 30 minutes
 * of traffic samples every 30 s on its 5 interfaces (MACVLAN and MACsec, written as the poller writes them:
 * lib/metrics/sample-store.ts insertSamples).
 * Times the status data function (lib/status/queries.ts queryFleetStatus) for the whole fleet (/status),
 * the whole fleet with only problems, and one site (a share link), after a warm-up. Prints one JSON object:
 * `{ bench: "status-page", devices, sites, trafficSamples, seedMs, runs, fleetMs: { p50, p95, max },
 *   onlyProblemsMs: {...}, oneSiteMs: {...}, listed: { sites, devices } }`.
 * Options: `--devices 1000 --runs 30`. Run with the `react-server` condition (`node --conditions=react-server --import tsx
 * bench/status-page.ts`).
 */
import { insertSamples, type MetricSampleInput } from "../lib/metrics/sample-store";
import { createTestDb } from "../lib/testing/test-db";
import { queryFleetStatus } from "../lib/status/queries";
import { arg, percentile, round } from "./support";

const SITES = 25;
const POLL_SEC = 30;
const HISTORY_SEC = 1800;
const STATUSES = ["up", "up", "up", "up", "up", "up", "up", "up", "down", "unauthorized"] as const;

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)) };
}

async function main(): Promise<void> {
  const devices = Number(arg("devices", "1000"));
  const runs = Number(arg("runs", "30"));
  const t = await createTestDb();
  try {
    const now = new Date();
    const seedStarted = performance.now();
    await t.db.site.createMany({ data: Array.from({ length: SITES }, (_, i) => ({ id: `site-${i}`, name: `Site-${String(i).padStart(2, "0")}` })) });
    const ids = Array.from({ length: devices }, (_, i) => `dev-${i}`);
    await t.db.device.createMany({
      data: ids.map((id, i) => ({
        id,
        name: `router-${String(i).padStart(4, "0")}`,
        siteId: `site-${i % SITES}`,
        apiUrl: `https://10.${(i >> 8) & 255}.${i & 255}.1`,
        username: "noc-api",
        passwordSealed: "sealed",
        status: STATUSES[i % STATUSES.length],
        lastPollAt: now,
        lastOkAt: now,
      })),
    });
    await t.db.macsecInterface.createMany({
      data: ids.flatMap((deviceId, i) => [
        { deviceId, name: "macsec1", parent: "ether5", status: "open-encrypted" },
        { deviceId, name: "macsec2", parent: "ether6", status: i % 7 === 0 ? "negotiating" : "open-encrypted" },
      ]),
    });
    await t.db.macvlanInterface.createMany({
      data: ids.flatMap((deviceId) => [1, 2, 3].map((n) => ({ deviceId, name: `macvlan${n}`, parent: "ether2", mode: "bridge" }))),
    });
    await t.db.macServerSession.createMany({
      data: ids.flatMap((deviceId, i) =>
        Array.from({ length: i % 4 }, (_, n) => ({
          deviceId,
          srcAddress: `02:00:00:00:${String(n).padStart(2, "0")}:01`,
          interface: "ether2",
          uptimeSec: 60,
          firstSeenAt: now,
          lastSeenAt: now,
        })),
      ),
    });
    const interfaces = ["macvlan1", "macvlan2", "macvlan3", "macsec1", "macsec2"];
    let trafficSamples = 0;
    for (let ago = 0; ago < HISTORY_SEC; ago += POLL_SEC) {
      const ts = new Date(now.getTime() - ago * 1000);
      const values = (n: number) => ({ rxBitsPerSecond: 1_000 * n, txBitsPerSecond: 500 * n, rxPacketsPerSecond: 10, txPacketsPerSecond: 5 });
      const samples: MetricSampleInput[] = ids.flatMap((deviceId, i) =>
        interfaces.map((iface, k) => ({
          deviceId,
          metric: iface.startsWith("macsec") ? "macsec-traffic" : "macvlan-traffic",
          series: iface,
          ts,
          status: null,
          values: values(i + k),
        })),
      );
      trafficSamples += await t.db.$transaction(async (tx) => insertSamples(tx, samples));
    }
    const seedMs = round(performance.now() - seedStarted);

    let listed = { sites: 0, devices: 0 };
    const fleetMs = await timed(runs, async () => {
      const s = await queryFleetStatus(t.db, {}, now);
      listed = { sites: s.sites.length, devices: s.sites.reduce((n, x) => n + x.devices.length, 0) };
    });
    const onlyProblemsMs = await timed(runs, () => queryFleetStatus(t.db, { onlyProblems: true }, now));
    const oneSiteMs = await timed(runs, () => queryFleetStatus(t.db, { siteId: "site-3" }, now));
    process.stdout.write(
      `${JSON.stringify({ bench: "status-page", devices, sites: SITES, trafficSamples, seedMs, runs, fleetMs, onlyProblemsMs, oneSiteMs, listed })}\n`,
    );
  } finally {
    await t.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
