import "server-only";
import { Counter, Gauge, Registry } from "prom-client";
import type { Db } from "../db-client";
import { CHANGE_STATUSES } from "../changes/types";
import { METRICS } from "../metrics/descriptors";
import { MACSEC_STATS_FIELDS } from "../routeros";
import { FLEET_TRAFFIC_WINDOW_SEC } from "../status/definitions";

/**
 * The fleet's series of `GET /metrics`, read from what the poller and the alert loop stored, at scrape time, with seven
 * bounded queries whatever the fleet size (one row per enabled device, MACVLAN, MACsec interface, MACsec counter
 * snapshot, firing alert group and change status; no per-device query, no MetricSample read). Series and units are
 * listed in docs/monitoring.md ("Prometheus"); RouterOS names come from docs/routeros.md. Labels: `device` (Device.name),
 * `site` (Site.name), `interface` (the RouterOS interface name). Disabled devices are left out.
 */

/** MACsec `status` that means the link is secured (docs/routeros.md, `/interface/macsec`). */
const OPEN_ENCRYPTED = "open-encrypted";

/**
 * The MACsec counters exported: those the poller samples and charts (the `macsec-stats` descriptor's fields, SC and
 * SecY packet counters: rx-sc-ok, rx-sc-not-valid, rx-sc-late, rx-no-tag, rx-bad-tag, ...), by IEEE 802.1AE name (the
 * CounterSnapshot keys) → RouterOS `print stats` field. The byte and per-SA counters the snapshot also keeps are left
 * out: 9 series per interface instead of 29 (docs/routeros.md: whether the SA counters sum over SAs is unverified).
 */
const EXPORTED_COUNTERS: ReadonlyMap<string, string> = new Map(
  Object.values(METRICS["macsec-stats"].fields).flatMap((f) => {
    const routeros = Object.entries(MACSEC_STATS_FIELDS).find(([, ieee]) => ieee === f.counter)?.[0];
    return routeros ? [[f.counter, routeros] as [string, string]] : [];
  }),
);

const DEVICE_LABELS = ["device", "site"] as const;
const INTERFACE_LABELS = ["device", "site", "interface"] as const;

/** Parses a CounterSnapshot `values` JSON object of decimal strings into numbers (precision above 2^53 is lost, as in Prometheus). */
function snapshotCounters(json: string): [string, number][] {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== "object" || parsed === null) return [];
  return Object.entries(parsed).flatMap(([name, value]) =>
    typeof value === "string" && /^\d+$/.test(value) ? [[name, Number(value)] as [string, number]] : [],
  );
}

/**
 * Builds a fresh prom-client Registry of the fleet's series as stored at `now`.
 * - `routeros_device_up` 1 when the last poll answered (`status` up), 0 otherwise (down, unauthorized, not polled yet);
 * - `routeros_mac_server_sessions` rows of `/tool/mac-server/sessions` at the last poll;
 * - `routeros_macvlan_running` 0/1 and `routeros_macvlan_{rx,tx}_bits_per_second` (the latest rates, only when read
 *   within FLEET_TRAFFIC_WINDOW_SEC of `now` and the device is up);
 * - `routeros_macsec_open_encrypted` 0/1 and `routeros_macsec_status` 1 with the RouterOS `status` as a label;
 * - `routeros_macsec_stats_packets_total` (counter, label `counter` = the RouterOS `print stats` field, e.g.
 *   `rx-sc-not-valid`; the nine of EXPORTED_COUNTERS), the raw values of the last poll (7.21+);
 * - `routeros_alerts_firing` firing alerts by device, rule and severity;
 * - `routeros_noc_change_requests` change requests by status (every status, 0 included).
 * @throws database errors
 */
export async function fleetRegistry(db: Db, now: Date = new Date()): Promise<Registry> {
  const registry = new Registry();
  const registers = [registry];
  const devices = await db.device.findMany({ where: { enabled: true }, select: { id: true, name: true, status: true, site: { select: { name: true } } } });
  const labelsOf = new Map(devices.map((d) => [d.id, { device: d.name, site: d.site.name, up: d.status === "up" }]));

  const up = new Gauge({
    name: "routeros_device_up",
    help: "1 when the router answered its last poll (status up), else 0.",
    labelNames: DEVICE_LABELS,
    registers,
  });
  const sessions = new Gauge({
    name: "routeros_mac_server_sessions",
    help: "MAC server sessions (/tool/mac-server/sessions rows) at the last poll.",
    labelNames: DEVICE_LABELS,
    registers,
  });
  const sessionCounts = await db.macServerSession.groupBy({ by: ["deviceId"], _count: { _all: true } });
  const sessionsOf = new Map(sessionCounts.map((s) => [s.deviceId, s._count._all]));
  for (const [id, l] of labelsOf) {
    up.set({ device: l.device, site: l.site }, l.up ? 1 : 0);
    sessions.set({ device: l.device, site: l.site }, sessionsOf.get(id) ?? 0);
  }

  await addMacvlans(db, registers, labelsOf, now);
  await addMacsecs(db, registers, labelsOf);
  await addAlerts(db, registers, labelsOf);

  const changes = new Gauge({ name: "routeros_noc_change_requests", help: "Change requests by status.", labelNames: ["status"] as const, registers });
  const byStatus = new Map((await db.changeRequest.groupBy({ by: ["status"], _count: { _all: true } })).map((g) => [g.status as string, g._count._all]));
  for (const status of CHANGE_STATUSES) changes.set({ status }, byStatus.get(status) ?? 0);
  return registry;
}

