/**
 * Gaps in the device charts. Recharts 3 breaks a `Line`/`Area` at a point whose value is null
 * (`connectNulls` defaults to false), so a stretch without samples (poller down, device unreachable)
 * is drawn as a break by inserting one null point into it, and unknown values (null rates) are drawn
 * as nothing rather than as 0.
 */

/** A gap between consecutive points longer than this many expected steps breaks the line. */
const GAP_FACTOR = 2;

/** A chart point whose fields other than `t` may be null (null = unknown or no sample: nothing is drawn). */
export type GapPoint<P extends { t: number }> = { [K in keyof P]: K extends "t" ? number : P[K] | null };

/**
 * Expected spacing (seconds) of consecutive points of a series: the bucket width the API
 * downsampled to (`resolutionSec`), or the device's poll interval when it polls less often than that
 * (a 15-minute range has 5 s buckets but only one sample per poll). Both in seconds, > 0.
 */
export function expectedStepSec(resolutionSec: number, pollIntervalSec: number): number {
  return Math.max(resolutionSec, pollIntervalSec);
}

function nullPoint<P extends { t: number }>(like: P, t: number): GapPoint<P> {
  const out: Record<string, number | null> = {};
  for (const key of Object.keys(like)) out[key] = null;
  out.t = t;
  return out as GapPoint<P>;
}

/**
 * Returns `points` (sorted by `t`, ms UTC) with a null point inserted wherever two consecutive points
 * are more than {@link GAP_FACTOR} × `stepSec` apart, so the chart shows a gap instead of a straight
 * line across time without samples. The null point sits one step after the point before the gap;
 * every field but `t` is null. Points are not copied or reordered; an empty or one-point series is
 * returned as is. Throws nothing; a `stepSec` ≤ 0 inserts nothing.
 */
export function withGaps<P extends { t: number }>(points: readonly P[], stepSec: number): GapPoint<P>[] {
  const stepMs = stepSec * 1000;
  const out: GapPoint<P>[] = [];
  points.forEach((point, i) => {
    const previous = i > 0 ? points[i - 1] : undefined;
    if (previous && stepMs > 0 && point.t - previous.t > GAP_FACTOR * stepMs) out.push(nullPoint(point, previous.t + stepMs));
    out.push(point as GapPoint<P>);
  });
  return out;
}

/** Largest known value (nulls, i.e. unknown, are ignored); 0 when no value is known. */
export function maxKnown(values: Iterable<number | null>): number {
  let max = 0;
  for (const v of values) if (v !== null && v > max) max = v;
  return max;
}
