/**
 * Per-field statistics of one row going into a bucket: its value (a raw sample, or a rollup's average)
 * and, for a rollup, its bucket's minimum and maximum (null when the row carries none: a raw sample, or
 * a rollup written before min/max were stored; the value then stands for both). Null = unknown.
 */
export type FieldStats<N extends string> = {
  avg: Record<N, number | null>;
  min: Record<N, number | null> | null;
  max: Record<N, number | null> | null;
};

/** One time bucket of {@link aggregateBuckets}. */
export type AggregatedBucket<N extends string, E> = {
  /** Bucket start in ms since epoch (UTC). */
  t: number;
  /** Each field's average over the non-null values of its rows (every row weighs once); null when it has none. */
  avg: Record<N, number | null>;
  /** Each field's smallest known value (a row's `min`, else its value); null when it has none. */
  min: Record<N, number | null>;
  /** Each field's largest known value (a row's `max`, else its value); null when it has none. */
  max: Record<N, number | null>;
  /** `extras` of the bucket's newest row (the later one in `rows` on equal `ts`). */
  last: E;
};

type Acc<E> = { t: number; newest: number; last: E; sums: Float64Array; counts: Uint32Array; mins: Float64Array; maxs: Float64Array };

function record<N extends string>(fields: readonly N[], pick: (i: number) => number | null): Record<N, number | null> {
  const out = {} as Record<N, number | null>;
  fields.forEach((f, i) => (out[f] = pick(i)));
  return out;
}

/**
 * Groups rows by `keyOf` and time bucket (start = `floor(ts / bucketMs) × bucketMs`, UTC) and gives
 * each field of `fields` its average, minimum and maximum over the bucket's non-null values: a field
 * with no value in a bucket is null in all three (a gap, never 0). The average weighs every row once,
 * so a bucket of 5-minute rollups averages their averages (each 5-minute bucket counts the same,
 * whatever its number of raw samples), as the database's rollups do (lib/metrics/rollup-sql.ts). Used by the chart
 * downsampling (rows of any resolution; `ts` in ms since epoch, UTC).
 * @param bucketMs bucket width in ms
 * @param fields the numeric fields (rates in bits/s or packets/s, %, bytes, session counts)
 * @param stats the row's values (and its min/max, for a rollup)
 * @param extras what to keep of the newest row (natural key columns, MACsec `status`)
 * @param keyOf series key (device, interface); default: one series
 * @returns buckets sorted by start time
 */
export function aggregateBuckets<R extends { ts: number }, N extends string, E>(
  rows: readonly R[],
  bucketMs: number,
  fields: readonly N[],
  stats: (r: R) => FieldStats<N>,
  extras: (r: R) => E,
  keyOf: (r: R) => string = () => "",
): AggregatedBucket<N, E>[] {
  const buckets = new Map<string, Acc<E>>();
  const n = fields.length;
  for (const row of rows) {
    const ms = row.ts;
    const t = Math.floor(ms / bucketMs) * bucketMs;
    const key = `${keyOf(row)}\u0000${t}`;
    let acc = buckets.get(key);
    if (!acc) {
      const mins = new Float64Array(n).fill(Infinity);
      const maxs = new Float64Array(n).fill(-Infinity);
      acc = { t, newest: ms, last: extras(row), sums: new Float64Array(n), counts: new Uint32Array(n), mins, maxs };
      buckets.set(key, acc);
    } else if (ms >= acc.newest) {
      acc.newest = ms;
      acc.last = extras(row);
    }
    const { avg, min, max } = stats(row);
    for (let i = 0; i < n; i++) {
      const field = fields[i] as N;
      const value = avg[field];
      if (value !== null) {
        acc.sums[i] = (acc.sums[i] ?? 0) + value;
        acc.counts[i] = (acc.counts[i] ?? 0) + 1;
      }
      const low = min?.[field] ?? value;
      const high = max?.[field] ?? value;
      if (low !== null && low < (acc.mins[i] ?? Infinity)) acc.mins[i] = low;
      if (high !== null && high > (acc.maxs[i] ?? -Infinity)) acc.maxs[i] = high;
    }
  }
  return [...buckets.values()]
    .sort((a, b) => a.t - b.t)
    .map((acc) => {
      const known = (i: number) => (acc.counts[i] ?? 0) > 0;
      return {
        t: acc.t,
        avg: record(fields, (i) => (known(i) ? (acc.sums[i] ?? 0) / (acc.counts[i] ?? 1) : null)),
        min: record(fields, (i) => (Number.isFinite(acc.mins[i]) ? (acc.mins[i] ?? null) : null)),
        max: record(fields, (i) => (Number.isFinite(acc.maxs[i]) ? (acc.maxs[i] ?? null) : null)),
        last: acc.last,
      };
    });
}
