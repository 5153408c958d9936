import "server-only";
import { FLEET_TRAFFIC_WINDOW_SEC, MACSEC_SECURED_STATUS } from "../status/definitions";
import { normaliseMac } from "../validation/routeros";
import { parseThresholds, type RuleScope, type RuleType, type Thresholds } from "./rule-types";
import type { FleetSnapshot, SnapshotDevice } from "./snapshot";

/**
 * One rule's view of the stored fleet: per object in its scope, whether the newest poll shows the condition (`bad`),
 * shows it cleared (`good`, below the clear level for thresholds) or says nothing new (`hold`: device not up, rate
 * unknown or stale, or a value between the clear level and the threshold).
 */

export type Verdict = "bad" | "good" | "hold";

export type Observation = {
  /** `<deviceId>` or `<deviceId>/<subject>` (Alert.objectKey; `<deviceId>` for device-level rules whatever their subject). */
  objectKey: string;
  deviceId: string;
  siteId: string;
  /** Interface name, MAC address, "" for the device, or what changed for config-changed-outside (lines added/removed). */
  subject: string;
  /**
   * The poll this verdict comes from (UTC): Device.lastPollAt for device-down, lastOkAt otherwise; null = never. For
   * config-changed-outside the newest backup's takenAt, or its reviewedAt once reviewed (a review is a new observation).
   */
  pollAt: Date | null;
  verdict: Verdict;
  /** What was compared (units: packets/s, bits/s, %), for the alert's `values` and the notifications. */
  values: Record<string, string | number | null>;
};

/** A rule as evaluated: its row with the thresholds parsed. */
export type EvaluatedRule = {
  id: string;
  name: string;
  type: RuleType;
  severity: string;
  scope: RuleScope;
  scopeValue: string | null;
  thresholds: Thresholds<RuleType>;
};

/** How a rule's state machine counts: polls to fire, polls to resolve, and a minimum time pending (ms). */
export type RuleTiming = { polls: number; clearPolls: number; forMs: number };

/** The timing of a rule from its thresholds (cpu-high / memory-high: `minutes` pending, one poll, one clear poll). */
export function ruleTiming(rule: EvaluatedRule): RuleTiming {
  const t = rule.thresholds as { polls?: number; clearPolls?: number; minutes?: number };
  return { polls: t.polls ?? 1, clearPolls: t.clearPolls ?? 1, forMs: (t.minutes ?? 0) * 60_000 };
}

/**
 * Parses a rule row's thresholds (lib/alerts/rule-types.ts).
 * @throws Error when the type is unknown or the thresholds do not match it
 */
export function toEvaluatedRule(row: {
  id: string;
  name: string;
  type: string;
  severity: string;
  scope: string;
  scopeValue: string | null;
  thresholds: string;
}): EvaluatedRule {
  const type = row.type as RuleType;
  return { ...row, type, scope: row.scope as RuleScope, thresholds: parseThresholds(type, row.thresholds) };
}

/** Whether a device is in a rule's scope. */
export function inScope(rule: EvaluatedRule, device: SnapshotDevice, tags: FleetSnapshot["tags"]): boolean {
  switch (rule.scope) {
    case "fleet":
      return true;
    case "site":
      return device.siteId === rule.scopeValue;
    case "device":
      return device.id === rule.scopeValue;
    case "tag":
      return rule.scopeValue !== null && (tags.get(device.id)?.has(rule.scopeValue) ?? false);
  }
}

/** bad above `above`, good below `clearBelow` (default 80 % of above), hold in between or when unknown. */
function thresholdVerdict(value: number | null, t: { above: number; clearBelow?: number | undefined }): Verdict {
  if (value === null || !Number.isFinite(value)) return "hold";
  if (value > t.above) return "bad";
  return value < (t.clearBelow ?? t.above * 0.8) ? "good" : "hold";
}

/** A raw macsec-stats sample older than this before the device's last good poll is stale (its read failed since). */
const STALE_SAMPLE_MS = 10 * 60_000;

function groupBy<T extends { deviceId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.deviceId);
    if (list) list.push(r);
    else out.set(r.deviceId, [r]);
  }
  return out;
}

/** Per-device lookups of a snapshot, built once per evaluation and shared by every rule. */
export type SnapshotIndex = {
  macsecs: Map<string, FleetSnapshot["macsecs"]>;
  macvlans: Map<string, FleetSnapshot["macvlans"]>;
  sessions: Map<string, FleetSnapshot["sessions"]>;
};

/** Groups the snapshot's interface and session rows by device. */
export function indexSnapshot(s: FleetSnapshot): SnapshotIndex {
  return { macsecs: groupBy(s.macsecs), macvlans: groupBy(s.macvlans), sessions: groupBy(s.sessions) };
}

/**
 * Decides which observations are worth building: `keep(objectKey, verdict)` false skips one (the engine keeps those
 * that are bad or whose object has an active alert: any other changes nothing). Default: keep all.
 */
export type KeepObservation = (objectKey: string, verdict: Verdict) => boolean;

/**
 * The observations of one rule over the devices in its scope. Interface and session rules look only at devices that
 * are `up` (a down device's stored rows are its last good poll's: their objects hold). `config-changed-outside` looks
 * at the devices of FleetSnapshot.configBackups only (any other device has no outside change and no alert of it).
 * Values are built only for the observations `keep` keeps.
 * @returns the kept observations and the number of objects judged
 */
