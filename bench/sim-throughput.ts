import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Pool } from "undici";
import { startSimulator } from "../sim/server";
import { arg, percentile, round } from "./support";

/**
 * Simulator throughput and footprint: `npx tsx bench/sim-throughput.ts [--routers 1000]
 * [--seconds 5] [--connections 32]`. Starts a fleet, measures heap per router once every router's
 * state is built, then runs `GET /<router>/rest/interface?type=macvlan` round-robin over keep-alive
 * connections and prints one JSON object (requests/s, latency percentiles in ms, bytes per router).
 */

function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
}

async function main(): Promise<void> {
  const routers = Number(arg("routers", "1000"));
  const seconds = Number(arg("seconds", "5"));
  const connections = Number(arg("connections", "32"));
  collectGarbage();
  const heapStart = process.memoryUsage().heapUsed;
  const sim = await startSimulator({ port: 0, routers, seed: 1 });
  const pool = new Pool(sim.url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const auth = new Map(sim.routers.map((r) => [r.name, `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`]));

  const get = async (name: string, path: string): Promise<number> => {
    const res = await pool.request({ method: "GET", path: `/${name}/rest${path}`, headers: { authorization: auth.get(name) ?? "" } });
    const text = await res.body.text();
    if (res.statusCode !== 200 && res.statusCode !== 400) throw new Error(`${name}: HTTP ${res.statusCode} ${text}`);
    return text.length;
  };

  const heapSpecs = process.memoryUsage().heapUsed;
  for (let i = 0; i < sim.routers.length; i += connections) {
    await Promise.all(sim.routers.slice(i, i + connections).map((r) => get(r.name, "/system/identity")));
  }
  collectGarbage();
  const heapBuilt = process.memoryUsage().heapUsed;

  const latencies: number[] = [];
  let bytes = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const r = sim.routers[next++ % sim.routers.length];
      if (r === undefined) throw new Error("the simulator serves no routers");
      const t = performance.now();
      const size = await get(r.name, "/interface?type=macvlan");
      bytes += size;
      latencies.push(performance.now() - t);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const pct = (p: number) => round(percentile(latencies, p));

  await pool.close();
  await sim.close();
  process.stdout.write(
    `${JSON.stringify({
      bench: "sim-throughput",
      request: "GET /<router>/rest/interface?type=macvlan (keep-alive, round-robin)",
      routers,
      connections,
      seconds: round(elapsed),
      requests: latencies.length,
      requestsPerSecond: Math.round(latencies.length / elapsed),
      latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99) },
      responseBytesAvg: Math.round(bytes / latencies.length),
      heapBytesPerRouterSpecOnly: Math.round((heapSpecs - heapStart) / routers),
      heapBytesPerRouterBuilt: Math.round((heapBuilt - heapStart) / routers),
      node: process.version,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
