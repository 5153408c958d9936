import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../changes/engine/testdata/harness";
import { approveChange, proposeChange, scheduleChange } from "../changes/workflow";
import { storedSamples } from "../testing/samples";

/**
 * Three `npm run worker` processes share one fleet through the database (the suite's database: SQLite, or
 * PostgreSQL in `npm run test:unit:pg`). One is killed (SIGKILL) while it holds leases. The stored raw
 * `cpu-load` samples (one per device cycle: `/system/resource` is read every cycle) then show that no router
 * was polled twice in a cycle, none was missed, and the dead worker's routers were taken over within one
 * interval; a change request scheduled meanwhile is applied once, by one worker.
 */

const INTERVAL_SEC = 6;
const LEASE_SEC = 3;
/** Scheduling slack on a loaded test machine: jitter (±10 %), the 1 s claim tick, the write batch delay, a slow cycle. */
const SLACK_MS = 2_500;
const WORKER = path.resolve(__dirname, "cli.ts");

let h: Harness;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", WORKER], {
    cwd: path.resolve(__dirname, "../.."),
    env: {
      ...process.env,
      DATABASE_URL: h.t.url,
      POLL_INTERVAL_SEC: String(INTERVAL_SEC),
      POLL_LEASE_SEC: String(LEASE_SEC),
      POLL_CONCURRENCY: "4",
      CHANGE_RUNNER_INTERVAL_MS: "300",
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  workers.push(child);
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The lease owners (`<host>:<pid>:<random>`) seen in the Device rows right now. */
async function leaseOwners(): Promise<string[]> {
  const rows = await h.t.db.device.findMany({ where: { pollLeaseOwner: { not: null } }, select: { pollLeaseOwner: true } });
  return rows.map((r) => r.pollLeaseOwner ?? "");
}

beforeAll(async () => {
  h = await startHarness({ routers: 12 });
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  await h.close();
});

describe("three workers share the fleet", () => {
  it(
    "poll every router once per interval, take a killed worker's routers over within one interval, and apply a change once",
    { timeout: 180_000 },
    async () => {
      const devices = await h.t.db.device.findMany({ select: { id: true, name: true } });
      const [a, b, c] = [startWorker(), startWorker(), startWorker()];
      const pids = [a, b, c].map((w) => `:${w.pid}:`);
      const seen = new Set<string>();
      // Every worker takes part: each is seen holding leases.
      await waitFor("all three workers holding leases", async () => {
        for (const owner of await leaseOwners()) {
          const pid = pids.find((p) => owner.includes(p));
          if (pid) seen.add(pid);
        }
        return seen.size === 3;
      });

      // A change request scheduled while the three run: each worker's change runner races for it.
      const router = "edge-fra-01";
      const { id, hash } = await proposeChange(h.t.db, h.operator, {
        kind: "macvlan.add",
        params: { name: "macvlan-shared", interface: "ether2" },
        deviceIds: [await h.deviceId(router)],
      });
      await approveChange(h.t.db, h.admin, { id, hash });
      await scheduleChange(h.t.db, h.admin, { id });
      await waitFor("the change request to finish", async () => {
        const { status } = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, select: { status: true } });
        return status !== "SCHEDULED" && status !== "APPLYING";
      });

      // Kill worker c while it holds leases (mid-cycle: claimed routers waiting or being read).
      const victim = pids[2] as string;
      let killedLeases: string[] = [];
      await waitFor("the victim holding leases", async () => {
        const rows = await h.t.db.device.findMany({ where: { pollLeaseOwner: { contains: victim } }, select: { id: true } });
        killedLeases = rows.map((r) => r.id);
        return killedLeases.length > 0;
      });
      const killedAt = Date.now();
      c.kill("SIGKILL");
      await sleep(3 * INTERVAL_SEC * 1000);
      const stoppedAt = Date.now();
      await Promise.all([a, b].map((w) => new Promise((resolve) => (w.once("exit", resolve), w.kill("SIGTERM")))));

      const samples = await storedSamples(h.t.db, { metric: "cpu-load", resolution: 0 });
      const byDevice = new Map<string, number[]>();
      for (const s of samples) byDevice.set(s.deviceId, [...(byDevice.get(s.deviceId) ?? []), s.ts.getTime()]);
      const intervalMs = INTERVAL_SEC * 1000;
      for (const d of devices) {
        const times = byDevice.get(d.id) ?? [];
        // Polled all along: at least one cycle per interval over the run.
        expect(times.length, d.name).toBeGreaterThanOrEqual(Math.floor((stoppedAt - killedAt) / intervalMs));
        const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
        // Never twice in one cycle (two workers at once would stamp two samples a few ms apart) ...
        expect(Math.min(...gaps), d.name).toBeGreaterThanOrEqual(0.9 * intervalMs - SLACK_MS);
        // ... and never missed: no gap longer than one interval, plus the lease of a killed worker's router.
        const allowed = intervalMs * 1.1 + (killedLeases.includes(d.id) ? LEASE_SEC * 1000 : 0) + SLACK_MS;
        expect(Math.max(...gaps), d.name).toBeLessThanOrEqual(allowed);
      }
      // The killed worker's routers were read again within one interval of its death.
      for (const deviceId of killedLeases) {
        const next = (byDevice.get(deviceId) ?? []).find((t) => t > killedAt);
        expect(next, deviceId).toBeDefined();
        expect((next as number) - killedAt).toBeLessThanOrEqual(intervalMs + SLACK_MS);
      }

      // The change: applied, claimed once (one apply_start audit event), the MACVLAN created once.
      expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("APPLIED");
      const starts = await h.t.db.auditEvent.count({ where: { action: "change.apply_start", entityId: id } });
      expect(starts).toBe(1);
      expect(await h.rows(router, "/interface/macvlan?name=macvlan-shared")).toHaveLength(1);
      await h.expectChainOk();
    },
  );
});
