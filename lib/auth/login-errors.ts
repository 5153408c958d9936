import { z } from "zod";

/**
 * Error code prefix thrown by the credentials `authorize` when the login throttle refuses an attempt; next-auth 4
 * hands the thrown message to the browser as `signIn(...).error`. The full code is `LoginThrottled:<seconds>`,
 * the wait before the next attempt can be checked. Kept in its own module (no server imports) so the client form
 * can import it.
 */
export const LOGIN_THROTTLED_ERROR = "LoginThrottled";

/** The error message `authorize` throws for a throttled attempt: `LoginThrottled:<retryAfterSec>` (whole seconds ≥ 1). */
export function loginThrottledError(retryAfterSec: number): string {
  return `${LOGIN_THROTTLED_ERROR}:${Math.max(1, Math.ceil(retryAfterSec))}`;
}

const throttledSchema = z
  .string()
  .regex(new RegExp(`^${LOGIN_THROTTLED_ERROR}:\\d{1,7}$`))
  .transform((s) => Number(s.slice(LOGIN_THROTTLED_ERROR.length + 1)));

/**
 * What a failed `signIn` means, from its `error` (untrusted input: it comes back through a URL):
 * `{ kind: "throttled", retryAfterSec }` for loginThrottledError codes, otherwise `{ kind: "invalid" }`.
 */
export function parseLoginError(error: unknown): { kind: "throttled"; retryAfterSec: number } | { kind: "invalid" } {
  const parsed = throttledSchema.safeParse(error);
  return parsed.success ? { kind: "throttled", retryAfterSec: Math.max(1, parsed.data) } : { kind: "invalid" };
}

/** "1 second", "45 seconds", "2 minutes" (rounded up to whole minutes from 60 s on). */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** The message the login form shows for a throttled attempt, e.g. "Too many failed sign-ins. Try again in 4 seconds." */
export function throttledMessage(retryAfterSec: number): string {
  return `Too many failed sign-ins. Try again in ${formatWait(retryAfterSec)}.`;
}
