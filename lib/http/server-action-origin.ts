/**
 * Next 16's CSRF guard of server actions, repeated where the app can see it (proxy.ts): Next compares the
 * host of the `Origin` header with `x-forwarded-host` (first value) or `Host`, and aborts a mismatch after
 * the app's code had no say (a bare HTTP 500, nothing audited). Pure functions over headers.
 */

/**
 * True when the request may be a server action that Next would run: a POST to a page (not `/api/`)
 * carrying the `next-action` header (the client router's calls) or a multipart body (a form posted
 * without JavaScript). URL-encoded posts are not server actions for Next.
 */
export function isPossibleServerAction(method: string, pathname: string, headers: Headers): boolean {
  if (method !== "POST" || pathname.startsWith("/api/")) return false;
  return headers.has("next-action") || (headers.get("content-type") ?? "").startsWith("multipart/form-data");
}

/** The host the app is reached under, as Next determines it: `x-forwarded-host` (first value), else `Host`; null when neither. */
export function requestHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host") || null;
}

/**
 * True when a server action request comes from another origin and Next would refuse it: its `Origin`
 * header is `null`, unparsable, or names another host than requestHost (no `serverActions.allowedOrigins`
 * are configured), or the request names no host at all. A request without `Origin` is not cross-origin
 * here, as for Next: browsers always send it with a POST, so only non-browser clients omit it, and
 * those cannot borrow a victim's cookies.
 */
export function isCrossOriginServerAction(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = requestHost(headers);
  if (host === null || origin === "null" || !URL.canParse(origin)) return true;
  return new URL(origin).host !== host;
}