export function observe(
  rule: EvaluatedRule,
  s: FleetSnapshot,
  index: SnapshotIndex,
  keep: KeepObservation = () => true,
): { kept: Observation[]; judged: number } {
  const out: Observation[] = [];
  let judged = 0;
  const add = (d: SnapshotDevice, objectKey: string, subject: string, verdict: Verdict, values: () => Observation["values"], pollAt: Date | null) => {
    judged++;
    if (keep(objectKey, verdict)) out.push({ objectKey, deviceId: d.id, siteId: d.siteId, subject, pollAt, verdict, values: values() });
  };
  for (const d of s.devices) {
    if (!inScope(rule, d, s.tags)) continue;
    const up = d.status === "up";
    const push = (subject: string, verdict: Verdict, values: () => Observation["values"]) =>
      add(d, subject === "" ? d.id : `${d.id}/${subject}`, subject, up ? verdict : "hold", values, d.lastOkAt);
    switch (rule.type) {
      case "device-down": {
        const failing = d.status === "down" || d.status === "unauthorized";
        add(d, d.id, "", failing ? "bad" : "good", () => ({ status: d.status }), d.lastPollAt);
        break;
      }
      case "macsec-not-encrypted":
        for (const m of index.macsecs.get(d.id) ?? []) push(m.name, m.status === MACSEC_SECURED_STATUS ? "good" : "bad", () => ({ status: m.status }));
        break;
      case "macsec-errors": {
        const t = rule.thresholds as Thresholds<"macsec-errors">;
        for (const m of index.macsecs.get(d.id) ?? []) {
          const sample = s.macsecErrors.get(`${d.id}/${m.name}`);
          const fresh = sample !== undefined && d.lastOkAt !== null && sample.ts >= d.lastOkAt.getTime() - STALE_SAMPLE_MS;
          const rates = t.counters.map((c) => (fresh ? sample.rates[c] : null));
          const known = rates.filter((r): r is number => r !== null);
          const total = known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
          push(m.name, thresholdVerdict(total, t), () => ({ ...Object.fromEntries(t.counters.map((c, i) => [c, rates[i] ?? null])), packetsPerSecond: total }));
        }
        break;
      }
      case "macvlan-not-running":
        for (const m of index.macvlans.get(d.id) ?? []) push(m.name, m.running ? "good" : "bad", () => ({ running: String(m.running) }));
        break;
      case "macvlan-traffic": {
        const t = rule.thresholds as Thresholds<"macvlan-traffic">;
        for (const m of index.macvlans.get(d.id) ?? []) {
          const fresh = m.ratesAt !== null && d.lastOkAt !== null && m.ratesAt.getTime() >= d.lastOkAt.getTime() - FLEET_TRAFFIC_WINDOW_SEC * 1000;
          const total = fresh && m.rxBitsPerSecond !== null && m.txBitsPerSecond !== null ? m.rxBitsPerSecond + m.txBitsPerSecond : null;
          push(m.name, thresholdVerdict(total, t), () => ({ rxBitsPerSecond: m.rxBitsPerSecond, txBitsPerSecond: m.txBitsPerSecond, bitsPerSecond: total }));
        }
        break;
      }
      case "mac-session-unknown": {
        const allowed = (mac: string) => (s.allowList.get(`device:${d.id}`)?.has(mac) ?? false) || (s.allowList.get(`site:${d.siteId}`)?.has(mac) ?? false);
        const byMac = new Map<string, string[]>();
        for (const session of index.sessions.get(d.id) ?? []) {
          const mac = normaliseMac(session.srcAddress);
          byMac.set(mac, [...(byMac.get(mac) ?? []), session.interface]);
        }
        for (const [mac, interfaces] of byMac) push(mac, allowed(mac) ? "good" : "bad", () => ({ "src-address": mac, interface: interfaces.join(",") }));
        break;
      }
      case "cpu-high": {
        const t = rule.thresholds as Thresholds<"cpu-high">;
        push("", thresholdVerdict(d.cpuLoad, t), () => ({ "cpu-load": d.cpuLoad }));
        break;
      }
      case "memory-high": {
        const t = rule.thresholds as Thresholds<"memory-high">;
        const used =
          d.totalMemory !== null && d.freeMemory !== null && d.totalMemory > 0n ? (Number(d.totalMemory - d.freeMemory) / Number(d.totalMemory)) * 100 : null;
        push("", thresholdVerdict(used, t), () => ({ memoryUsedPercent: used === null ? null : Math.round(used * 10) / 10 }));
        break;
      }
      case "config-changed-outside": {
        const b = s.configBackups.get(d.id);
        if (!b) break;
        const seenAt = b.reviewedAt !== null && b.reviewedAt > b.takenAt ? b.reviewedAt : b.takenAt;
        const subject = `configuration +${b.linesAdded} −${b.linesRemoved} lines (${b.takenAt.toISOString()})`;
        const values = () => ({
          backupId: b.id,
          takenAt: b.takenAt.toISOString(),
          linesAdded: b.linesAdded,
          linesRemoved: b.linesRemoved,
          reviewedAt: b.reviewedAt?.toISOString() ?? null,
        });
        add(d, d.id, subject, b.outsideChange && b.reviewedAt === null ? "bad" : "good", values, seenAt);
        break;
      }
    }
  }
  return { kept: out, judged };
}