type DeviceLabels = Map<string, { device: string; site: string; up: boolean }>;

async function addMacvlans(db: Db, registers: Registry[], labelsOf: DeviceLabels, now: Date): Promise<void> {
  const running = new Gauge({ name: "routeros_macvlan_running", help: "1 when the MACVLAN interface is running.", labelNames: INTERFACE_LABELS, registers });
  const rx = new Gauge({
    name: "routeros_macvlan_rx_bits_per_second",
    help: "MACVLAN receive rate, bits/s (latest poll).",
    labelNames: INTERFACE_LABELS,
    registers,
  });
  const tx = new Gauge({
    name: "routeros_macvlan_tx_bits_per_second",
    help: "MACVLAN transmit rate, bits/s (latest poll).",
    labelNames: INTERFACE_LABELS,
    registers,
  });
  const since = now.getTime() - FLEET_TRAFFIC_WINDOW_SEC * 1000;
  const rows = await db.macvlanInterface.findMany({
    where: { device: { enabled: true } },
    select: { deviceId: true, name: true, running: true, rxBitsPerSecond: true, txBitsPerSecond: true, ratesAt: true },
  });
  for (const r of rows) {
    const l = labelsOf.get(r.deviceId);
    if (!l) continue;
    const labels = { device: l.device, site: l.site, interface: r.name };
    running.set(labels, r.running ? 1 : 0);
    const fresh = l.up && r.ratesAt !== null && r.ratesAt.getTime() >= since && r.ratesAt.getTime() <= now.getTime();
    if (fresh && r.rxBitsPerSecond !== null) rx.set(labels, r.rxBitsPerSecond);
    if (fresh && r.txBitsPerSecond !== null) tx.set(labels, r.txBitsPerSecond);
  }
}

async function addMacsecs(db: Db, registers: Registry[], labelsOf: DeviceLabels): Promise<void> {
  const open = new Gauge({
    name: "routeros_macsec_open_encrypted",
    help: "1 when the MACsec interface's status is open-encrypted (secured), else 0.",
    labelNames: INTERFACE_LABELS,
    registers,
  });
  const status = new Gauge({
    name: "routeros_macsec_status",
    help: "1 for the MACsec interface's RouterOS status at the last poll (label status).",
    labelNames: [...INTERFACE_LABELS, "status"] as const,
    registers,
  });
  const packets = new Counter({
    name: "routeros_macsec_stats_packets_total",
    help: "MACsec print stats packet counters (label counter: the RouterOS field, e.g. rx-sc-not-valid).",
    labelNames: [...INTERFACE_LABELS, "counter"] as const,
    registers,
  });
  const rows = await db.macsecInterface.findMany({ where: { device: { enabled: true } }, select: { deviceId: true, name: true, status: true } });
  for (const r of rows) {
    const l = labelsOf.get(r.deviceId);
    if (!l) continue;
    const labels = { device: l.device, site: l.site, interface: r.name };
    open.set(labels, r.status === OPEN_ENCRYPTED ? 1 : 0);
    status.set({ ...labels, status: r.status ?? "unknown" }, 1);
  }
  const snapshots = await db.counterSnapshot.findMany({
    where: { kind: "macsec-stats", device: { enabled: true } },
    select: { deviceId: true, name: true, values: true },
  });
  for (const s of snapshots) {
    const l = labelsOf.get(s.deviceId);
    if (!l) continue;
    for (const [ieee, value] of snapshotCounters(s.values)) {
      const counter = EXPORTED_COUNTERS.get(ieee);
      if (counter) packets.inc({ device: l.device, site: l.site, interface: s.name, counter }, value);
    }
  }
}

async function addAlerts(db: Db, registers: Registry[], labelsOf: DeviceLabels): Promise<void> {
  const firing = new Gauge({
    name: "routeros_alerts_firing",
    help: 'Firing alerts by device, rule and severity (acknowledged ones included; device "" for alerts of no device).',
    labelNames: [...DEVICE_LABELS, "rule", "severity"] as const,
    registers,
  });
  const groups = await db.alert.groupBy({ by: ["deviceId", "ruleId"], where: { state: "firing" }, _count: { _all: true } });
  if (groups.length === 0) return;
  const rules = await db.alertRule.findMany({
    where: { id: { in: [...new Set(groups.map((g) => g.ruleId))] } },
    select: { id: true, name: true, severity: true },
  });
  const ruleOf = new Map(rules.map((r) => [r.id, r]));
  for (const g of groups) {
    const rule = ruleOf.get(g.ruleId);
    const l = g.deviceId ? labelsOf.get(g.deviceId) : undefined;
    if (!rule || (g.deviceId && !l)) continue;
    firing.inc({ device: l?.device ?? "", site: l?.site ?? "", rule: rule.name, severity: rule.severity }, g._count._all);
  }
}
