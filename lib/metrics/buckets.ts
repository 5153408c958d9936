/** One time bucket of {@link averageBuckets}. */
export type AveragedBucket<N extends string, V extends number | null, E> = {
  /** Bucket start in ms since epoch (UTC). */
  t: number;
  /** Each numeric field averaged over its non-null values of the bucket; null when it has none. */
  averages: Record<N, V>;
  /** `extras` of the bucket's newest row (the later one in `rows` on equal `ts`). */
  last: E;
};

/**
 * Groups rows by `keyOf` and time bucket (start = `floor(ts / bucketMs) × bucketMs`, UTC) and averages
 * each numeric field over its non-null values: a field with no value in a bucket is null (a gap, never
 * 0). With `V = number` every row has a value, so no average is null. Used by the 5-minute rollup and
 * by the chart downsampling.
 * @param bucketMs bucket width in ms
 * @param numbers the fields to average (rates in bits/s or packets/s, session counts)
 * @param extras what to keep of the newest row (natural key columns, MACsec `status`)
 * @param keyOf series key (device, interface); default: one series
 * @returns buckets sorted by start time
 */
export function averageBuckets<R extends { ts: Date }, N extends string, V extends number | null, E>(
  rows: R[],
  bucketMs: number,
  numbers: (r: R) => Record<N, V>,
  extras: (r: R) => E,
  keyOf: (r: R) => string = () => "",
): AveragedBucket<N, V, E>[] {
  type Acc = { t: number; newest: number; last: E; sums: Record<N, number>; counts: Record<N, number> };
  const buckets = new Map<string, Acc>();
  for (const row of rows) {
    const ms = row.ts.getTime();
    const t = Math.floor(ms / bucketMs) * bucketMs;
    const key = `${keyOf(row)}\u0000${t}`;
    let acc = buckets.get(key);
    if (!acc) {
      acc = { t, newest: ms, last: extras(row), sums: {} as Record<N, number>, counts: {} as Record<N, number> };
      buckets.set(key, acc);
    } else if (ms >= acc.newest) {
      acc.newest = ms;
      acc.last = extras(row);
    }
    const nums = numbers(row);
    for (const name of Object.keys(nums) as N[]) {
      const value = nums[name];
      acc.sums[name] = (acc.sums[name] ?? 0) + (value ?? 0);
      acc.counts[name] = (acc.counts[name] ?? 0) + (value === null ? 0 : 1);
    }
  }
  return [...buckets.values()]
    .sort((a, b) => a.t - b.t)
    .map((acc) => {
      const averages = {} as Record<N, V>;
      for (const name of Object.keys(acc.counts) as N[]) averages[name] = (acc.counts[name] > 0 ? acc.sums[name] / acc.counts[name] : null) as V;
      return { t: acc.t, averages, last: acc.last };
    });
}
