/**
 * Server time of the pages that read the whole fleet, with a generated fleet (bench/fixtures/fleet.ts: sites, tags,
 * MACVLAN interfaces with their latest rates, MACsec interfaces, MAC-server sessions and 5 minutes of raw samples) in a
 * fresh test database (lib/testing/test-db.ts): a SQLite file, or PostgreSQL when TEST_DATABASE_URL is set
 * (`node scripts/pg-server.mjs npx tsx bench/pages.ts`). Times, after a warm-up, the data-layer reads behind each page, as lib/status/server.ts and
 * lib/devices/server.ts call them (permission checks aside, which read one session row):
 * - `overview` (/): the fleet counters, the problems (firing alerts) and the top MACVLAN talkers, one after the other
 *   (the page's three Suspense sections share the one database connection), and each alone;
 * - `status` (/status): the fleet status, all devices and only problems; the fleet's totals (counters and MACVLAN
 *   traffic now) and their traffic part alone;
 * - `devices` (/devices): the first page by name, a search, a status filter, a site filter, sorted by last poll,
 *   and a page deep in the list.
 * Prints one JSON object: `{ bench: "pages", database, devices, sites, samples, seedMs, runs, overview: { p50, p95, max }, ... }`
 * (milliseconds). Options: `--devices 50000 --runs 20`; `--quick`: 1,000 devices, 10 runs.
 */
import { createTestDb } from "../lib/testing/test-db";
import { queryDeviceList } from "../lib/devices/queries";
import { queryFiringAlerts } from "../lib/alerts/views";
import { queryFleetSummary, queryFleetTotals, queryFleetTraffic, queryTopMacvlanTalkers } from "../lib/status/fleet-queries";
import { queryFleetStatus } from "../lib/status/queries";
import { seedFleetDb } from "./fixtures/fleet";
import { arg, percentile, round } from "./support";

type Timing = { p50: number; p95: number; max: number };

async function timed(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 2; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)) };
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const devices = Number(arg("devices", quick ? "1000" : "50000"));
  const runs = Number(arg("runs", quick ? "10" : "20"));
  const t = await createTestDb();
  try {
    const seedStarted = performance.now();
    const fleet = await seedFleetDb(t, { devices });
    const seedMs = round(performance.now() - seedStarted);
    const { db } = t;
    const now = fleet.now;

    const opts = { pollIntervalSec: 60 };
    const summary = () => queryFleetSummary(db, opts, now);
    const problems = () => queryFiringAlerts(db, 50, now);
    const totals = queryFleetTotals(db, opts, now);
    const talkers = () => queryTopMacvlanTalkers(db, 10, now);
    const results = {
      overview: await timed(runs, async () => {
        await summary();
        await problems();
        await talkers();
      }),
      overviewSummary: await timed(runs, summary),
      overviewProblems: await timed(runs, problems),
      overviewTopTalkers: await timed(runs, talkers),
      status: await timed(runs, () => queryFleetStatus(db, { pollIntervalSec: 60 }, now)),
      statusTotals: await timed(runs, () => queryFleetTotals(db, opts, now)),
      statusTotalsTraffic: await timed(runs, () => queryFleetTraffic(db, now)),
      statusPageOnly: await timed(runs, async () => queryFleetStatus(db, { pollIntervalSec: 60, fleetTotals: await totals }, now)),
      statusOnlyProblems: await timed(runs, () => queryFleetStatus(db, { pollIntervalSec: 60, onlyProblems: true }, now)),
      statusOneSite: await timed(runs, () => queryFleetStatus(db, { pollIntervalSec: 60, siteId: "site-0" }, now)),
      devicesFirstPage: await timed(runs, () => queryDeviceList(db, {})),
      devicesSearch: await timed(runs, () => queryDeviceList(db, { q: "router-0042" })),
      devicesStatusDown: await timed(runs, () => queryDeviceList(db, { status: "down" })),
      devicesOneSite: await timed(runs, () => queryDeviceList(db, { site: fleet.siteName })),
      devicesByLastPoll: await timed(runs, () => queryDeviceList(db, { sort: "lastPoll", dir: "desc" })),
      devicesDeepPage: await timed(runs, () => queryDeviceList(db, { page: Math.max(1, Math.floor(devices / 25 / 2)) })),
    };
    process.stdout.write(
      `${JSON.stringify({ bench: "pages", database: t.provider, devices, sites: fleet.sites, samples: fleet.samples, seedMs, runs, ...results })}\n`,
    );
  } finally {
    await t.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
