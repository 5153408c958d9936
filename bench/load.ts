/**
 * Under load: 50 concurrent signed-in viewers on the built app while the worker polls on the same machine. For each
 * fleet size: a fresh SQLite file (lib/testing/test-db.ts) with a generated fleet (bench/fixtures/fleet.ts), whose
 * first routers (up to 1,000) point at the RouterOS simulator (sim/cli.ts, its own process) and are polled every 60 s
 * by the worker (lib/worker/cli.ts, its own process); the rest keep their generated state (their next poll is a day
 * away). `next start` serves the production build (.next; built first when missing) on a free loopback port. A viewer
 * signs in through next-auth (CSRF token, credentials callback) and its session cookie is sent with every request.
 * - `single`: one request at a time (20 each) on /, /status, /devices and /api/fleet/summary: the rendered page's
 *   server time, p50/p95 (ms);
 * - `load`: autocannon, 50 connections for `duration` seconds on /status, /api/fleet/summary and / (the overview):
 *   requests/s (mean), latency p50/p97.5/p99 (ms), errors, non-2xx answers and timeouts.
 * A request still unanswered after 30 s counts as a timeout. Prints one JSON object: `{ bench: "load", connections, durationSec, runs: [{ devices, polledRouters, seedMs, single,
 * load }] }`. Options: `--sizes 1000,50000 --duration 20 --connections 50`; `--quick`: 1,000 devices, 10 s; `--paths /status,/`:
 * only these paths under load; `--cpu-prof <dir>`: the web server writes a V8 CPU profile of the whole run into `<dir>` when
 * it exits (to see what a request's time goes to).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { hashPassword } from "../lib/auth/password";
import { devicePasswordAad, generateKey, seal } from "../lib/crypto/seal";
import { createTestDb, sqliteFile } from "../lib/testing/test-db";
import { seedFleet } from "./fixtures/fleet";
import { arg, percentile, round } from "./support";

const ROOT = path.resolve(__dirname, "..");
const VIEWER = { email: "viewer@bench.test", password: randomBytes(12).toString("base64url") };
const PATHS = ["/status", "/api/fleet/summary", "/"] as const;
const SINGLE_PATHS = ["/", "/status", "/devices", "/api/fleet/summary"] as const;
const MAX_POLLED = 1_000;

type SimRouter = { name: string; apiUrl: string; username: string; password: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Starts the simulator with `routers` routers on a free port; resolves with the process and its routers. */
async function startSim(routers: number): Promise<{ child: ChildProcess; routers: SimRouter[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "sim/cli.ts"), "--routers", String(routers), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const controlUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /control: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { child, routers: (await (await fetch(controlUrl)).json()) as SimRouter[] };
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { redirect: "manual" })).status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
}

/** Signs the viewer in as the browser's next-auth client does; returns the Cookie header of the session. */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = cookiesOf(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: VIEWER.email, password: VIEWER.password, callbackUrl: `${base}/`, json: "true" }),
  });
  const cookie = [...jar, ...cookiesOf(res)].join("; ");
  if (!/session-token=/.test(cookie)) throw new Error(`sign-in failed: HTTP ${res.status}`);
  const check = await fetch(`${base}/api/fleet/summary`, { headers: { Cookie: cookie } });
  if (check.status !== 200) throw new Error(`signed-in request failed: HTTP ${check.status}`);
  return cookie;
}

