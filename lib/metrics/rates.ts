/**
 * Counter deltas → per-second rates.
 *
 * RouterOS interface counters (`/interface` `rx-byte`, `tx-byte`, `rx-packet`, `tx-packet`) and
 * MACsec statistics are monotonically increasing unsigned counters. They restart from zero when the
 * router reboots or the interface is removed and re-created, so a counter that goes down is a reset
 * unless a wrap at the configured width is plausible.
 */

/** One reading of a counter: when it was read (UTC) and its raw value (counter units, e.g. bytes). */
export type CounterReading = { ts: Date; value: bigint };

/** Options of {@link computeRate}. */
export type RateOptions = {
  /**
   * Width of the counter in bits. When set, a decrease is treated as a wrap if the wrapped delta is
   * plausible (see {@link isWrapPlausible}); otherwise every decrease is a reset.
   * Whether RouterOS v7 exposes 32- or 64-bit interface counters over REST is not documented; the
   * poller assumes 64 bits, where a wrap is only plausible from a value above 2^63 (never seen in
   * practice), so a decrease is in effect always a reset and yields no rate for that interval.
   */
  wrapBits?: 32 | 64;
};

/**
 * Decides whether `prev → cur` (with `cur < prev`) is a wrap of a `bits`-wide counter.
 * Rule: `prev` must fit in the width and the wrapped delta `2^bits - prev + cur` must be below half
 * the counter range (a counter that dropped by more than half its range restarted from zero).
 */
export function isWrapPlausible(prev: bigint, cur: bigint, bits: 32 | 64): boolean {
  const range = 1n << BigInt(bits);
  if (prev >= range || cur >= range || cur >= prev) return false;
  const wrapped = range - prev + cur;
  return wrapped < range / 2n;
}

/**
 * Per-second rate of a counter between two readings.
 * Units: counter units per second (bytes/s for byte counters, packets/s for packet counters); use
 * {@link computeBitsPerSecond} for bits/s from byte counters.
 * @returns null when there is no previous reading, the interval is not positive, or the counter went
 *   down and no plausible wrap explains it (reset: reboot or interface re-create).
 */
export function computeRate(prev: CounterReading | undefined, cur: CounterReading, opts: RateOptions = {}): number | null {
  if (!prev) return null;
  const seconds = (cur.ts.getTime() - prev.ts.getTime()) / 1000;
  if (!(seconds > 0)) return null;
  let delta: bigint;
  if (cur.value >= prev.value) {
    delta = cur.value - prev.value;
  } else if (opts.wrapBits !== undefined && isWrapPlausible(prev.value, cur.value, opts.wrapBits)) {
    delta = (1n << BigInt(opts.wrapBits)) - prev.value + cur.value;
  } else {
    return null;
  }
  return Number(delta) / seconds;
}

/**
 * Bits per second from a byte counter: bytes delta × 8 / seconds.
 * @returns null in the same cases as {@link computeRate}.
 */
export function computeBitsPerSecond(prev: CounterReading | undefined, cur: CounterReading, opts: RateOptions = {}): number | null {
  const bytesPerSecond = computeRate(prev, cur, opts);
  return bytesPerSecond === null ? null : bytesPerSecond * 8;
}
