/**
 * One descriptor per chart metric: where its values come from (RouterOS menu and fields), their units,
 * whether they are counters (rates from deltas against the stored CounterSnapshot) or gauges, what a
 * series is (the device, or one interface of a type), how buckets roll up and how long samples are
 * kept. The poller (lib/polling/samples.ts), the store, the rollup, the chart query, the series route
 * (`/api/devices/[id]/series/[metric]`) and the chart hook (`useSeries`) all work from {@link METRICS}.
 * Client-safe: types and pure functions only. How to add a metric: docs/architecture.md.
 */

/** `/interface` `type`s whose counters and rows the poller keeps (the one declaration of this union). */
export const SAMPLED_INTERFACE_TYPES = ["macvlan", "macsec"] as const;
/** One of {@link SAMPLED_INTERFACE_TYPES}. */
export type SampledInterfaceType = (typeof SAMPLED_INTERFACE_TYPES)[number];

/** Unit of a stored field value. */
export type MetricUnit = "bits/s" | "packets/s" | "%" | "bytes" | "count";

/** One stored field of a metric. */
export type FieldDescriptor = {
  /** Legend and tooltip label. */
  label: string;
  unit: MetricUnit;
  /** RouterOS field(s) it is computed from, as printed (documentation; counters read `counter`). */
  source: string;
};

/** A counter field: a rate per second of the raw counter `counter`, times `scale` (8: bytes → bits). */
export type CounterFieldDescriptor = FieldDescriptor & { counter: string; scale?: number };

/** What a series of a metric is: the device itself (series key `""`), or one interface of a type (key = its `name`). */
export type SeriesScope = { per: "device" } | { per: "interface"; type: SampledInterfaceType };

/** A counter row as read: raw values keyed by RouterOS (or IEEE 802.1AE) counter name; undefined when none was printed. */
export type CounterRow = { name: string; counters: Record<string, bigint> | undefined; status?: string | null };

/**
 * What one poll cycle read, as the descriptors' `read` functions see it (lib/polling/poll-device.ts
 * fills it). A section left undefined failed this cycle: its metrics write nothing and keep their
 * counter snapshots. Times are UTC.
 */
export type CycleReadings = {
  /** `/system/resource`: `cpu-load` (%), `free-memory` and `total-memory` (bytes); read first, so always present. */
  resource: { readAt: Date; cpuLoad: number; freeMemory: number; totalMemory: number };
  /** Number of `/tool/mac-server/sessions` rows. */
  macServerSessions?: { readAt: Date; count: number };
  /** `/interface` counters (`rx-byte`, `tx-byte`, `rx-packet`, `tx-packet`) per type; a type is absent when its menu or the counters read failed. */
  interfaceCounters: Partial<Record<SampledInterfaceType, { readAt: Date; rows: CounterRow[] }>>;
  /** `/interface/macsec` rows (`status`) with their `print stats` counters by IEEE 802.1AE name (undefined before 7.21). */
  macsecStats?: { readAt: Date; rows: CounterRow[] };
};

/** A gauge value set of one series at `ts`. */
export type GaugeReading<F extends string> = { series: string; ts: Date; values: Record<F, number | null>; status?: string | null };

type DescriptorBase<F extends string, D extends FieldDescriptor> = {
  /** Chart title. */
  label: string;
  /** RouterOS menu read (and the print variant or query). */
  menu: string;
  series: SeriesScope;
  fields: Record<F, D>;
  /**
   * How a bucket (5-minute and 1-hour rollups, chart downsampling) combines samples: each field's average,
   * minimum and maximum over its non-null values (lib/metrics/buckets.ts); `status` keeps the bucket's last.
   */
  rollup: "average-min-max";
  /**
   * Raw samples (hours), 5-minute rollups (days) and 1-hour rollups (days) are kept this long; unset =
   * RAW_RETENTION_HOURS / ROLLUP_5M_RETENTION_DAYS / ROLLUP_1H_RETENTION_DAYS (lib/env.ts).
   */
  retention?: { rawHours?: number; fiveMinuteDays?: number; hourlyDays?: number };
};

/** A metric whose values are read as they are (a percentage, a number of bytes or rows). */
export type GaugeDescriptor<F extends string> = DescriptorBase<F, FieldDescriptor> & {
  kind: "gauge";
  /** Values of this cycle per series; undefined when the section failed. */
  read(r: CycleReadings): GaugeReading<F>[] | undefined;
};

/** A metric whose values are per-second rates of monotonic counters (lib/metrics/rates.ts). */
export type CounterDescriptor<F extends string> = DescriptorBase<F, CounterFieldDescriptor> & {
  kind: "counter";
  /** CounterSnapshot `kind` of its raw counters (kept across restarts; one kind per metric, so a failed read keeps the others'). */
  snapshotKind: string;
  /**
   * A rate that cannot be computed (first poll, reset, reboot, gap, counter not printed): `skip-sample`
   * writes no sample for that series (a gap), `null` writes the sample with that field null (unknown, never 0).
   */
  unknownRate: "skip-sample" | "null";
  /** Raw counters of this cycle per series (CounterRow.name = series key); undefined when the section failed. */
  read(r: CycleReadings): { ts: Date; rows: CounterRow[] } | undefined;
};

/** Any descriptor (field names widened). */
export type MetricDescriptor = GaugeDescriptor<string> | CounterDescriptor<string>;

const gauge = <F extends string>(d: Omit<GaugeDescriptor<F>, "kind">): GaugeDescriptor<F> => ({ kind: "gauge", ...d });
const counter = <F extends string>(d: Omit<CounterDescriptor<F>, "kind">): CounterDescriptor<F> => ({ kind: "counter", ...d });

