import "server-only";
import type { Db } from "../db-client";
import { appendAuditEvent } from "../audit/log";
import { checkLoginThrottle, shouldAuditThrottle, type LoginAttempt } from "./login-throttle";
import { verifyLoginPassword } from "./password";
import { openUserSession } from "./sessions";

/** A login attempt with what the session row also records: the User-Agent (cut to length; null or absent when unknown). */
export interface CredentialsAttempt extends LoginAttempt {
  userAgent?: string | null;
}

/** Outcome of a credentials check: the user and the new session, a wrong email/password, or refused by the throttle. */
export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string }; sessionId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSec: number };

/** Tail of the per-key chains of attempts in this process (see withAttemptLock). */
const attemptChains = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier attempt with the same key in this process has finished, so that a burst of
 * parallel attempts cannot all pass the throttle check before any of their failures is recorded. Keyed by
 * source (client IP; the email when the source is unknown), which covers both throttle scopes.
 */
async function withAttemptLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = attemptChains.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  attemptChains.set(key, tail);
  try {
    return await run;
  } finally {
    if (attemptChains.get(key) === tail) attemptChains.delete(key);
  }
}

/**
 * Checks an email + password against table User (argon2id) with the login throttle (lib/auth/login-throttle.ts)
 * and the audit log, and opens a server-side session (lib/auth/sessions.ts) on success:
 * throttled → `auth.login_throttled` (after: scope, retryAfterSec; once per pair/source per window);
 * wrong email, wrong password or disabled account → `auth.login_failed`; success → `auth.login` (after: the
 * session reference). Unknown and disabled accounts are verified against a dummy argon2 hash so the answer time
 * does not reveal which emails exist. Attempts from one source are handled one at a time in this process.
 * @param attempt the email (compared lower-cased), the client IP (canonical, null when unknown), the User-Agent
 * @returns the outcome; `retryAfterSec` (whole seconds) tells a throttled client how long to wait
 */
export async function authenticateCredentials(db: Db, attempt: CredentialsAttempt, password: string, now: Date = new Date()): Promise<LoginOutcome> {
  const email = attempt.email.toLowerCase();
  const who = { email, clientIp: attempt.clientIp };
  return withAttemptLock(attempt.clientIp ?? `email:${email}`, async () => {
    const throttle = await checkLoginThrottle(db, who, now);
    if (throttle.throttled) {
      if (await shouldAuditThrottle(db, who, throttle.scope, now)) {
        await appendAuditEvent(db, who, {
          action: "auth.login_throttled",
          entityType: "user",
          after: { scope: throttle.scope, retryAfterSec: throttle.retryAfterSec },
        });
      }
      return { ok: false, reason: "throttled", retryAfterSec: throttle.retryAfterSec };
    }
    const user = await db.user.findUnique({ where: { email } });
    const usable = user !== null && !user.disabled;
    const passwordOk = await verifyLoginPassword(usable ? user.passwordHash : null, password);
    const sessionId = usable && passwordOk ? await openUserSession(db, user, { clientIp: attempt.clientIp, userAgent: attempt.userAgent ?? null }, now) : null;
    if (!user || sessionId === null) {
      await appendAuditEvent(db, who, { action: "auth.login_failed", entityType: "user", entityId: user?.id });
      return { ok: false, reason: "invalid" };
    }
    return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionId };
  });
}
