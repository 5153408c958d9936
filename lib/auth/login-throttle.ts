import "server-only";
import type { Db } from "../db-client";

/** Failed logins a pair (account, source) may make before each further attempt must wait. */
export const FREE_FAILURES_PER_PAIR = 5;
/** The first wait of a pair, in seconds; it doubles with each further failure. */
export const PAIR_BASE_DELAY_SEC = 1;
/** The longest wait between two attempts of a pair, in seconds (15 minutes). */
export const PAIR_MAX_DELAY_SEC = 15 * 60;
/** How far back a pair's failures count, in seconds (24 hours), unless the pair logged in since. */
export const PAIR_MEMORY_SEC = 24 * 60 * 60;
/** Failed logins allowed per source (any accounts) within SOURCE_WINDOW_SEC before it is refused. */
export const MAX_FAILED_LOGINS_PER_SOURCE = 20;
/** The source's sliding window, in seconds (15 minutes); also how often a refusal is audited per key. */
export const SOURCE_WINDOW_SEC = 15 * 60;

/** Who is trying to log in: the (lower-cased) email typed and the source (client IP, null when unknown). */
export interface LoginAttempt {
  email: string;
  clientIp: string | null;
}

/** Why logins are refused: this account from this source (pair), or this source on any account. */
export type LoginThrottleScope = "pair" | "source";

/** Result of a throttle check: allowed, or refused with the scope and the wait in whole seconds (≥ 1). */
export type LoginThrottleState = { throttled: false } | { throttled: true; scope: LoginThrottleScope; retryAfterSec: number };

/**
 * The wait (seconds) a pair must leave after its last failure when it has `failures` failures:
 * 0 below FREE_FAILURES_PER_PAIR, then 1, 2, 4, 8 ... capped at PAIR_MAX_DELAY_SEC.
 */
export function pairDelaySec(failures: number): number {
  if (failures < FREE_FAILURES_PER_PAIR) return 0;
  const exponent = Math.min(failures - FREE_FAILURES_PER_PAIR, 30);
  return Math.min(PAIR_BASE_DELAY_SEC * 2 ** exponent, PAIR_MAX_DELAY_SEC);
}

function secondsUntil(at: number, now: Date): number {
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Whether a login attempt must wait, counted from `auth.login_failed` audit events (so it holds across server
 * instances and restarts; refused attempts are not failures and do not extend anything):
 * 1. source: ≥ MAX_FAILED_LOGINS_PER_SOURCE failures from the client IP (any emails) within the last
 *    SOURCE_WINDOW_SEC → refused until the oldest of them leaves the window. An unknown source (null) has no
 *    source cap: it would be one bucket shared by every such client.
 * 2. pair: the failures of this email from this source since its last successful login from this source (at most
 *    PAIR_MEMORY_SEC back) → refused until pairDelaySec(failures) seconds after the last failure.
 * There is no per-account lock: failures from other sources never delay the account's own source.
 */
export async function checkLoginThrottle(db: Db, attempt: LoginAttempt, now: Date = new Date()): Promise<LoginThrottleState> {
  if (attempt.clientIp !== null) {
    const recent = await db.auditEvent.findMany({
      where: { action: "auth.login_failed", clientIp: attempt.clientIp, ts: { gt: new Date(now.getTime() - SOURCE_WINDOW_SEC * 1000) } },
      orderBy: { ts: "desc" },
      take: MAX_FAILED_LOGINS_PER_SOURCE,
      select: { ts: true },
    });
    const oldestRecent = recent[MAX_FAILED_LOGINS_PER_SOURCE - 1];
    if (oldestRecent) {
      const oldest = oldestRecent.ts.getTime();
      return { throttled: true, scope: "source", retryAfterSec: secondsUntil(oldest + SOURCE_WINDOW_SEC * 1000, now) };
    }
  }
  const pair = { actorEmail: attempt.email, clientIp: attempt.clientIp };
  const lastSuccess = await db.auditEvent.findFirst({ where: { action: "auth.login", ...pair }, orderBy: { id: "desc" }, select: { ts: true } });
  const memoryStart = now.getTime() - PAIR_MEMORY_SEC * 1000;
  const since = new Date(Math.max(memoryStart, lastSuccess?.ts.getTime() ?? memoryStart));
  const failures = await db.auditEvent.aggregate({
    where: { action: "auth.login_failed", ...pair, ts: { gt: since } },
    _count: { _all: true },
    _max: { ts: true },
  });
  const delaySec = pairDelaySec(failures._count._all);
  const last = failures._max.ts;
  if (delaySec === 0 || last === null) return { throttled: false };
  const allowedAt = last.getTime() + delaySec * 1000;
  return allowedAt > now.getTime() ? { throttled: true, scope: "pair", retryAfterSec: secondsUntil(allowedAt, now) } : { throttled: false };
}

/**
 * True when an `auth.login_throttled` event should be written for this refused attempt: only the first refusal
 * per pair (scope "pair": email + client IP) or per client IP (scope "source", any email) within
 * SOURCE_WINDOW_SEC is audited, so unauthenticated retries cannot flood the audit chain. The scope is read from
 * the event's `after` (`{"scope":...}`, written by lib/auth/login.ts).
 */
export async function shouldAuditThrottle(db: Db, attempt: LoginAttempt, scope: LoginThrottleScope, now: Date = new Date()): Promise<boolean> {
  const key = scope === "pair" ? { actorEmail: attempt.email, clientIp: attempt.clientIp } : { clientIp: attempt.clientIp };
  const earlier = await db.auditEvent.count({
    where: {
      action: "auth.login_throttled",
      ...key,
      after: { startsWith: `{"scope":"${scope}"` },
      ts: { gte: new Date(now.getTime() - SOURCE_WINDOW_SEC * 1000) },
    },
  });
  return earlier === 0;
}