/** `/interface` traffic of one interface type: bits/s from the byte counters, packets/s from the packet counters. */
function interfaceTraffic(type: SampledInterfaceType, label: string) {
  return counter({
    label,
    menu: `/interface (type=${type}): rx-byte, tx-byte, rx-packet, tx-packet`,
    series: { per: "interface", type },
    snapshotKind: `interface-${type}`,
    unknownRate: "skip-sample",
    rollup: "average-min-max",
    fields: {
      rxBitsPerSecond: { label: "rx", unit: "bits/s", source: "rx-byte", counter: "rx-byte", scale: 8 },
      txBitsPerSecond: { label: "tx", unit: "bits/s", source: "tx-byte", counter: "tx-byte", scale: 8 },
      rxPacketsPerSecond: { label: "rx", unit: "packets/s", source: "rx-packet", counter: "rx-packet" },
      txPacketsPerSecond: { label: "tx", unit: "packets/s", source: "tx-packet", counter: "tx-packet" },
    },
    read: (r) => {
      const read = r.interfaceCounters[type];
      return read && { ts: read.readAt, rows: read.rows };
    },
  });
}

/** MACsec statistics field ← IEEE 802.1AE counter (lib/routeros maps RouterOS's `rx-sc-ok`, ... onto these names; docs/routeros.md). */
const ieee = (name: string) => ({ label: name, unit: "packets/s" as const, source: `${name} (print stats)`, counter: name });

/** Every chart metric, by id (the id is stored in MetricSample.metric and used in URLs). */
export const METRICS = {
  "mac-server-sessions": gauge({
    label: "MAC server sessions",
    menu: "/tool/mac-server/sessions (number of rows)",
    series: { per: "device" },
    rollup: "average-min-max",
    fields: { sessions: { label: "MAC server sessions", unit: "count", source: "rows of /tool/mac-server/sessions" } },
    read: (r) => r.macServerSessions && [{ series: "", ts: r.macServerSessions.readAt, values: { sessions: r.macServerSessions.count } }],
  }),
  "macvlan-traffic": interfaceTraffic("macvlan", "MACVLAN traffic"),
  "macsec-traffic": interfaceTraffic("macsec", "MACsec traffic"),
  "macsec-stats": counter({
    label: "MACsec counters",
    menu: "/interface/macsec print stats (7.21+) and /interface/macsec status",
    series: { per: "interface", type: "macsec" },
    snapshotKind: "macsec-stats",
    unknownRate: "null",
    rollup: "average-min-max",
    fields: {
      outPktsProtected: ieee("OutPktsProtected"),
      outPktsEncrypted: ieee("OutPktsEncrypted"),
      inPktsOk: ieee("InPktsOK"),
      inPktsInvalid: ieee("InPktsInvalid"),
      inPktsNotValid: ieee("InPktsNotValid"),
      inPktsLate: ieee("InPktsLate"),
      inPktsNoTag: ieee("InPktsNoTag"),
      inPktsBadTag: ieee("InPktsBadTag"),
      inPktsUnknownSci: ieee("InPktsUnknownSCI"),
    },
    read: (r) => r.macsecStats && { ts: r.macsecStats.readAt, rows: r.macsecStats.rows },
  }),
  "cpu-load": gauge({
    label: "CPU load",
    menu: "/system/resource",
    series: { per: "device" },
    rollup: "average-min-max",
    fields: { cpuLoad: { label: "CPU load", unit: "%", source: "cpu-load" } },
    read: (r) => [{ series: "", ts: r.resource.readAt, values: { cpuLoad: r.resource.cpuLoad } }],
  }),
  memory: gauge({
    label: "Memory",
    menu: "/system/resource",
    series: { per: "device" },
    rollup: "average-min-max",
    fields: {
      usedMemory: { label: "used", unit: "bytes", source: "total-memory − free-memory" },
      totalMemory: { label: "total", unit: "bytes", source: "total-memory" },
    },
    read: (r) => [
      { series: "", ts: r.resource.readAt, values: { usedMemory: r.resource.totalMemory - r.resource.freeMemory, totalMemory: r.resource.totalMemory } },
    ],
  }),
} satisfies Record<string, MetricDescriptor>;

/** Id of a metric: a key of {@link METRICS}. */
export type MetricId = keyof typeof METRICS;

/** Every metric id (a zod enum in the series route). */
export const METRIC_IDS = Object.keys(METRICS) as [MetricId, ...MetricId[]];

/** Field names of metric `M`. */
export type FieldOf<M extends MetricId> = keyof (typeof METRICS)[M]["fields"] & string;

/** The descriptor of `metric`, with field names widened (for code that loops over every metric). */
export function metricDescriptor(metric: MetricId): MetricDescriptor {
  return METRICS[metric];
}

/** The field names of `metric`, in descriptor order. */
export function fieldNames<M extends MetricId>(metric: M): FieldOf<M>[] {
  return Object.keys(METRICS[metric].fields) as FieldOf<M>[];
}

/** A count of 0 per metric (samples of a failed cycle, rollups of an empty run). */
export function zeroPerMetric(): Record<MetricId, number> {
  return Object.fromEntries(METRIC_IDS.map((m) => [m, 0])) as Record<MetricId, number>;
}

/** True when `value` is a metric id. */
export function isMetricId(value: unknown): value is MetricId {
  return typeof value === "string" && Object.hasOwn(METRICS, value);
}
