/** Headers as next-auth's `req.headers` (a plain object) or a Web `Headers`. */
type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The client's address for the audit log: first hop of X-Forwarded-For (set by the reverse proxy in
 * front of the app), else X-Real-IP, else null. Not a security boundary: informative only.
 */
export function clientIpFromHeaders(h: HeaderBag): string | null {
  const xff = header(h, "x-forwarded-for");
  if (xff) return xff.split(",")[0].trim() || null;
  return header(h, "x-real-ip") ?? null;
}
