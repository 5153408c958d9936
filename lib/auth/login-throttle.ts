import type { Db } from "../db-client";

/** Failed logins allowed per account (email) within the window before its logins are refused. */
export const MAX_FAILED_LOGINS_PER_ACCOUNT = 10;
/** Failed logins allowed per client IP (any accounts) within the window before its logins are refused. */
export const MAX_FAILED_LOGINS_PER_IP = 20;
/** The sliding window, in seconds (15 minutes). */
export const FAILED_LOGIN_WINDOW_SEC = 15 * 60;

/** Who is trying to log in: the (lower-cased) email typed and the client IP (null when unknown). */
export interface LoginAttempt {
  email: string;
  clientIp: string | null;
}

/** Why logins are refused: too many failures for this account, or from this client IP. */
export type LoginThrottleScope = "account" | "ip";

/** Result of a throttle check: `{ throttled: false }` or the scope that tripped. */
export type LoginThrottleState = { throttled: false } | { throttled: true; scope: LoginThrottleScope };

function windowStart(now: Date): Date {
  return new Date(now.getTime() - FAILED_LOGIN_WINDOW_SEC * 1000);
}

/**
 * Whether a login attempt must be refused. Counts only `auth.login_failed` audit events within the last
 * FAILED_LOGIN_WINDOW_SEC seconds (refused attempts do not count, so the lock ends 15 minutes after the
 * last real failure): from the client IP (≥ MAX_FAILED_LOGINS_PER_IP, any email) first, then for the
 * account (≥ MAX_FAILED_LOGINS_PER_ACCOUNT, any IP). An unknown client IP (no X-Forwarded-For /
 * X-Real-IP) is not throttled per IP: every direct client would share one bucket and lock each other out.
 * Read from the audit log, so it holds across server instances and restarts.
 */
export async function checkLoginThrottle(db: Db, attempt: LoginAttempt, now: Date = new Date()): Promise<LoginThrottleState> {
  const since = windowStart(now);
  if (attempt.clientIp !== null) {
    const fromIp = await db.auditEvent.count({ where: { action: "auth.login_failed", clientIp: attempt.clientIp, ts: { gte: since } } });
    if (fromIp >= MAX_FAILED_LOGINS_PER_IP) return { throttled: true, scope: "ip" };
  }
  const forAccount = await db.auditEvent.count({ where: { action: "auth.login_failed", actorEmail: attempt.email, ts: { gte: since } } });
  if (forAccount >= MAX_FAILED_LOGINS_PER_ACCOUNT) return { throttled: true, scope: "account" };
  return { throttled: false };
}

/**
 * True when an `auth.login_throttled` event should be written for this refused attempt: only the first
 * refusal per account (scope "account") or per client IP (scope "ip") within the window is audited, so
 * unauthenticated retries cannot flood the audit chain.
 */
export async function shouldAuditThrottle(db: Db, attempt: LoginAttempt, scope: LoginThrottleScope, now: Date = new Date()): Promise<boolean> {
  const key = scope === "ip" ? { clientIp: attempt.clientIp } : { actorEmail: attempt.email };
  const earlier = await db.auditEvent.count({ where: { action: "auth.login_throttled", ...key, ts: { gte: windowStart(now) } } });
  return earlier === 0;
}
