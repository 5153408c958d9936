/**
 * Poller benchmark: a simulated fleet of 200 and 1000 routers (sim/ over HTTP on loopback), a fresh
 * SQLite file, the real poller. For each size: one warm-up cycle (fills counter snapshots), then a
 * measured cycle. Prints one JSON object:
 * `{ bench: "poller", runs: [{ routers, concurrency, devicesPerSec, cycleMs: { p50, p95, max },
 *   dbWriteMs: { p50, p95, mean }, wallMs, up, down, samples: { <metric id>: rows } }] }`.
 * cycleMs is one router's cycle (reads + its DB transaction); dbWriteMs is one router's batch
 * transaction (samples + current state + snapshots + Device row), queue wait excluded.
 * Options: `--sizes 200,1000 --concurrency 16` (default concurrency: POLL_CONCURRENCY), `--sim process`
 * (default: the simulator runs in its own Node process, as remote routers would, so it does not take
 * the poller's CPU) or `--sim inproc` (same process).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startSimulator, type SimRouterInfo } from "../sim/server";
import { devicePasswordAad, generateKey, seal } from "../lib/crypto/seal";
import { getEnv } from "../lib/env";
import { METRIC_IDS } from "../lib/metrics/descriptors";
import { zeroPerMetric } from "../lib/metrics/descriptors";
import { startPoller } from "../lib/polling/poller";
import { createTestDb } from "../lib/testing/test-db";
import { arg, percentile, round } from "./support";

type SimHandle = { routers: SimRouterInfo[]; close(): Promise<void> };

/** Starts `sim/cli.ts` in a child process on a random port and reads its router list from the control endpoint. */
async function startSimProcess(routers: number): Promise<SimHandle> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(__dirname, "../sim/cli.ts"), "--routers", String(routers), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const controlUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /control: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const res = await fetch(controlUrl);
  const list = (await res.json()) as SimRouterInfo[];
  return {
    routers: list,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function runSize(routers: number, concurrency: number, simMode: string) {
  const sim: SimHandle = simMode === "inproc" ? await startSimulator({ port: 0, routers, seed: 1 }) : await startSimProcess(routers);
  const t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  const secretKey = generateKey();
  try {
    await t.db.site.create({ data: { id: "bench", name: "bench" } });
    const rows = sim.routers.map((r, i) => {
      const id = `bench-${i}`;
      return { id, name: r.name, siteId: "bench", apiUrl: r.apiUrl, username: r.username, passwordSealed: seal(r.password, devicePasswordAad(id), secretKey) };
    });
    await t.db.device.createMany({ data: rows });
    const poller = startPoller({ db: t.db, loop: false, concurrency, secretKey, rollupEveryMs: 0 });
    try {
      await poller.runOnce();
      const summary = await poller.runOnce();
      const cycle = summary.results.map((r) => r.ms);
      const db = summary.results.map((r) => r.dbWriteMs);
      const samples = zeroPerMetric();
      for (const r of summary.results) for (const metric of METRIC_IDS) samples[metric] += r.samples[metric];
      return {
        routers,
        concurrency,
        sim: simMode,
        devicesPerSec: round(summary.results.length / (summary.durationMs / 1000)),
        wallMs: round(summary.durationMs),
        cycleMs: { p50: percentile(cycle, 50), p95: percentile(cycle, 95), max: Math.max(...cycle) },
        dbWriteMs: { p50: round(percentile(db, 50)), p95: round(percentile(db, 95)), mean: round(db.reduce((a, b) => a + b, 0) / Math.max(1, db.length)) },
        up: summary.up,
        down: summary.down + summary.unauthorized,
        samples,
      };
    } finally {
      await poller.stop();
    }
  } finally {
    await t.cleanup();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const sizes = arg("sizes", "200,1000").split(",").map(Number);
  const concurrency = Number(arg("concurrency", String(getEnv().POLL_CONCURRENCY)));
  const simMode = arg("sim", "process");
  const runs = [];
  for (const size of sizes) runs.push(await runSize(size, concurrency, simMode));
  process.stdout.write(`${JSON.stringify({ bench: "poller", runs })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
