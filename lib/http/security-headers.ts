/**
 * The per-request security headers that proxy.ts sets on every page and API response (the static ones,
 * X-Content-Type-Options, X-Frame-Options and Referrer-Policy, stay in next.config.js). Pure functions:
 * no environment, no request.
 */

/** What the headers depend on: the request's CSP nonce (null: no CSP), HTTPS deployment, `next dev`. */
export interface SecurityHeaderOptions {
  /** Base64 nonce of this response (createNonce), or null for responses that get no CSP (next-auth's own pages). */
  nonce: string | null;
  /** The app is served over HTTPS (isHttpsUrl(NEXTAUTH_URL)): adds HSTS and `upgrade-insecure-requests`. */
  https: boolean;
  /** `next dev`: React's dev tooling needs `eval` and Next's dev overlay injects styles without a nonce. */
  dev: boolean;
}

/** HSTS lifetime, in seconds (one year). No `includeSubDomains`: other hosts under the NOC's domain are not ours to pin. */
export const HSTS_MAX_AGE_SEC = 365 * 24 * 60 * 60;

/** Browser features the app never uses, all denied to every origin (Permissions-Policy `feature=()`). */
export const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "camera",
  "display-capture",
  "encrypted-media",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

/** A fresh CSP nonce: 16 random bytes (Web Crypto), base64. Call once per request. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** True when `url` (e.g. NEXTAUTH_URL, the public URL of the app) is an https: URL; false when unset or not a URL. */
export function isHttpsUrl(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  return new URL(url).protocol === "https:";
}

/**
 * The Content-Security-Policy of a page rendered with `nonce`. Scripts: only those carrying the nonce
 * (Next reads it from the request's CSP header and puts it on its own scripts) and, through
 * `'strict-dynamic'`, the chunks they load. Styles: the same-origin stylesheet (Tailwind) and nonce'd
 * `<style>` elements; `style` attributes are allowed (`style-src-attr 'unsafe-inline'`) because server-
 * rendered markup carries them (progress bars, Recharts' containers): an attribute cannot hold a script
 * or a selector. No plugins, no `<base>` hijack, forms post only here, no framing.
 */
export function contentSecurityPolicy(nonce: string, opts: Pick<SecurityHeaderOptions, "https" | "dev">): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // A nonce in a source list disables 'unsafe-inline', so dev (the overlay's styles) gets no nonce.
    opts.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * The headers proxy.ts adds to a response: Content-Security-Policy (when `nonce` is set),
 * Permissions-Policy (DENIED_FEATURES) and, only when served over HTTPS, Strict-Transport-Security
 * (browsers ignore HSTS received over plain HTTP, and sending it from a plain-HTTP deployment would be wrong).
 */
export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Permissions-Policy": DENIED_FEATURES.map((f) => `${f}=()`).join(", "),
  };
  if (opts.nonce !== null) headers["Content-Security-Policy"] = contentSecurityPolicy(opts.nonce, opts);
  if (opts.https) headers["Strict-Transport-Security"] = `max-age=${HSTS_MAX_AGE_SEC}`;
  return headers;
}
