import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, DENIED_FEATURES, HSTS_MAX_AGE_SEC, isHttpsUrl, securityHeaders } from "./security-headers";

/** The directives of a CSP as a map: name → source list. */
function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...sources]) => [name, sources.join(" ")]),
  );
}

describe("security headers", () => {
  it("builds a nonce-based CSP for production over plain HTTP", () => {
    const csp = directives(contentSecurityPolicy("abc123==", { https: false, dev: false }));
    expect(Object.fromEntries(csp)).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'nonce-abc123==' 'strict-dynamic'",
      "style-src": "'self' 'nonce-abc123=='",
      "style-src-attr": "'unsafe-inline'",
      "img-src": "'self' data: blob:",
      "font-src": "'self' data:",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  it("never allows inline or eval'd scripts in production", () => {
    for (const https of [false, true]) {
      const script = directives(contentSecurityPolicy("n", { https, dev: false })).get("script-src") ?? "";
      expect(script).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    }
  });

  it("relaxes only what next dev needs (eval for React's tooling, the overlay's inline styles)", () => {
    const csp = directives(contentSecurityPolicy("n", { https: false, dev: true }));
    expect(csp.get("script-src")).toBe("'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(csp.get("style-src")).toBe("'self' 'unsafe-inline'");
  });

  it("adds HSTS and upgrade-insecure-requests only over HTTPS", () => {
    const plain = securityHeaders({ nonce: "n", https: false, dev: false });
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    expect(plain["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");

    const tls = securityHeaders({ nonce: "n", https: true, dev: false });
    expect(tls["Strict-Transport-Security"]).toBe(`max-age=${HSTS_MAX_AGE_SEC}`);
    expect(directives(tls["Content-Security-Policy"] ?? "").has("upgrade-insecure-requests")).toBe(true);
  });

  it("denies camera, microphone, geolocation and the other unused features, and sets no CSP without a nonce", () => {
    const headers = securityHeaders({ nonce: null, https: false, dev: false });
    expect(headers["Content-Security-Policy"]).toBeUndefined();
    const policy = headers["Permissions-Policy"]?.split(", ");
    expect(policy).toEqual(DENIED_FEATURES.map((f) => `${f}=()`));
    expect(policy).toEqual(expect.arrayContaining(["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]));
  });

  it("makes a fresh 128-bit base64 nonce per call", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });

  it("tells an https public URL from others", () => {
    expect(isHttpsUrl("https://noc.example.net")).toBe(true);
    expect(isHttpsUrl("http://localhost:3000")).toBe(false);
    expect(isHttpsUrl(undefined)).toBe(false);
    expect(isHttpsUrl("not a url")).toBe(false);
  });
});
