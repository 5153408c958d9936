/**
 * Alert rules benchmark: the cost of one evaluation of every built-in rule (lib/alerts/evaluate.ts) over the generated
 * fleet of bench/fixtures/fleet.ts at 1,000 and 10,000 routers (about 5 % down or unauthorized, 1 in 20 up routers with
 * a MACsec link negotiating, 0-3 MAC-server sessions per router, none of them on an allow-list). Passes, each timed:
 * `first` (alerts opened as pending), `fire` (after every router's next poll: pending → firing, notifications queued
 * for one webhook target), `steady` (no new poll: nothing to write) and `steadyAfterPoll` (a new poll, same states).
 * Prints one JSON object: `{ bench: "alerts", fleets: [{ devices, seedMs, passes: { first: { totalMs, readMs,
 * evaluateMs, writeMs, observations, pending, fired, resolved, notifications }, ... } }] }`.
 * Options: `--devices 1000,10000`. Run with the `react-server` condition (`npm run bench`, or `node --conditions=react-server
 * --import tsx bench/alerts.ts`). Timings are printed, never asserted.
 */
import { evaluateAlerts, type EvaluationSummary } from "../lib/alerts/evaluate";
import { ensureBuiltInRules } from "../lib/alerts/service";
import type { Db } from "../lib/db-client";
import { createTestDb } from "../lib/testing/test-db";
import { seedFleetDb } from "./fixtures/fleet";
import { arg, round } from "./support";

type Pass = Omit<EvaluationSummary, "rules" | "devices" | "repeats"> & { totalMs: number };

async function timedPass(db: Db, now: Date): Promise<Pass> {
  const started = performance.now();
  const s = await evaluateAlerts(db, { now, repeatMs: 0 });
  return {
    totalMs: round(performance.now() - started),
    readMs: round(s.readMs),
    evaluateMs: round(s.evaluateMs),
    writeMs: round(s.writeMs),
    observations: s.observations,
    pending: s.pending,
    fired: s.fired,
    resolved: s.resolved,
    notifications: s.notifications,
  };
}

/** Every enabled router polled again at `at` (the poller's Device columns: lastPollAt, and lastOkAt when up). */
async function pollAll(db: Db, at: Date): Promise<void> {
  await db.device.updateMany({ where: { status: "up" }, data: { lastPollAt: at, lastOkAt: at } });
  await db.device.updateMany({ where: { status: { not: "up" } }, data: { lastPollAt: at } });
}

async function fleet(devices: number) {
  const t = await createTestDb();
  try {
    const seedStarted = performance.now();
    const now = new Date();
    await seedFleetDb(t, { devices, now });
    await ensureBuiltInRules(t.db);
    await t.db.notificationTarget.create({ data: { name: "bench-hook", kind: "webhook", url: "http://127.0.0.1:9/hook" } });
    const seedMs = round(performance.now() - seedStarted);
    const later = (sec: number) => new Date(now.getTime() + sec * 1000);
    const first = await timedPass(t.db, later(1));
    await pollAll(t.db, later(60));
    const fire = await timedPass(t.db, later(61));
    const steady = await timedPass(t.db, later(62));
    await pollAll(t.db, later(120));
    const steadyAfterPoll = await timedPass(t.db, later(121));
    return { devices, provider: t.provider, seedMs, passes: { first, fire, steady, steadyAfterPoll } };
  } finally {
    await t.cleanup();
  }
}

async function main(): Promise<void> {
  const sizes = arg("devices", "1000,10000")
    .split(",")
    .map((s) => Number(s.trim()));
  const fleets = [];
  for (const size of sizes) fleets.push(await fleet(size));
  console.log(JSON.stringify({ bench: "alerts", fleets }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
