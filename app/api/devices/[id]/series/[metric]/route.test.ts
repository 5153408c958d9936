import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "@/sim/server";
import { can } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db-client";
import { FIVE_MINUTE_SEC as ROLLUP_RESOLUTION_SEC } from "@/lib/metrics/resolutions";
import { runRollup } from "@/lib/metrics/rollup";
import { pollDevice } from "@/lib/polling/poll-device";
import { RouterOsClient } from "@/lib/routeros";
import { countSamples, deleteSamples, storedSamples } from "@/lib/testing/samples";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import type { SessionUser } from "@/lib/auth/session";
import type { MetricSeries } from "@/lib/devices/detail-dto";
import type { MetricId } from "@/lib/metrics/descriptors";

// The route runs inside Next's request scope: the session is replaced by a chosen user and the web server's
// database by a real SQLite test file; everything else (data layer, query, store, poller, simulator) is real.
const scope = vi.hoisted(() => ({ db: null as Db | null, user: null as SessionUser | null }));
vi.mock("@/lib/db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("@/lib/auth/request-meta", () => ({ clientIpFromHeaders: () => null }));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const { ForbiddenError, UnauthenticatedError } = await import("@/lib/auth/permissions");
  return {
    ...original,
    getCurrentUser: async () => scope.user,
    requirePermission: async (permission: Parameters<typeof can>[1]) => {
      if (!scope.user) throw new UnauthenticatedError();
      if (!can(scope.user.role, permission)) throw new ForbiddenError(permission);
      return scope.user;
    },
  };
});

const { GET } = await import("./route");

const VIEWER: SessionUser = { id: "u-viewer", email: "viewer@noc.local", name: "Viewer", role: "VIEWER" };
type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
let t: TestDb;
const deviceId = "dev-soho";

async function get<M extends MetricId>(metric: M | string, query = "", id = deviceId): Promise<{ status: number; body: MetricSeries<M> }> {
  const res = await GET(new Request(`http://noc.test/api/devices/${id}/series/${metric}${query}`), { params: Promise.resolve({ id, metric }) });
  return { status: res.status, body: (await res.json()) as MetricSeries<M> };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 3, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  scope.db = t.db;
  scope.user = VIEWER;
  const router = sim.routers.find((r) => r.name === "guide-soho-macvlan");
  if (!router) throw new Error("simulator has no guide-soho-macvlan");
  await t.db.site.create({ data: { id: "s", name: "S" } });
  await t.db.device.create({ data: { id: deviceId, name: router.name, siteId: "s", apiUrl: router.apiUrl, username: router.username, passwordSealed: "x" } });
  const client = new RouterOsClient({ apiUrl: router.apiUrl, username: router.username, password: router.password, maxRetries: 0 });
  try {
    await pollDevice(t.db, { id: deviceId, name: router.name }, client);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await pollDevice(t.db, { id: deviceId, name: router.name }, client);
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("GET /api/devices/[id]/series/[metric] from two real polls", () => {
  it("serves the CPU load (%) and memory (bytes) the poller stored from /system/resource", async () => {
    const cpu = await get("cpu-load", "?range=15m");
    expect(cpu.status).toBe(200);
    expect(cpu.body.metric).toBe("cpu-load");
    expect(cpu.body.series.map((s) => s.key)).toEqual([""]);
    const points = cpu.body.series[0]?.points ?? [];
    expect(points.length).toBeGreaterThanOrEqual(1);
    for (const p of points) expect(p.cpuLoad).toSatisfy((v: number | null) => v !== null && v >= 0 && v <= 100);
    const memory = await get("memory", "?range=15m");
    const last = memory.body.series[0]?.points.at(-1);
    expect(last?.usedMemory).toBeGreaterThan(0);
    expect(last?.totalMemory).toBeGreaterThan(last?.usedMemory ?? Infinity);
  });

  it("serves bits/s per MACVLAN interface, and one interface with ?series=", async () => {
    const all = await get("macvlan-traffic", "?range=15m");
    expect(all.body.series.map((s) => s.key)).toContain("macvlan-iot");
    const one = await get("macvlan-traffic", "?range=15m&series=macvlan-iot");
    expect(one.body.series.map((s) => s.key)).toEqual(["macvlan-iot"]);
    const point = one.body.series[0]?.points[0];
    expect((point?.rxBitsPerSecond ?? 0) + (point?.txBitsPerSecond ?? 0)).toBeGreaterThan(0);
  });

  it("serves the 5-minute rollups with min and max for long ranges once the raw samples are gone", async () => {
    const raw = await storedSamples(t.db, { deviceId, metric: "cpu-load", resolution: 0 });
    const values = raw.map((r) => r.values.cpuLoad ?? NaN);
    const summary = await runRollup(t.db, new Date(Date.now() + 15 * 60_000), { latenessMs: 0 });
    expect(summary.rollups["cpu-load"]).toBeGreaterThanOrEqual(1);
    expect(await countSamples(t.db, { deviceId, metric: "cpu-load", resolution: ROLLUP_RESOLUTION_SEC })).toBe(summary.rollups["cpu-load"]);
    await deleteSamples(t.db, { deviceId, resolution: 0 });

    expect((await get("cpu-load", "?range=15m")).body.series).toEqual([]);
    const day = await get("cpu-load", "?range=24h");
    expect(day.body.resolutionSec).toBe(ROLLUP_RESOLUTION_SEC);
    const drawn = day.body.series[0]?.points.map((p) => p.cpuLoad) ?? [];
    expect(drawn.length).toBe(summary.rollups["cpu-load"]);
    // Each bucket averages raw values (two polls: one bucket, or two when they straddle a 5-minute boundary).
    for (const v of drawn) expect(v).toSatisfy((x: number | null) => x !== null && x >= Math.min(...values) && x <= Math.max(...values));
    // Rollup points carry the bucket's min and max: here the smallest and largest of the raw values.
    expect(day.body.sourceResolutionSec).toBe(ROLLUP_RESOLUTION_SEC);
    const points = day.body.series[0]?.points ?? [];
    expect(Math.min(...points.map((p) => p.min?.cpuLoad ?? NaN))).toBe(Math.min(...values));
    expect(Math.max(...points.map((p) => p.max?.cpuLoad ?? NaN))).toBe(Math.max(...values));
    if (drawn.length === 1) expect(drawn[0]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
  });

  it("answers 400 to an unknown metric, 404 to an unknown device and 401 when signed out", async () => {
    expect((await get("ether-traffic")).status).toBe(400);
    expect((await get("cpu-load", "?range=2y")).status).toBe(400);
    expect((await get("cpu-load", "", "no-such-device")).status).toBe(404);
    scope.user = null;
    try {
      expect((await get("cpu-load")).status).toBe(401);
    } finally {
      scope.user = VIEWER;
    }
  });
});
