import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { generateKey } from "../crypto/seal";
import { countSamples } from "../testing/samples";
import { insertSimulatorDevices } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { startPoller, type PollSummary } from "./poller";

/**
 * Every simulator fault (sim/README.md "Faults") and every missing REST policy against one poller cycle,
 * table-driven (docs/reliability.md quotes the summary this file prints). One victim router
 * (`guide-macsec-a`: facts, MAC server, MACsec rows, stats and counters) gets the fault on all its requests
 * (or on its one `print`, the MACsec stats read, for the mid-cycle cases); one `runOnce()` polls the fleet.
 * Each case checks the victim's Device.status and lastError, that a failed cycle wrote nothing but the
 * Device's status columns (one transaction per device cycle: no sample, state row, counter snapshot or fact
 * of a failed cycle), that an `up` cycle wrote its samples, and that every other router is `up` in the same cycle.
 * poller.test.ts asserts the lanes, the deadline, leases and loop mode; this file tries every fault once.
 */

const secretKey = generateKey();
const VICTIM = "guide-macsec-a";
/** Generous for a loaded test machine (healthy cycles of ~10 reads took up to 4 s under a load of 14 on 2 cores). */
const REQUEST_TIMEOUT_MS = 2_000;
const ALL_POLICIES = ["read", "write", "api", "rest-api", "sensitive"];
const BEFORE_CYCLE_ERROR = "set by the test before the cycle";
const fileStarted = performance.now();

let sim: Simulator;
let t: TestDb;
let victimId: string;

/** What the cycle may write: nothing (failed cycle), everything, or everything but the MACsec section (its read failed). */
type Writes = "none" | "all" | "all-but-macsec";
type Case = {
  name: string;
  fault: { mode: string; latencyMs?: number; methods?: string[]; count?: number } | { policies: string[] };
  expected: { status: "up" | "down" | "unauthorized"; error: RegExp | null; writes: Writes };
};
type Outcome = {
  name: string;
  fault: Case["fault"];
  expected: { status: string; error: string | null; writes: Writes };
  actual: { status: string; error: string | null } | null;
  asExpected: boolean;
};

const timedOut = /^Timed out: router did not answer within 2\.0 s/;
const down = (error: RegExp): Case["expected"] => ({ status: "down", error, writes: "none" });
const up: Case["expected"] = { status: "up", error: null, writes: "all" };

