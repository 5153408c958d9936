import "server-only";
import type { Db } from "../db-client";
import { refusalRecorder } from "./refusals";
import { clientIpFromHeaders } from "./request-meta";

/**
 * True when next-auth 4 refused a POST for a missing or wrong CSRF token: it answers with a redirect
 * to the sign-in page carrying `csrf=true`, in the Location header or, for `json=true` requests, in the
 * JSON body's `url` (next-auth 4 core, `routes/callback` / `signin`).
 */
export async function isNextAuthCsrfRefusal(res: Response): Promise<boolean> {
  if (/[?&]csrf=true\b/.test(res.headers.get("location") ?? "")) return true;
  if (!(res.headers.get("content-type") ?? "").includes("application/json")) return false;
  try {
    const body: unknown = await res.clone().json();
    return typeof body === "object" && body !== null && /[?&]csrf=true\b/.test(String((body as { url?: unknown }).url ?? ""));
  } catch {
    return false;
  }
}

/**
 * Wraps next-auth's route handler so that its CSRF refusals are audited like the app's own refusals
 * (`auth.refused`, kind `csrf`, keyed by client address, at most one event per address and minute).
 * The answer is next-auth's, unchanged. Only App Router calls (a `Request` in, a `Response` out) are
 * inspected.
 */
export function withNextAuthCsrfAudit<H extends (...args: never[]) => Promise<unknown>>(db: Db, handler: H): H {
  const wrapped = async (...args: Parameters<H>) => {
    const res = await handler(...args);
    const req: unknown = args[0];
    if (req instanceof Request && req.method === "POST" && res instanceof Response && (await isNextAuthCsrfRefusal(res))) {
      const target = `POST ${new URL(req.url).pathname}`;
      await refusalRecorder.record(db, { kind: "csrf", targetType: "route", target, permission: null, user: null, clientIp: clientIpFromHeaders(req.headers) });
    }
    return res;
  };
  return wrapped as H;
}
