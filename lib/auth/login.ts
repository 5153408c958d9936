import type { Db } from "../db-client";
import { appendAuditEvent } from "../audit/log";
import { checkLoginThrottle, shouldAuditThrottle, type LoginAttempt } from "./login-throttle";
import { verifyLoginPassword } from "./password";

/** Outcome of a credentials check: the user, a wrong email/password, or refused by the throttle. */
export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "throttled" };

/**
 * Checks an email + password against table User (argon2id) with the login throttle and the audit log:
 * throttled → `auth.login_throttled` (once per account/IP per window); wrong email, wrong password or
 * disabled account → `auth.login_failed`; success → `auth.login`. Unknown and disabled accounts are
 * verified against a dummy argon2 hash so the answer time does not reveal which emails exist.
 * @param attempt the email (compared lower-cased) and client IP (null when unknown)
 */
export async function authenticateCredentials(db: Db, attempt: LoginAttempt, password: string, now: Date = new Date()): Promise<LoginOutcome> {
  const email = attempt.email.toLowerCase();
  const who = { email, clientIp: attempt.clientIp };
  const throttle = await checkLoginThrottle(db, who, now);
  if (throttle.throttled) {
    if (await shouldAuditThrottle(db, who, throttle.scope, now)) {
      await appendAuditEvent(db, who, { action: "auth.login_throttled", entityType: "user", after: { scope: throttle.scope } });
    }
    return { ok: false, reason: "throttled" };
  }
  const user = await db.user.findUnique({ where: { email } });
  const usable = user !== null && !user.disabled;
  const passwordOk = await verifyLoginPassword(usable ? user.passwordHash : null, password);
  if (!usable || !passwordOk) {
    await appendAuditEvent(db, who, { action: "auth.login_failed", entityType: "user", entityId: user?.id });
    return { ok: false, reason: "invalid" };
  }
  await appendAuditEvent(db, { id: user.id, email: user.email, clientIp: attempt.clientIp }, { action: "auth.login", entityType: "user", entityId: user.id });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
