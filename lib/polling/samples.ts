import type { MacsecCounterName, MacsecCounters } from "../routeros/menus/macsec-counters";
import { computeBitsPerSecond, computeRate, type RateOptions } from "../metrics/rates";
import {
  MACSEC_RATE_FIELDS,
  snapshotKey,
  type CounterSnapshotEntry,
  type MacsecRates,
  type MacsecSampleInput,
  type TrafficSampleInput,
} from "../metrics/store";

/** Snapshot kind of `/interface` counters per interface type, so a failed read of one type keeps the other's. */
export type InterfaceCountersKind = "interface-macvlan" | "interface-macsec";
/** Snapshot kind of MACsec `print stats` counters (IEEE 802.1AE names). */
export const MACSEC_STATS_KIND = "macsec-stats";

/**
 * RouterOS v7 interface counters are assumed 64-bit (not documented for REST; *unverified*): a decrease
 * is then effectively always a reset (reboot, interface re-created) and gives no sample.
 */
const COUNTER_OPTS: RateOptions = { wrapBits: 64 };

/**
 * What the poller knows about the interval between the stored snapshot and this read.
 * `uptimeSec`: `/system/resource` `uptime` read in this cycle (seconds since boot); when it is
 * shorter than the interval the router rebooted in between and the counters restarted from zero,
 * even when they have already climbed above the snapshot again (no decrease to detect).
 * `maxIntervalSec`: longest interval that still gives a rate (the poller passes 3 × the device's
 * poll interval); over a longer gap (poller or router away) an average would hide the gap, so no
 * sample is written and the chart shows a gap.
 */
export type SampleInterval = { uptimeSec: number; maxIntervalSec: number };

/** True when a rate over `prevTs → ts` (UTC) is meaningful: positive, not too long, no reboot in between. */
function intervalUsable(prevTs: Date, ts: Date, interval: SampleInterval): boolean {
  const seconds = (ts.getTime() - prevTs.getTime()) / 1000;
  return seconds > 0 && seconds <= interval.maxIntervalSec && interval.uptimeSec >= seconds;
}

/** `/interface` counters of one interface as read (bytes and packets since boot / creation). */
export type InterfaceCounterReading = { name: string; rxByte: bigint; txByte: bigint; rxPacket: bigint; txPacket: bigint };

/**
 * Traffic samples and new snapshots from `/interface` counters.
 * An interface gets a sample only when a previous snapshot exists, the interval is usable (see
 * {@link SampleInterval}: no reboot in between, not longer than `maxIntervalSec`) and no counter went
 * down (reset); its snapshot is always refreshed.
 * @param ts UTC time of the read; rates are bits/s (bytes × 8) and packets/s over `ts - snapshot.ts`.
 */
export function trafficFromCounters(
  deviceId: string,
  kind: InterfaceCountersKind,
  ts: Date,
  counters: InterfaceCounterReading[],
  previous: Map<string, CounterSnapshotEntry>,
  interval: SampleInterval,
): { samples: TrafficSampleInput[]; snapshots: CounterSnapshotEntry[] } {
  const samples: TrafficSampleInput[] = [];
  const snapshots: CounterSnapshotEntry[] = [];
  for (const c of counters) {
    const values = { "rx-byte": c.rxByte, "tx-byte": c.txByte, "rx-packet": c.rxPacket, "tx-packet": c.txPacket };
    snapshots.push({ kind, name: c.name, ts, values });
    const prev = previous.get(snapshotKey(kind, c.name));
    if (!prev || !intervalUsable(prev.ts, ts, interval)) continue;
    const rate = (key: keyof typeof values, bits: boolean): number | null => {
      const before = prev.values[key];
      if (before === undefined) return null;
      const pair = [{ ts: prev.ts, value: before }, { ts, value: values[key] }] as const;
      return bits ? computeBitsPerSecond(pair[0], pair[1], COUNTER_OPTS) : computeRate(pair[0], pair[1], COUNTER_OPTS);
    };
    const rxBps = rate("rx-byte", true);
    const txBps = rate("tx-byte", true);
    const rxPps = rate("rx-packet", false);
    const txPps = rate("tx-packet", false);
    if (rxBps === null || txBps === null || rxPps === null || txPps === null) continue;
    samples.push({ deviceId, interface: c.name, ts, rxBps, txBps, rxPps, txPps });
  }
  return { samples, snapshots };
}

/**
 * MACsec statistics counters of one interface keyed by IEEE 802.1AE name (`InPktsOK`, `OutPktsProtected`,
 * ...; lib/routeros maps RouterOS's `rx-sc-ok`, `tx-sc-protected-packet`, ... onto them); keys may be missing.
 * Snapshots store these names, so snapshots and samples written before the mapping changed stay valid.
 */
export type MacsecCounterReading = { name: string; counters: MacsecCounters };

/** Sample field ← IEEE 802.1AE counter name. */
const MACSEC_COUNTER_NAMES: Record<keyof MacsecRates, MacsecCounterName> = {
  outPktsProtected: "OutPktsProtected",
  outPktsEncrypted: "OutPktsEncrypted",
  inPktsOk: "InPktsOK",
  inPktsInvalid: "InPktsInvalid",
  inPktsNotValid: "InPktsNotValid",
  inPktsLate: "InPktsLate",
  inPktsNoTag: "InPktsNoTag",
  inPktsBadTag: "InPktsBadTag",
  inPktsUnknownSci: "InPktsUnknownSCI",
};

/**
 * MACsec samples (status + counter rates in packets/s) and new snapshots.
 * Every MACsec interface gets a sample carrying its `status`. A rate is null (unknown, never 0) when
 * it cannot be computed: first poll, counter missing or reset, interval not usable (reboot in
 * between or a gap, see {@link SampleInterval}), or no `stats` (RouterOS before 7.21, `stats`
 * undefined).
 * @param interfaces `/interface/macsec` rows: name and `status`
 * @param stats `print stats` rows, or undefined when the router cannot print them
 */
export function macsecFromStats(
  deviceId: string,
  ts: Date,
  interfaces: { name: string; status: string | null }[],
  stats: MacsecCounterReading[] | undefined,
  previous: Map<string, CounterSnapshotEntry>,
  interval: SampleInterval,
): { samples: MacsecSampleInput[]; snapshots: CounterSnapshotEntry[] } {
  const byName = new Map((stats ?? []).map((s) => [s.name, s.counters]));
  const samples: MacsecSampleInput[] = [];
  const snapshots: CounterSnapshotEntry[] = [];
  for (const iface of interfaces) {
    const rates = Object.fromEntries(MACSEC_RATE_FIELDS.map((field) => [field, null])) as MacsecRates;
    const counters = byName.get(iface.name);
    if (counters) {
      const values: Record<string, bigint> = {};
      for (const [key, value] of Object.entries(counters)) if (value !== undefined) values[key] = value;
      snapshots.push({ kind: MACSEC_STATS_KIND, name: iface.name, ts, values });
      const prev = previous.get(snapshotKey(MACSEC_STATS_KIND, iface.name));
      if (prev && intervalUsable(prev.ts, ts, interval)) {
        for (const field of MACSEC_RATE_FIELDS) {
          const key = MACSEC_COUNTER_NAMES[field];
          const before = prev.values[key];
          const now = values[key];
          if (before === undefined || now === undefined) continue;
          rates[field] = computeRate({ ts: prev.ts, value: before }, { ts, value: now }, COUNTER_OPTS);
        }
      }
    }
    samples.push({ deviceId, interface: iface.name, ts, status: iface.status, ...rates });
  }
  return { samples, snapshots };
}
