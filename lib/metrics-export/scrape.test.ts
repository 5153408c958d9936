import { readFileSync } from "node:fs";
import path from "node:path";
import parsePrometheusTextFormat, { type ParsedFamily, type ParsedSample } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import { evaluateAlerts } from "../alerts/evaluate";
import { ensureBuiltInRules } from "../alerts/service";
import { generateKey } from "../crypto/seal";
import type { Db } from "../db-client";
import { startPoller } from "../polling/poller";
import type { DevicePollResult } from "../polling/poll-device";
import { insertSimulatorDevices, setSimFault } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createMetricsToken, revokeMetricsToken } from "./tokens";
import { createPollHealth, writeWorkerSnapshot } from "./worker-health";

// GET /metrics end to end: the real route handler (app/metrics/route.ts) on a real database filled by the real poller
// polling the simulator over HTTP; only the app's Prisma client (lib/db) is pointed at the test database.
const scope = vi.hoisted(() => ({ db: null as Db | null }));
vi.mock("../db", () => ({
  get db() {
    return scope.db;
  },
}));
const { GET } = await import("../../app/metrics/route");

/** The MACsec counters served (those the poller charts: lib/metrics/descriptors.ts `macsec-stats`), by RouterOS name. */
const MACSEC_EXPORTED = [
  "tx-sc-protected-packet",
  "tx-sc-encrypted-packet",
  "rx-sc-ok",
  "rx-sc-invalid",
  "rx-sc-not-valid",
  "rx-sc-late",
  "rx-no-tag",
  "rx-bad-tag",
  "rx-unknown-sci",
];

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const secretKey = generateKey();
let sim: Sim;
let t: TestDb;
let token: string;
let victim: string;
const cycles: DevicePollResult[] = [];

function scrape(authorization?: string): Promise<Response> {
  return GET(new Request("http://localhost/metrics", { headers: authorization === undefined ? {} : { authorization } }));
}

async function families(): Promise<Map<string, ParsedFamily>> {
  const res = await scrape(`Bearer ${token}`);
  expect(res.status).toBe(200);
  return new Map(parsePrometheusTextFormat(await res.text()).map((f) => [f.name, f]));
}

function samples(all: Map<string, ParsedFamily>, name: string): ParsedSample[] {
  const family = all.get(name);
  if (!family) throw new Error(`no metric family ${name}`);
  return family.metrics;
}