const CASES: Case[] = [
  { name: "latency 100 ms (below the 2 s request timeout)", fault: { mode: "latency", latencyMs: 100 }, expected: up },
  { name: "latency 3 s (beyond the request timeout)", fault: { mode: "latency", latencyMs: 3_000 }, expected: down(timedOut) },
  { name: "hang", fault: { mode: "hang" }, expected: down(timedOut) },
  { name: "apply-then-hang", fault: { mode: "apply-then-hang" }, expected: down(timedOut) },
  { name: "late-apply 100 ms (below the request timeout)", fault: { mode: "late-apply", latencyMs: 100 }, expected: up },
  { name: "late-apply 3 s (beyond the request timeout)", fault: { mode: "late-apply", latencyMs: 3_000 }, expected: down(timedOut) },
  { name: "reset", fault: { mode: "reset" }, expected: down(/^Router unreachable: connection (reset|closed) by the router/) },
  { name: "http500", fault: { mode: "http500" }, expected: down(/^Router answered 500 Internal Server Error/) },
  { name: "garbage (200 + malformed JSON)", fault: { mode: "garbage" }, expected: down(/^Unexpected answer from the router: body is not JSON/) },
  {
    name: "unauthorized (401)",
    fault: { mode: "unauthorized" },
    expected: { status: "unauthorized", error: /^Router refused the credentials \(401/, writes: "none" },
  },
  {
    name: "hang mid-cycle (the MACsec stats print, after facts and other sections were read)",
    fault: { mode: "hang", methods: ["PRINT"] },
    expected: down(/^Timed out: router did not answer within 2\.0 s \(POST \/rest\/interface\/macsec\/print\)/),
  },
  {
    name: "http500 on one section (the MACsec stats print)",
    fault: { mode: "http500", methods: ["PRINT"], count: 1 },
    expected: { status: "up", error: /^macsec: Router answered 500 Internal Server Error/, writes: "all-but-macsec" },
  },
  {
    name: "policy: user without read",
    fault: { policies: ["write", "api", "rest-api", "sensitive"] },
    expected: { status: "unauthorized", error: /lacks the read policy/, writes: "none" },
  },
  {
    name: "policy: user without rest-api (401)",
    fault: { policies: ["read", "write", "api", "sensitive"] },
    expected: { status: "unauthorized", error: /^Router refused the credentials \(401/, writes: "none" },
  },
  { name: "policy: user without write (the poller only reads)", fault: { policies: ["read", "api", "rest-api", "sensitive"] }, expected: up },
  { name: "policy: user without sensitive (the poller never reads cak)", fault: { policies: ["read", "write", "api", "rest-api"] }, expected: up },
];

const outcomes: Outcome[] = [];

async function control(path: string, method: "PUT" | "DELETE", body?: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${VICTIM}/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** Everything a cycle writes about the victim, except the Device's status columns and lease. */
async function victimState() {
  const where = { deviceId: victimId };
  const device = await t.db.device.findUniqueOrThrow({
    where: { id: victimId },
    select: { identity: true, version: true, uptimeSec: true, cpuLoad: true, freeMemory: true, totalMemory: true, lastOkAt: true, macTelnetAllowedList: true },
  });
  return {
    device,
    samples: {
      sessions: await countSamples(t.db, { ...where, metric: "mac-server-sessions" }),
      traffic: (await countSamples(t.db, { ...where, metric: "macvlan-traffic" })) + (await countSamples(t.db, { ...where, metric: "macsec-traffic" })),
      macsec: await countSamples(t.db, { ...where, metric: "macsec-stats" }),
      all: await countSamples(t.db, where),
    },
    snapshots: await t.db.counterSnapshot.findMany({ where, orderBy: [{ kind: "asc" }, { name: "asc" }] }),
    macsecs: await t.db.macsecInterface.findMany({ where, orderBy: { name: "asc" } }),
    macvlans: await t.db.macvlanInterface.findMany({ where, orderBy: { name: "asc" } }),
    sessions: await t.db.macServerSession.findMany({ where, orderBy: [{ srcAddress: "asc" }, { interface: "asc" }] }),
  };
}

async function runCycle(): Promise<PollSummary> {
  const poller = startPoller({
    db: t.db,
    loop: false,
    concurrency: 8,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    connectTimeoutMs: REQUEST_TIMEOUT_MS,
    // No retry: one failed read is one failure (retries are tested in lib/routeros/client.test.ts).
    maxRetries: 0,
    // Room for every read of an `up` cycle on a loaded machine; the deadline itself is tested in poller.test.ts.
    cycleTimeoutMs: 20_000,
    rollupEveryMs: 0,
    secretKey,
  });
  try {
    return await poller.runOnce();
  } finally {
    await poller.stop();
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 6, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  await insertSimulatorDevices(t.db, sim.routers, secretKey);
  victimId = `dev-${VICTIM}`;
  // A healthy first cycle: every router has facts, state rows and counter snapshots a failed cycle must not touch.
  const first = await runCycle();
  expect(first.results).toHaveLength(sim.routers.length);
  expect(first.results.filter((r) => r.status !== "up").map((r) => [r.name, r.error])).toEqual([]);
  expect((await victimState()).macsecs.length).toBeGreaterThan(0);
});

afterAll(async () => {
  const summary = {
    file: "lib/polling/fault-matrix.test.ts",
    tried: outcomes.length,
    asExpected: outcomes.filter((o) => o.asExpected).length,
    ms: Math.round(performance.now() - fileStarted),
    unexpected: outcomes.filter((o) => !o.asExpected),
  };
  console.log(JSON.stringify(summary));
  await t?.cleanup();
  await sim?.close();
});

describe("fault matrix: every simulator fault × one poller cycle", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const outcome: Outcome = {
        name: c.name,
        fault: c.fault,
        expected: { ...c.expected, error: c.expected.error?.source ?? null },
        actual: null,
        asExpected: false,
      };
      outcomes.push(outcome);
      await t.db.device.update({ where: { id: victimId }, data: { status: "unknown", lastError: BEFORE_CYCLE_ERROR } });
      const before = await victimState();
      const cycleStart = new Date();
      if ("policies" in c.fault) await control("user", "PUT", { policies: c.fault.policies });
      else await control("fault", "PUT", c.fault);
      let summary: PollSummary;
      try {
        summary = await runCycle();
      } finally {
        await control("fault", "DELETE");
        await control("user", "PUT", { policies: ALL_POLICIES });
      }

      const device = await t.db.device.findUniqueOrThrow({ where: { id: victimId } });
      outcome.actual = { status: device.status, error: device.lastError };
      expect(summary.results.find((r) => r.deviceId === victimId)?.status).toBe(c.expected.status);
      expect(device.status).toBe(c.expected.status);
      if (c.expected.error) expect(device.lastError).toMatch(c.expected.error);
      else expect(device.lastError).toBeNull();
      expect(device.lastPollAt?.getTime()).toBeGreaterThanOrEqual(cycleStart.getTime());

      const others = summary.results.filter((r) => r.deviceId !== victimId);
      expect(others.map((r) => [r.name, r.status]).sort()).toEqual(
        sim.routers
          .filter((r) => r.name !== VICTIM)
          .map((r) => [r.name, "up"])
          .sort(),
      );

      const after = await victimState();
      if (c.expected.writes === "none") {
        expect(after).toEqual(before);
      } else {
        expect(after.samples.sessions).toBe(before.samples.sessions + 1);
        expect(after.device.lastOkAt?.getTime()).toBeGreaterThanOrEqual(cycleStart.getTime());
        const macsecKinds = new Set(["interface-macsec", "macsec-stats"]);
        const macsecSnapshots = (s: typeof before) => s.snapshots.filter((x) => macsecKinds.has(x.kind));
        if (c.expected.writes === "all") {
          expect(macsecSnapshots(after).length).toBeGreaterThan(0);
          expect(macsecSnapshots(after).every((s) => s.ts >= cycleStart)).toBe(true);
          expect(after.macsecs.every((m) => m.updatedAt >= cycleStart)).toBe(true);
        } else {
          // The MACsec section failed: its rows, samples and counter snapshots are kept as they were.
          expect([macsecSnapshots(after), after.macsecs, after.samples.macsec]).toEqual([macsecSnapshots(before), before.macsecs, before.samples.macsec]);
        }
      }
      outcome.asExpected = true;
    });
  }
});
