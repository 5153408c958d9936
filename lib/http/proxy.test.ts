import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db-client";
import { resetEnvForTests } from "../env";
import { createTestDb, type TestDb } from "../testing/test-db";
import { MAX_REQUEST_BODY_BYTES, PAYLOAD_TOO_LARGE_MESSAGE } from "./body-limit";
import { proxy } from "../../proxy";

// proxy.ts (at the repository root, outside vitest's include globs) is tested here, next to the modules it
// composes. Its database is a real SQLite test file; the client address is taken as request-meta.ts would
// return it, from a test header.
const scope = vi.hoisted(() => ({ db: null as Db | null }));
vi.mock("../db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("../auth/request-meta", () => ({ clientIpFromHeaders: (h: Headers) => h.get("x-test-client-ip") }));

const SECRET = "proxy-test-secret-0123456789abcdef";
let t: TestDb;
let sessionCookie: string;

beforeAll(async () => {
  vi.stubEnv("NEXTAUTH_SECRET", SECRET);
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  resetEnvForTests();
  sessionCookie = `next-auth.session-token=${await encode({ token: { sub: "session-1" }, secret: SECRET })}`;
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});
beforeEach(async () => {
  t = await createTestDb();
  scope.db = t.db;
});
afterEach(async () => {
  vi.useRealTimers();
  await t.cleanup();
});

function request(path: string, init: { method?: string; headers?: Record<string, string> } = {}): NextRequest {
  return new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers: { host: "localhost:3000", ...init.headers } });
}

/** The nonce of a CSP header's script-src. */
function nonceOf(csp: string | null): string | undefined {
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}

describe("proxy", () => {
  it("sends a signed-in page request on with a fresh nonce, in the response CSP and in the request CSP Next reads", async () => {
    const first = await proxy(request("/devices", { headers: { cookie: sessionCookie } }));
    const second = await proxy(request("/devices", { headers: { cookie: sessionCookie } }));
    expect(first.headers.get("x-middleware-next")).toBe("1");
    const csp = first.headers.get("content-security-policy");
    expect(nonceOf(csp)).toBeDefined();
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonceOf(csp));
    expect(first.headers.get("permissions-policy")).toContain("camera=()");
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("redirects a signed-out page visit to /login, and serves /login, share links and the Prometheus scrape (/metrics: bearer token) with their CSP", async () => {
    const res = await proxy(request("/devices?q=core"));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("http://localhost:3000/login?callbackUrl=%2Fdevices%3Fq%3Dcore");
    for (const path of ["/login", "/share/abc", "/metrics"]) {
      const open = await proxy(request(path));
      expect(open.headers.get("x-middleware-next"), path).toBe("1");
      expect(nonceOf(open.headers.get("x-middleware-request-content-security-policy")), path).toBeDefined();
    }
  });

  it("lets signed-out API calls and server action posts through to withPermission / defineAction, which refuse and audit them", async () => {
    const api = await proxy(request("/api/fleet/summary"));
    expect(api.headers.get("x-middleware-next")).toBe("1");
    expect(api.headers.get("content-security-policy")).toBeNull();
    const action = await proxy(request("/devices/new", { method: "POST", headers: { "next-action": "7f00", origin: "http://localhost:3000" } }));
    expect(action.headers.get("x-middleware-next")).toBe("1");
  });

  it("answers 413 in plain text (shown by Next's client as the action's error) to a server action body declared over 1 MiB", async () => {
    const res = await proxy(
      request("/devices/new", {
        method: "POST",
        headers: { cookie: sessionCookie, "next-action": "7f00", "content-length": String(MAX_REQUEST_BODY_BYTES + 1) },
      }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe(PAYLOAD_TOO_LARGE_MESSAGE);
    const api = await proxy(request("/api/fleet/summary", { method: "POST", headers: { "content-length": String(MAX_REQUEST_BODY_BYTES + 1) } }));
    expect(api.status).toBe(413);
    expect(await api.json()).toEqual({ error: "payload-too-large", message: PAYLOAD_TOO_LARGE_MESSAGE });
  });

  it("refuses a cross-site server action with 403 and audits it once per client address, page and minute", async () => {
    // Stay within one minute: the clock is stopped at the start of the current one (the session JWT stays valid).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000);
    const post = (ip: string, cookie?: string) =>
      proxy(
        request("/devices/new", {
          method: "POST",
          headers: { "next-action": "7f00", origin: "https://evil.example", "x-test-client-ip": ip, ...(cookie ? { cookie } : {}) },
        }),
      );
    const res = await post("203.0.113.9");
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("text/plain");
    for (let i = 0; i < 20; i++) await post("203.0.113.9", i % 2 === 0 ? sessionCookie : undefined);
    await post("203.0.113.10");

    const events = await t.db.auditEvent.findMany({ where: { action: "auth.refused" }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.actorId, e.clientIp, e.entityType, e.entityId, JSON.parse(e.after ?? "")])).toEqual([
      [null, "203.0.113.9", "server-action", "POST /devices/new", { kind: "csrf", target: "POST /devices/new", permission: null }],
      [null, "203.0.113.10", "server-action", "POST /devices/new", { kind: "csrf", target: "POST /devices/new", permission: null }],
    ]);
  });

  it("adds HSTS and upgrade-insecure-requests when NEXTAUTH_URL is https", async () => {
    vi.stubEnv("NEXTAUTH_URL", "https://noc.example.net");
    resetEnvForTests();
    try {
      const res = await proxy(request("/login"));
      expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+$/);
      expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    } finally {
      vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
      resetEnvForTests();
    }
  });
});
