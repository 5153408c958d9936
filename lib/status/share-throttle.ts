import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Rate limits of the public page /share/<token>, per source address (clientIpFromHeaders: the TCP peer, or the
 * client named by a trusted proxy). Requests whose address is unknown share the single source
 * {@link UNKNOWN_SOURCE}, so a request can never escape the limit by hiding its address.
 *
 * Two fixed windows (rate-limiter-flexible's in-memory limiter):
 * - unknown tokens (unknown, malformed, revoked or expired): strict, so tokens cannot be guessed at speed;
 * - valid tokens: looser, so one link cannot be used to load the server (the page re-renders every 15 s
 *   while open: 120/min is 30 viewers behind one address).
 * A source over the unknown-token limit is refused everything until its window ends, valid tokens included:
 * otherwise the refusal itself would tell a guessed valid token from an unknown one.
 *
 * The counters live in this app process: several instances behind a load balancer each allow the full
 * limit, and a restart resets them. Across processes, use one of the library's shared stores instead.
 */

/** A limit: at most `points` requests per `durationSec` seconds per source. */
export interface ShareLimit {
  points: number;
  durationSec: number;
}

/** Per source: tokens that open nothing, at most 10 a minute. */
export const UNKNOWN_TOKEN_LIMIT: ShareLimit = { points: 10, durationSec: 60 };
/** Per source: views of valid links, at most 120 a minute. */
export const VALID_TOKEN_LIMIT: ShareLimit = { points: 120, durationSec: 60 };
/** The one source of every request whose address is unknown (clientIpFromHeaders gave null). */
export const UNKNOWN_SOURCE = "unknown-source";

/** Outcome of a throttled lookup: the value, nothing (404), or a refusal to retry after `retryAfterSec` seconds. */
export type ShareAdmission<T> = { status: "ok"; value: T } | { status: "not-found" } | { status: "throttled"; retryAfterSec: number };

/** The throttle in front of share-token lookups. */
export interface ShareThrottle {
  /**
   * Runs `lookup` for `source` (an address; null = unknown) unless the source is over a limit. One point is
   * reserved on both limits before the lookup, so a burst is refused before it reaches the database and
   * concurrent requests cannot overshoot; when the lookup has said which kind of token it was (null = unknown
   * token), the other limit's point is given back. A lookup that throws gives both back and rethrows.
   */
  run<T>(source: string | null, lookup: () => Promise<T | null>): Promise<ShareAdmission<T>>;
}

/** Whole seconds until a refused source may try again (at least 1). */
function retryAfterSec(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Consumes one point; a refusal (the library rejects with a RateLimiterRes) becomes the retry delay in seconds. */
async function take(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return retryAfterSec(err);
    throw err;
  }
}

/**
 * Creates a throttle with its own in-memory counters (the app uses {@link shareThrottle}; tests make their own,
 * under a fake clock: the library reads Date.now()).
 */
export function createShareThrottle(
  limits: { unknown: ShareLimit; valid: ShareLimit } = { unknown: UNKNOWN_TOKEN_LIMIT, valid: VALID_TOKEN_LIMIT },
): ShareThrottle {
  const unknown = new RateLimiterMemory({ keyPrefix: "share-unknown", points: limits.unknown.points, duration: limits.unknown.durationSec });
  const valid = new RateLimiterMemory({ keyPrefix: "share-valid", points: limits.valid.points, duration: limits.valid.durationSec });
  return {
    async run<T>(source: string | null, lookup: () => Promise<T | null>): Promise<ShareAdmission<T>> {
      const key = source ?? UNKNOWN_SOURCE;
      const unknownRefused = await take(unknown, key);
      if (unknownRefused !== null) return { status: "throttled", retryAfterSec: unknownRefused };
      const validRefused = await take(valid, key);
      if (validRefused !== null) {
        await unknown.reward(key);
        return { status: "throttled", retryAfterSec: validRefused };
      }
      let value: T | null;
      try {
        value = await lookup();
      } catch (err) {
        await Promise.all([unknown.reward(key), valid.reward(key)]);
        throw err;
      }
      if (value === null) {
        await valid.reward(key);
        return { status: "not-found" };
      }
      await unknown.reward(key);
      return { status: "ok", value };
    },
  };
}

/** The throttle of this app process, shared by every request to /share/<token>. */
export const shareThrottle: ShareThrottle = createShareThrottle();

/** Query parameter of the 429 page: where to go back to (a share path). */
const BACK_PATTERN = /^\/share\/[A-Za-z0-9_-]{43}(\?problems=1)?$/;
/** Longest Retry-After the 429 page announces, seconds. */
const MAX_RETRY_SEC = 3600;

/**
 * Path of the 429 page for a refused request to /share/<token>: `/share/throttled?retry=<s>&back=<path>`,
 * `back` being the share page to return to (only for a well-formed token; the 429 page checks it again).
 */
export function throttledSharePath(retryAfterSec: number, token: string, onlyProblems: boolean): string {
  const params = new URLSearchParams({ retry: String(retryAfterSec) });
  const back = `/share/${token}${onlyProblems ? "?problems=1" : ""}`;
  if (BACK_PATTERN.test(back)) params.set("back", back);
  return `/share/throttled?${params.toString()}`;
}

/**
 * The 429 Too Many Requests answer of the share pages, from the query of {@link throttledSharePath}: a small
 * HTML page saying when to try again, `Retry-After`, never cached or indexed, no Referer (the back link
 * carries a token). With a valid `back` it returns there by itself after the delay (a wall display keeps
 * showing its site); `retry` is clamped to 1..3600 s and anything else in the query is ignored.
 */
export function throttledShareResponse(query: URLSearchParams): Response {
  const asked = Number.parseInt(query.get("retry") ?? "", 10);
  const retry = Number.isFinite(asked) ? Math.min(MAX_RETRY_SEC, Math.max(1, asked)) : 60;
  const backParam = query.get("back");
  const back = backParam !== null && BACK_PATTERN.test(backParam) ? backParam : null;
  const refresh = back ? `<meta http-equiv="refresh" content="${retry};url=${back}">` : "";
  const again = back ? `<p><a href="${back}">Try again</a></p>` : "<p>Then open the link again.</p>";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}<title>Too many requests</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; text-align: center; color: #0f172a">
<p style="color: #64748b; font-weight: 600">429</p><h1>Too many requests</h1>
<p>Status links were opened too often from your address. Please wait ${retry} seconds.</p>${again}
</body></html>
`;
  return new Response(html, {
    status: 429,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(retry),
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex, nofollow",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
