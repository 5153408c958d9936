/**
 * Alert rules benchmark: the cost of one evaluation of every built-in rule (lib/alerts/evaluate.ts) over the generated
 * fleet of bench/fixtures/fleet.ts at 1,000 and 10,000 routers (about 5 % down or unauthorized, 1 in 20 up routers with
 * a MACsec link negotiating, 0-3 MAC-server sessions per router, none of them on an allow-list). Each fleet is run
 * twice: `full` (evaluateAlerts: every pass reads and judges every device, the engine before incremental passes) and
 * `incremental` (one createAlertEvaluator, as the worker runs it). Passes, each timed:
 * `first` (alerts opened as pending), `fire` (after every router's next poll: pending → firing, notifications queued
 * for one webhook target), `steady` (no new poll: nothing to write), `steadyAfterPoll` (a full poll cycle, same states),
 * `pollOnePercentChanged` (a full poll cycle in which 1 % of the routers that were up stop answering) and `siteDark`
 * (only the 50 up routers of one site polled, all down).
 * Prints one JSON object: `{ bench: "alerts", fleets: [{ devices, mode, seedMs, passes: { first: { totalMs, readMs,
 * evaluateMs, writeMs, devices, observations, pending, fired, resolved, notifications, full }, ... } }] }`.
 * Options: `--devices 1000,10000`, `--modes full,incremental`. Run with the `react-server` condition (`npm run bench`, or
 * `node --conditions=react-server --import tsx bench/alerts.ts`). Timings are printed, never asserted.
 */
import { createAlertEvaluator, evaluateAlerts, type EvaluateOptions, type EvaluationSummary } from "../lib/alerts/evaluate";
import { ensureBuiltInRules } from "../lib/alerts/service";
import type { Db } from "../lib/db-client";
import { createTestDb } from "../lib/testing/test-db";
import { seedFleetDb } from "./fixtures/fleet";
import { arg, round } from "./support";

type Pass = Omit<EvaluationSummary, "rules" | "repeats"> & { totalMs: number };
type Mode = "full" | "incremental";

async function timedPass(evaluate: (opts: EvaluateOptions) => Promise<EvaluationSummary>, now: Date): Promise<Pass> {
  const started = performance.now();
  const s = await evaluate({ now, repeatMs: 0 });
  return {
    totalMs: round(performance.now() - started),
    readMs: round(s.readMs),
    evaluateMs: round(s.evaluateMs),
    writeMs: round(s.writeMs),
    devices: s.devices,
    observations: s.observations,
    pending: s.pending,
    fired: s.fired,
    resolved: s.resolved,
    notifications: s.notifications,
    full: s.full,
  };
}

/** Enabled routers polled again at `at` (the poller's Device columns: lastPollAt, and lastOkAt when up); all by default. */
async function poll(db: Db, at: Date, ids?: string[]): Promise<void> {
  const only = ids === undefined ? {} : { id: { in: ids } };
  await db.device.updateMany({ where: { status: "up", ...only }, data: { lastPollAt: at, lastOkAt: at } });
  await db.device.updateMany({ where: { status: { not: "up" }, ...only }, data: { lastPollAt: at } });
}

/** `count` routers that are up and enabled (of one site when given), in id order. */
async function upRouters(db: Db, count: number, siteId?: string): Promise<string[]> {
  const rows = await db.device.findMany({ where: { status: "up", enabled: true, ...(siteId ? { siteId } : {}) }, orderBy: { id: "asc" }, take: count });
  return rows.map((r) => r.id);
}

async function fleet(devices: number, mode: Mode) {
  const t = await createTestDb();
  try {
    const seedStarted = performance.now();
    const now = new Date();
    await seedFleetDb(t, { devices, now });
    await ensureBuiltInRules(t.db);
    await t.db.notificationTarget.create({ data: { name: "bench-hook", kind: "webhook", url: "http://127.0.0.1:9/hook" } });
    const seedMs = round(performance.now() - seedStarted);
    const evaluator = createAlertEvaluator(t.db);
    const evaluate = mode === "full" ? (opts: EvaluateOptions) => evaluateAlerts(t.db, opts) : (opts: EvaluateOptions) => evaluator.evaluate(opts);
    const later = (sec: number) => new Date(now.getTime() + sec * 1000);
    const first = await timedPass(evaluate, later(1));
    await poll(t.db, later(60));
    const fire = await timedPass(evaluate, later(61));
    const steady = await timedPass(evaluate, later(62));
    await poll(t.db, later(120));
    const steadyAfterPoll = await timedPass(evaluate, later(121));
    const stopping = await upRouters(t.db, Math.ceil(devices / 100));
    await t.db.device.updateMany({ where: { id: { in: stopping } }, data: { status: "down" } });
    await poll(t.db, later(180));
    const pollOnePercentChanged = await timedPass(evaluate, later(181));
    const site = await t.db.site.findFirstOrThrow({ orderBy: { name: "desc" } });
    const dark = await upRouters(t.db, 50, site.id);
    await t.db.device.updateMany({ where: { id: { in: dark } }, data: { status: "down" } });
    await poll(t.db, later(240), dark);
    const siteDark = await timedPass(evaluate, later(241));
    return {
      devices,
      mode,
      provider: t.provider,
      seedMs,
      changed: { onePercent: stopping.length, siteDark: dark.length },
      passes: { first, fire, steady, steadyAfterPoll, pollOnePercentChanged, siteDark },
    };
  } finally {
    await t.cleanup();
  }
}

async function main(): Promise<void> {
  const sizes = arg("devices", "1000,10000")
    .split(",")
    .map((s) => Number(s.trim()));
  const modes = arg("modes", "full,incremental")
    .split(",")
    .map((s) => s.trim() as Mode);
  const fleets = [];
  for (const size of sizes) for (const mode of modes) fleets.push(await fleet(size, mode));
  console.log(JSON.stringify({ bench: "alerts", fleets }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
