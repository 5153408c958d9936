import "server-only";

/**
 * How long (ms) a fleet-wide aggregate read by the overview or /api/fleet/summary is reused: shorter than the
 * widgets' refresh (10 s) and the status page's (15 s), so a viewer never sees the same figures twice in a row
 * because of it.
 */
export const FLEET_AGGREGATE_TTL_MS = 5_000;

/**
 * Wraps a read of a read-only, fleet-wide aggregate (the same for every signed-in viewer) so that concurrent callers
 * share one read in flight and callers within `ttlMs` of its completion get its result: 50 viewers polling the
 * overview cost one set of aggregate queries per `ttlMs`, not 50. The copy lives in this process only; with several
 * web instances each keeps its own, at most `ttlMs` old, and none needs another's (nothing is written; a failed read
 * is not kept). The value carries its own read time (`generatedAt`), so the page says how fresh it is.
 * Callers check the viewer's permission before calling the wrapped read.
 */
export function sharedRead<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let cached: { value: T; until: number } | undefined;
  let inFlight: Promise<T> | undefined;
  return () => {
    if (cached && Date.now() < cached.until) return Promise.resolve(cached.value);
    inFlight ??= read()
      .then((value) => {
        cached = { value, until: Date.now() + ttlMs };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/**
 * {@link sharedRead} per key: `read(key)` shares one read per key in flight and reuses each key's result for `ttlMs`.
 * At most `maxKeys` keys are kept (the least recently added is dropped first), so keys taken from a request (a page
 * number) cannot grow the process's memory without bound.
 */
export function sharedReadByKey<K extends string, T>(ttlMs: number, maxKeys: number, read: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const reads = new Map<K, () => Promise<T>>();
  return (key) => {
    let shared = reads.get(key);
    if (!shared) {
      shared = sharedRead(ttlMs, () => read(key));
      reads.set(key, shared);
      for (const oldest of reads.keys()) {
        if (reads.size <= maxKeys) break;
        reads.delete(oldest);
      }
    }
    return shared();
  };
}
