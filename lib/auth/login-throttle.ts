import type { Db } from "../db-client";

/** Failed logins allowed per account within the window before further attempts are refused. */
export const MAX_FAILED_LOGINS = 10;
/** The sliding window, in seconds (15 minutes). */
export const FAILED_LOGIN_WINDOW_SEC = 15 * 60;

/**
 * True when `email` has had MAX_FAILED_LOGINS or more failed logins (audit events `auth.login_failed`)
 * within the last FAILED_LOGIN_WINDOW_SEC seconds. Read from the audit log, so it holds across server
 * instances and restarts; refused attempts are themselves audited and keep the account throttled while
 * the guessing goes on.
 */
export async function isLoginThrottled(db: Db, email: string, now: Date = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - FAILED_LOGIN_WINDOW_SEC * 1000);
  const failures = await db.auditEvent.count({
    where: { action: { in: ["auth.login_failed", "auth.login_throttled"] }, actorEmail: email, ts: { gte: since } },
  });
  return failures >= MAX_FAILED_LOGINS;
}