async function single(base: string, cookie: string): Promise<Record<string, { p50: number; p95: number }>> {
  const out: Record<string, { p50: number; p95: number }> = {};
  for (const p of SINGLE_PATHS) {
    const ms: number[] = [];
    for (let i = 0; i < 22; i++) {
      const started = performance.now();
      const res = await fetch(`${base}${p}`, { headers: { Cookie: cookie }, redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${p}: HTTP ${res.status}`);
      if (i >= 2) ms.push(performance.now() - started);
    }
    out[p] = { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
  }
  return out;
}

async function load(base: string, cookie: string, connections: number, duration: number, paths: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const r = await autocannon({ url: `${base}${p}`, connections, duration, timeout: 30, headers: { Cookie: cookie } });
    // Let the answers still in flight drain before the next path is measured.
    await fetch(`${base}${p}`, { headers: { Cookie: cookie } }).then((res) => res.arrayBuffer());
    out[p] = {
      requestsPerSec: round(r.requests.average, 1),
      latencyMs: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
      requests: r.requests.total,
      errors: r.errors,
      non2xx: r.non2xx,
      timeouts: r.timeouts,
    };
  }
  return out;
}

/** What to measure: the load's shape, the paths under load and where the web server's CPU profile goes (none when undefined). */
type LoadOptions = { connections: number; duration: number; paths: readonly string[]; cpuProfileDir: string | undefined };

async function runSize(devices: number, opts: LoadOptions) {
  const t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  const secretKey = generateKey();
  const children: ChildProcess[] = [];
  try {
    await t.db.user.create({ data: { email: VIEWER.email, name: "Bench viewer", role: "VIEWER", passwordHash: await hashPassword(VIEWER.password) } });
    await t.db.$disconnect();
    const seedStarted = performance.now();
    const fleet = seedFleet(sqliteFile(t), { devices });
    const sim = await startSim(Math.min(devices, MAX_POLLED));
    children.push(sim.child);
    const sqlite = new Database(sqliteFile(t));
    try {
      const later = new Date(fleet.now.getTime() + 86_400_000).toISOString().replace("Z", "+00:00");
      sqlite.prepare(`UPDATE "Device" SET "nextPollAt" = ?`).run(later);
      const point = sqlite.prepare(`UPDATE "Device" SET "apiUrl" = ?, "username" = ?, "passwordSealed" = ?, "nextPollAt" = NULL WHERE "id" = ?`);
      const ids = sqlite.prepare(`SELECT "id" FROM "Device" WHERE "enabled" = 1 ORDER BY "id" LIMIT ?`).all(sim.routers.length) as { id: string }[];
      sqlite.transaction(() => {
        ids.forEach(({ id }, i) => {
          const r = sim.routers[i];
          if (r) point.run(r.apiUrl, r.username, seal(r.password, devicePasswordAad(id), secretKey), id);
        });
      })();
    } finally {
      sqlite.close();
    }
    const seedMs = round(performance.now() - seedStarted);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      NODE_OPTIONS: "",
      DATABASE_URL: t.url,
      SECRET_KEY: secretKey,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: base,
      PORT: String(port),
      POLL_INTERVAL_SEC: "60",
      SESSION_IDLE_MINUTES: "480",
      LOG_LEVEL: "warn",
    };
    const profileArgs = opts.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
    children.push(
      spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "lib/worker/cli.ts")], { cwd: ROOT, env, stdio: "ignore" }),
    );
    children.push(
      spawn(process.execPath, [...profileArgs, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
    await waitForHttp(`${base}/login`, 120_000);
    const cookie = await signIn(base);
    return {
      devices,
      polledRouters: sim.routers.length,
      seedMs,
      single: await single(base, cookie),
      load: await load(base, cookie, opts.connections, opts.duration, opts.paths),
    };
  } finally {
    for (const child of children.reverse()) await stop(child);
    await t.cleanup();
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const sizes = arg("sizes", quick ? "1000" : "1000,50000")
    .split(",")
    .map(Number);
  const duration = Number(arg("duration", quick ? "10" : "20"));
  const connections = Number(arg("connections", "50"));
  const paths = arg("paths", PATHS.join(",")).split(",");
  const cpuProfileDir = process.argv.includes("--cpu-prof") ? path.resolve(arg("cpu-prof", "")) : undefined;
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NODE_OPTIONS: "", NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), SECRET_KEY: generateKey() },
    });
    if (res.status !== 0) throw new Error(`next build failed (exit ${res.status ?? res.signal})`);
  }
  const runs = [];
  for (const devices of sizes) runs.push(await runSize(devices, { connections, duration, paths, cpuProfileDir }));
  process.stdout.write(`${JSON.stringify({ bench: "load", connections, durationSec: duration, runs })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