function valueOf(all: Map<string, ParsedFamily>, name: string, labels: Record<string, string>): number | undefined {
  const found = samples(all, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return found?.value === undefined ? undefined : Number(found.value);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 8, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  scope.db = t.db;
  await insertSimulatorDevices(t.db, sim.routers, secretKey);
  await ensureBuiltInRules(t.db);
  victim = sim.routers.at(-1)?.name ?? "";
  const health = createPollHealth();
  const poller = startPoller({
    db: t.db,
    loop: false,
    concurrency: 8,
    requestTimeoutMs: 2_500,
    connectTimeoutMs: 1_000,
    maxRetries: 0,
    rollupEveryMs: 0,
    secretKey,
    onCycleDone: (r) => {
      health.observe(r);
      cycles.push(r);
    },
  });
  try {
    await poller.runOnce();
    const burst = await fetch(`${sim.url}/_sim/routers/guide-macsec-a/condition`, {
      method: "PUT",
      body: JSON.stringify({ macsecNotValid: { interface: "macsec1", packets: 50_000 } }),
    });
    expect(burst.status).toBe(200);
    await poller.runOnce();
    await setSimFault(sim.url, victim, { mode: "reset" });
    for (let i = 0; i < 2; i++) {
      await poller.runOnce();
      await evaluateAlerts(t.db);
    }
  } finally {
    await poller.stop();
    await setSimFault(sim.url, victim, null);
  }
  await writeWorkerSnapshot(t.db, "worker-a", health.registry);
  ({ token } = await createMetricsToken(t.db, null, { name: "prometheus-1" }));
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("GET /metrics", () => {
  it("answers 401 with WWW-Authenticate: Bearer without a token, with a wrong one, another scheme, or a revoked one", async () => {
    const other = await createMetricsToken(t.db, null, { name: "to revoke" });
    expect((await scrape(`Bearer ${other.token}`)).status).toBe(200);
    await revokeMetricsToken(t.db, null, { id: other.view.id });
    const wrong = `rnoc_${"x".repeat(43)}`;
    const refused = [undefined, "", `Bearer ${wrong}`, `Basic ${Buffer.from(`u:${token}`).toString("base64")}`, token, `Bearer ${other.token}`];
    for (const header of refused) {
      const res = await scrape(header);
      expect(`${header}: ${res.status}`).toBe(`${header}: 401`);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      expect(await res.text()).not.toContain("routeros_");
    }
  });

  it("serves the Prometheus text format with the registry's content type, parsed by a text-format parser", async () => {
    const res = await scrape(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const parsed = parsePrometheusTextFormat(await res.text());
    expect(parsed.map((f) => f.name)).toEqual(
      expect.arrayContaining(["routeros_device_up", "routeros_noc_poll_duration_seconds", "routeros_noc_change_requests"]),
    );
  });

  it("gives each device's up, MAC-server sessions and MACVLAN rates as the poller stored them", async () => {
    const all = await families();
    const devices = await t.db.device.findMany({ select: { id: true, name: true, status: true, site: { select: { name: true } } } });
    expect(devices.length).toBe(8);
    for (const d of devices) {
      const labels = { device: d.name, site: d.site.name };
      expect(`${d.name} up=${valueOf(all, "routeros_device_up", labels)}`).toBe(`${d.name} up=${d.status === "up" ? 1 : 0}`);
      const stored = await t.db.macServerSession.count({ where: { deviceId: d.id } });
      expect(`${d.name} sessions=${valueOf(all, "routeros_mac_server_sessions", labels)}`).toBe(`${d.name} sessions=${stored}`);
    }
    expect(valueOf(all, "routeros_device_up", { device: victim })).toBe(0);
    expect(devices.filter((d) => d.status === "up").length).toBeGreaterThan(0);

    const macvlans = await t.db.macvlanInterface.findMany({ where: { rxBitsPerSecond: { not: null }, device: { status: "up" } }, include: { device: true } });
    expect(macvlans.length).toBeGreaterThan(0);
    for (const m of macvlans) {
      const labels = { device: m.device.name, interface: m.name };
      expect(valueOf(all, "routeros_macvlan_rx_bits_per_second", labels)).toBeCloseTo(m.rxBitsPerSecond ?? NaN, 6);
      expect(valueOf(all, "routeros_macvlan_tx_bits_per_second", labels)).toBeCloseTo(m.txBitsPerSecond ?? NaN, 6);
      expect(valueOf(all, "routeros_macvlan_running", labels)).toBe(m.running ? 1 : 0);
    }
  });

  it("gives MACsec status and the raw print stats counters under their RouterOS names", async () => {
    const all = await families();
    const macsecs = await t.db.macsecInterface.findMany({ include: { device: true } });
    expect(macsecs.length).toBeGreaterThan(0);
    for (const m of macsecs) {
      const labels = { device: m.device.name, interface: m.name };
      expect(valueOf(all, "routeros_macsec_open_encrypted", labels)).toBe(m.status === "open-encrypted" ? 1 : 0);
      expect(valueOf(all, "routeros_macsec_status", { ...labels, status: m.status ?? "unknown" })).toBe(1);
    }
    const snapshots = await t.db.counterSnapshot.findMany({ where: { kind: "macsec-stats" }, include: { device: true } });
    expect(snapshots.length).toBeGreaterThan(0);
    expect(all.get("routeros_macsec_stats_packets_total")?.type).toBe("COUNTER");
    for (const s of snapshots) {
      const values = JSON.parse(s.values) as Record<string, string>;
      const labels = { device: s.device.name, interface: s.name };
      expect(valueOf(all, "routeros_macsec_stats_packets_total", { ...labels, counter: "rx-sc-not-valid" })).toBe(Number(values.InPktsNotValid));
      expect(valueOf(all, "routeros_macsec_stats_packets_total", { ...labels, counter: "rx-sc-ok" })).toBe(Number(values.InPktsOK));
      expect(valueOf(all, "routeros_macsec_stats_packets_total", { ...labels, counter: "tx-sc-encrypted-packet" })).toBe(Number(values.OutPktsEncrypted));
      const exported = samples(all, "routeros_macsec_stats_packets_total").filter((x) => x.labels?.device === s.device.name && x.labels.interface === s.name);
      expect(exported.map((x) => x.labels?.counter).sort()).toEqual(MACSEC_EXPORTED.slice().sort());
    }
    // The simulator's burst of not-valid packets on guide-macsec-a (beforeAll), and real traffic counted on every end.
    expect(
      valueOf(all, "routeros_macsec_stats_packets_total", { device: "guide-macsec-a", interface: "macsec1", counter: "rx-sc-not-valid" }),
    ).toBeGreaterThanOrEqual(50_000);
    expect(samples(all, "routeros_macsec_stats_packets_total").filter((s) => s.labels?.counter === "rx-sc-ok" && Number(s.value) > 0).length).toBe(
      snapshots.length,
    );
  });

  it("gives the firing alerts by device, rule and severity, and change requests by status", async () => {
    const all = await families();
    expect(valueOf(all, "routeros_alerts_firing", { device: victim, rule: "Device down or unauthorized", severity: "critical" })).toBe(1);
    const changes = samples(all, "routeros_noc_change_requests");
    expect(changes.length).toBe(11);
    expect(changes.every((s) => s.value === "0")).toBe(true);
  });

  it("gives the worker's poll health: duration histogram over every cycle, lateness, failures by class", async () => {
    const all = await families();
    const [duration] = samples(all, "routeros_noc_poll_duration_seconds");
    expect(cycles.length).toBe(32);
    expect(Number(duration?.count)).toBe(cycles.length);
    expect(Number(duration?.buckets?.["+Inf"])).toBe(cycles.length);
    // Compared with what the poller reported (a loaded machine may time out more than the victim's two cycles).
    const failed = cycles.filter((c) => c.failure !== null);
    expect(failed.filter((c) => c.name === victim).length).toBe(2);
    const failures = samples(all, "routeros_noc_poll_failures_total");
    expect(failures.reduce((sum, s) => sum + Number(s.value), 0)).toBe(failed.length);
    for (const cls of new Set(failed.map((c) => c.failure))) {
      expect(valueOf(all, "routeros_noc_poll_failures_total", { class: cls ?? "" })).toBe(failed.filter((c) => c.failure === cls).length);
    }
    expect(valueOf(all, "routeros_noc_polls_total", { status: "down" })).toBe(cycles.filter((c) => c.status === "down").length);
    expect(valueOf(all, "routeros_noc_workers", {})).toBe(1);
  });

  it("records the token's last use at most once a minute and stores only its SHA-256", async () => {
    const before = await t.db.metricsToken.findFirstOrThrow({ where: { name: "prometheus-1" } });
    expect(before.lastUsedAt).not.toBeNull();
    await scrape(`Bearer ${token}`);
    const after = await t.db.metricsToken.findFirstOrThrow({ where: { name: "prometheus-1" } });
    expect(after.lastUsedAt).toEqual(before.lastUsedAt);
    expect(JSON.stringify(after)).not.toContain(token.slice(5));
  });

  it("ships a Grafana dashboard whose every PromQL metric name is served (docs/grafana/routeros-noc.json)", async () => {
    const all = await families();
    const served = new Set<string>();
    for (const f of all.values()) {
      served.add(f.name);
      if (f.type === "HISTOGRAM") for (const suffix of ["_bucket", "_sum", "_count"]) served.add(`${f.name}${suffix}`);
    }
    const dashboard = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../docs/grafana/routeros-noc.json"), "utf8")) as unknown;
    const exprs = promqlOf(dashboard);
    expect(exprs.length).toBeGreaterThan(10);
    const names = new Set(exprs.flatMap((e) => e.match(/\brouteros_[a-z0-9_]+/g) ?? []));
    expect(names.size).toBeGreaterThan(10);
    expect([...names].filter((n) => !served.has(n))).toEqual([]);
  });
});

/** Every PromQL text of a dashboard: panel targets' `expr` and query variables' `query` (string or `{ query }`). */
function promqlOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(promqlOf);
  if (typeof node !== "object" || node === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "expr" && typeof value === "string") out.push(value);
    else if (key === "query" && typeof value === "string" && value.includes("routeros")) out.push(value);
    else out.push(...promqlOf(value));
  }
  return out;
}
