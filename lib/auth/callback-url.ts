/** Longest callback URL considered (characters); longer ones give "/". */
const MAX_CALLBACK_LENGTH = 2048;

function parse(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/**
 * Where to go after login: `raw` as a same-origin path, or "/". `raw` is resolved against `origin` the way
 * a browser resolves a link (so `/\evil.example`, `/\t/evil.example` and `javascript:` are caught), must keep
 * that origin, and only its path + query + hash is kept. The result must resolve back to the same URL: dot
 * segments can turn `/..//evil.example/` or `/.//evil.example` into the path `//evil.example/`, which as a
 * link is protocol-relative (another host), so such paths give "/" too. Used by the login page, the login
 * form (origin = window.location.origin) and next-auth's `redirect` callback (origin = its baseUrl).
 * @param raw the callbackUrl as received (anything: non-strings give "/")
 * @param origin the app's origin, e.g. `https://noc.example.net`
 * @returns a path starting with a single "/"
 */
export function safeCallbackPath(raw: unknown, origin: string): string {
  if (typeof raw !== "string" || raw === "" || raw.length > MAX_CALLBACK_LENGTH) return "/";
  const base = parse(origin);
  if (!base || (base.protocol !== "http:" && base.protocol !== "https:")) return "/";
  const resolved = parse(raw, base.origin);
  if (!resolved || resolved.origin !== base.origin) return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  const again = parse(path, base.origin);
  if (!path.startsWith("/") || !again || again.href !== resolved.href) return "/";
  return path;
}
