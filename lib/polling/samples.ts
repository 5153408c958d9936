import "server-only";
import { computeRate, type RateOptions } from "../metrics/rates";
import {
  fieldNames,
  metricDescriptor,
  type CounterDescriptor,
  type CycleReadings,
  type GaugeDescriptor,
  type MetricDescriptor,
  type MetricId,
} from "../metrics/descriptors";
import type { MetricSampleInput } from "../metrics/sample-store";
import { snapshotKey, type CounterSnapshotEntry } from "../metrics/store";

/**
 * RouterOS v7 interface counters are assumed 64-bit (not documented for REST; *unverified*): a decrease
 * is then effectively always a reset (reboot, interface re-created) and gives no rate.
 */
const COUNTER_OPTS: RateOptions = { wrapBits: 64 };

/**
 * What the poller knows about the interval between the stored snapshot and this read.
 * `uptimeSec`: `/system/resource` `uptime` read in this cycle (seconds since boot); when it is
 * shorter than the interval the router rebooted in between and the counters restarted from zero,
 * even when they have already climbed above the snapshot again (no decrease to detect).
 * `maxIntervalSec`: longest interval that still gives a rate (the poller passes 3 × the device's
 * poll interval); over a longer gap (poller or router away) an average would hide the gap, so no
 * rate is written and the chart shows a gap.
 */
export type SampleInterval = { uptimeSec: number; maxIntervalSec: number };

/** True when a rate over `prevTs → ts` (UTC) is meaningful: positive, not too long, no reboot in between. */
function intervalUsable(prevTs: Date, ts: Date, interval: SampleInterval): boolean {
  const seconds = (ts.getTime() - prevTs.getTime()) / 1000;
  return seconds > 0 && seconds <= interval.maxIntervalSec && interval.uptimeSec >= seconds;
}

/** Samples of one metric in one cycle, the counter snapshots to store and the snapshot kind they replace (counters only). */
export type MetricSamples = { samples: MetricSampleInput[]; snapshots: CounterSnapshotEntry[]; snapshotKind: string | null };

function gaugeSamples(deviceId: string, metric: MetricId, d: GaugeDescriptor<string>, readings: CycleReadings): MetricSamples | undefined {
  const read = d.read(readings);
  if (!read) return undefined;
  const samples = read.map((r) => ({ deviceId, metric, series: r.series, ts: r.ts, values: r.values, status: r.status ?? null }));
  return { samples, snapshots: [], snapshotKind: null };
}

function counterSamples(
  deviceId: string,
  metric: MetricId,
  d: CounterDescriptor<string>,
  readings: CycleReadings,
  previous: Map<string, CounterSnapshotEntry>,
  interval: SampleInterval,
): MetricSamples | undefined {
  const read = d.read(readings);
  if (!read) return undefined;
  const { ts } = read;
  const samples: MetricSampleInput[] = [];
  const snapshots: CounterSnapshotEntry[] = [];
  for (const row of read.rows) {
    const values: Record<string, number | null> = Object.fromEntries(fieldNames(metric).map((f) => [f, null]));
    if (row.counters) {
      const counters = row.counters;
      snapshots.push({ kind: d.snapshotKind, name: row.name, ts, values: counters });
      const prev = previous.get(snapshotKey(d.snapshotKind, row.name));
      if (prev && intervalUsable(prev.ts, ts, interval)) {
        for (const [field, f] of Object.entries(d.fields)) {
          const before = prev.values[f.counter];
          const now = counters[f.counter];
          if (before === undefined || now === undefined) continue;
          const rate = computeRate({ ts: prev.ts, value: before }, { ts, value: now }, COUNTER_OPTS);
          values[field] = rate === null ? null : rate * (f.scale ?? 1);
        }
      }
    }
    if (d.unknownRate === "skip-sample" && Object.values(values).some((v) => v === null)) continue;
    samples.push({ deviceId, metric, series: row.name, ts, values, status: row.status ?? null });
  }
  return { samples, snapshots, snapshotKind: d.snapshotKind };
}

/**
 * The samples of `metric` from one cycle's readings, per its descriptor (lib/metrics/descriptors.ts).
 * Gauges: the values as read. Counters: each series' raw counters become a snapshot (always refreshed)
 * and, against the previous snapshot of the same kind and series, per-second rates × `scale` (bits/s
 * from bytes); a rate is unknown on the first poll, when the interval is not usable (reboot in
 * between or a gap, see {@link SampleInterval}), when a counter went down (reset) or is missing. An
 * unknown rate drops the series' sample (`skip-sample`) or is stored as null (`null`).
 * @param previous the device's stored snapshots, keyed by snapshotKey(kind, name)
 * @returns undefined when the metric's section failed this cycle (its snapshots are then kept)
 */
export function metricSamples(
  deviceId: string,
  metric: MetricId,
  readings: CycleReadings,
  previous: Map<string, CounterSnapshotEntry>,
  interval: SampleInterval,
): MetricSamples | undefined {
  const d: MetricDescriptor = metricDescriptor(metric);
  return d.kind === "gauge" ? gaugeSamples(deviceId, metric, d, readings) : counterSamples(deviceId, metric, d, readings, previous, interval);
}
