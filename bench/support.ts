/**
 * Helpers shared by the benchmarks in bench/ (not a benchmark itself: bench/run.ts skips this file).
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import autocannon from "autocannon";
import { generateKey } from "../lib/crypto/seal";
import { getEnv } from "../lib/env";
import type { SimRouterInfo } from "../sim/server";

/** The value after `--<name>` on the command line, or `fallback` when the flag or its value is missing. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ? value : fallback;
}

/** The nearest-rank `p`th percentile (0–100) of `values` (any unit; not rounded), or 0 when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** `n` rounded to `digits` decimals (default 2; half up), for the figures a bench prints. */
export function round(n: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
}

/** A simulator running in its own Node process (sim/cli.ts), as remote routers would: it does not take the caller's CPU. */
export type SimProcess = { pid: number; url: string; routers: SimRouterInfo[]; close(): Promise<void> };

/**
 * Starts `sim/cli.ts` in a child process on a random port and reads its router list from the control endpoint.
 * @param profileDir when given, the child writes a V8 CPU profile there (`--cpu-prof`) when it exits
 */
export async function startSimProcess(routers: number, profileDir?: string): Promise<SimProcess> {
  const args = [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "--import", "tsx", path.resolve(__dirname, "../sim/cli.ts")];
  const child = spawn(process.execPath, [...args, "--routers", String(routers), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const controlUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /control: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  child.stdout.resume();
  const list = (await (await fetch(controlUrl)).json()) as SimRouterInfo[];
  return {
    pid: child.pid ?? 0,
    url: new URL(controlUrl).origin,
    routers: list,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** CPU time (user + system, ms) and peak resident memory (bytes) of process `pid`, from Linux /proc; zeros elsewhere. */
export async function procUsage(pid: number): Promise<{ cpuMs: number; peakRssBytes: number }> {
  try {
    const stat = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(stat[11]) + Number(stat[12]);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1];
    return { cpuMs: (ticks * 1000) / 100, peakRssBytes: Number(hwm ?? 0) * 1024 };
  } catch {
    return { cpuMs: 0, peakRssBytes: 0 };
  }
}

/** One HTTP request as autocannon replays it. */
export type RecordedRequest = { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };

/**
 * The simulator's own request rate for a request mix: autocannon with keep-alive connections replays
 * `requests` in order on each connection for `seconds`. Returns requests/s, latency percentiles (ms), and
 * non-2xx/error counts.
 */
export async function measureCeiling(url: string, requests: RecordedRequest[], seconds: number, connections: number) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1, requests });
  return {
    connections,
    seconds,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Runs `main` when SECRET_KEY is set; otherwise runs this bench file again in a child process with a fresh
 * SECRET_KEY and silent logs (benches that seal device passwords need one). Exits 1 with the error on failure.
 */
export function runWithSecretKey(main: () => Promise<void>): void {
  const run =
    getEnv().SECRET_KEY !== undefined
      ? main()
      : new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, process.execArgv.concat(process.argv.slice(1)), {
            env: { ...process.env, SECRET_KEY: generateKey(), LOG_LEVEL: "silent" },
            stdio: "inherit",
          });
          child.once("error", reject);
          child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bench child exited with ${code}`))));
        });
  run.catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
