/**
 * Poller benchmark in steady state: a simulated fleet (sim/ in its own Node process, over HTTP on
 * loopback), a fresh SQLite file, the real poller in loop mode on a real schedule. For each size the
 * devices start with nextPollAt spread evenly over one interval (a fleet that has been running), the
 * poller warms up for one interval and on until every router has been polled once (first polls read
 * everything and store the first counter snapshots; at most `--max-warmup` seconds), then is measured for
 * `--measure` seconds. The interval is real (60 s by default): the load is
 * routers / interval per second, nothing is scaled. Prints one JSON object:
 * `{ bench: "poller", runs: [{ routers, intervalSec, concurrency, warmupSec, measuredSec, offeredPerSec, routersPerSec,
 *   restRequestsPerSec, latenessMs: { p50, p95, max }, cycles, fullReads, up, down, dbTxMs: { p50, p95 },
 *   cpu: { pollerPct, simPct }, peakRssMb: { poller, sim }, ceiling: { requestsPerSecond, ... },
 *   pollerShareOfCeiling }] }`.
 * Lateness: a cycle's start minus the nextPollAt it was due at. dbTxMs: the batch transaction that wrote
 * the cycle. CPU: percent of one core over the measured window (poller: process.cpuUsage; simulator:
 * /proc). Ceiling: autocannon (keep-alive) replaying the REST requests the poller made during the window,
 * against the same simulator right after it. Options: `--sizes 1000,10000,50000 --interval 60 --measure 60
 * --max-warmup 900 --concurrency 512 --ceiling-seconds 15 --profile <dir>` (V8 CPU profile of the simulator); `--quick`: 1,000
 * routers, 20 s interval, 20 s measured.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { devicePasswordAad, generateKey, seal } from "../lib/crypto/seal";
import { startPoller } from "../lib/polling/poller";
import type { DevicePollResult } from "../lib/polling/poll-device";
import { createTestDb } from "../lib/testing/test-db";
import { arg, measureCeiling, percentile, procUsage, round, startSimProcess, type RecordedRequest } from "./support";

const quick = process.argv.includes("--quick");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the poller's HTTP requests (undici's diagnostics channel) and keeps up to `keep` of them for the ceiling replay. */
function requestRecorder(keep: number) {
  const recorded: RecordedRequest[] = [];
  let count = 0;
  let recording = false;
  const onCreate = (message: unknown) => {
    count++;
    if (!recording || recorded.length >= keep) return;
    const request = (message as { request: { method: string; path: string; headers: string | string[]; body: unknown } }).request;
    // undici keeps headers as a flat [name, value, name, value, ...] array (or, in older versions, raw lines).
    const pairs: [string, string][] = [];
    if (Array.isArray(request.headers)) {
      for (let i = 0; i + 1 < request.headers.length; i += 2) pairs.push([String(request.headers[i]), String(request.headers[i + 1])]);
    } else {
      for (const line of request.headers.split("\r\n")) {
        const i = line.indexOf(":");
        if (i > 0) pairs.push([line.slice(0, i), line.slice(i + 1).trim()]);
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of pairs) headers[name.toLowerCase()] = value;
    const body = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : typeof request.body === "string" ? request.body : undefined;
    recorded.push({ method: request.method === "POST" ? "POST" : "GET", path: request.path, headers, ...(body ? { body } : {}) });
  };
  subscribe("undici:request:create", onCreate);
  return {
    recorded,
    count: () => count,
    record: (on: boolean) => (recording = on),
    close: () => unsubscribe("undici:request:create", onCreate),
  };
}

async function runSize(
  routers: number,
  opts: { intervalSec: number; measureSec: number; maxWarmupSec: number; concurrency: number; ceilingSeconds: number; profile: string },
) {
  const sim = await startSimProcess(routers, opts.profile || undefined);
  const t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  const secretKey = generateKey();
  const recorder = requestRecorder(5_000);
  try {
    await t.db.site.create({ data: { id: "bench", name: "bench" } });
    const start = Date.now() + 2_000;
    const rows = sim.routers.map((r, i) => {
      const id = `bench-${i}`;
      const nextPollAt = new Date(start + (i / sim.routers.length) * opts.intervalSec * 1000);
      return {
        id,
        name: r.name,
        siteId: "bench",
        apiUrl: r.apiUrl,
        username: r.username,
        passwordSealed: seal(r.password, devicePasswordAad(id), secretKey),
        nextPollAt,
      };
    });
    for (let i = 0; i < rows.length; i += 5_000) await t.db.device.createMany({ data: rows.slice(i, i + 5_000) });
    let measuring = false;
    const cycles: DevicePollResult[] = [];
    const onCycleDone = (r: DevicePollResult) => void (measuring && cycles.push(r));
    const poller = startPoller({ db: t.db, concurrency: opts.concurrency, intervalSec: opts.intervalSec, secretKey, rollupEveryMs: 0, onCycleDone });
    try {
      // Warm-up: one interval, and on until every router has had its first (full) read or `--max-warmup` passed, so
      // that the measured window shows the steady state (fast cycles, slow reads every POLL_SLOW_READ_SEC).
      const warmupEnd = Date.now() + opts.maxWarmupSec * 1000;
      await sleep(Math.max(0, start - Date.now()) + opts.intervalSec * 1000);
      while (Date.now() < warmupEnd && (await t.db.device.count({ where: { lastPollAt: null } })) > 0) await sleep(1_000);
      const warmupSec = round((Date.now() - start) / 1000);
      const windowStart = performance.now();
      const cpu0 = process.cpuUsage();
      const sim0 = await procUsage(sim.pid);
      const requests0 = recorder.count();
      measuring = true;
      recorder.record(true);
      await sleep(opts.measureSec * 1000);
      measuring = false;
      recorder.record(false);
      const seconds = (performance.now() - windowStart) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const sim1 = await procUsage(sim.pid);
      const restRequestsPerSec = round((recorder.count() - requests0) / seconds);
      const lateness = cycles.flatMap((c) => (c.dueAt ? [c.startedAt.getTime() - c.dueAt.getTime()] : []));
      const db = cycles.map((c) => c.dbWriteMs);
      await poller.stop();
      const ceiling = await measureCeiling(sim.url, recorder.recorded, opts.ceilingSeconds, 32);
      const peakPoller = process.resourceUsage().maxRSS * 1024;
      return {
        routers,
        intervalSec: opts.intervalSec,
        concurrency: opts.concurrency,
        warmupSec,
        measuredSec: round(seconds),
        offeredPerSec: round(routers / opts.intervalSec),
        routersPerSec: round(cycles.length / seconds),
        restRequestsPerSec,
        latenessMs: { p50: percentile(lateness, 50), p95: percentile(lateness, 95), max: Math.max(0, ...lateness) },
        cycles: cycles.length,
        fullReads: cycles.filter((c) => c.fullRead).length,
        up: cycles.filter((c) => c.status === "up").length,
        down: cycles.filter((c) => c.status !== "up").length,
        dbTxMs: { p50: round(percentile(db, 50)), p95: round(percentile(db, 95)) },
        cpu: {
          pollerPct: round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, 1),
          simPct: round(((sim1.cpuMs - sim0.cpuMs) / (seconds * 1000)) * 100, 1),
        },
        peakRssMb: { poller: round(peakPoller / 2 ** 20, 0), sim: round(sim1.peakRssBytes / 2 ** 20, 0) },
        ceiling: { request: "the poller's recorded REST requests, replayed with keep-alive", ...ceiling },
        pollerShareOfCeiling: round(restRequestsPerSec / Math.max(1, ceiling.requestsPerSecond), 3),
      };
    } finally {
      await poller.stop();
    }
  } finally {
    recorder.close();
    await t.cleanup();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const sizes = arg("sizes", quick ? "1000" : "1000,10000,50000")
    .split(",")
    .map(Number);
  const opts = {
    intervalSec: Number(arg("interval", quick ? "20" : "60")),
    measureSec: Number(arg("measure", quick ? "20" : "60")),
    maxWarmupSec: Number(arg("max-warmup", quick ? "60" : "900")),
    concurrency: Number(arg("concurrency", "512")),
    ceilingSeconds: Number(arg("ceiling-seconds", quick ? "5" : "15")),
    profile: arg("profile", ""),
  };
  const runs = [];
  for (const size of sizes) runs.push(await runSize(size, opts));
  process.stdout.write(`${JSON.stringify({ bench: "poller", runs })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
