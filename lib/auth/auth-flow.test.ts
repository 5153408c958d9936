import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { NextAuthOptions } from "next-auth";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { appendAuditEvent } from "../audit/log";
import type { Db } from "../db-client";
import { resetEnvForTests } from "../env";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createUser, resetUserPassword, setUserDisabled, type UserActor } from "../users/service";
import { GET as nextAuthRoute } from "@/app/api/auth/[...nextauth]/route";
import { parseLoginError } from "./login-errors";
import { capturePeerAddresses } from "./peer-address";
import { getCurrentUser } from "./session";
import { sessionRef } from "./sessions";

// The whole login flow over real HTTP, without Next itself: a node:http server (the peer-address hook installed,
// as instrumentation.ts does) runs the app's next-auth route (app/api/auth/[...nextauth]/route.ts, through
// next-auth's pages-API adapter: next-auth's CJS code loads `next/headers` with require(), which vitest cannot
// mock) and getCurrentUser (lib/auth/session.ts) for `/whoami`. Only the request plumbing is replaced: `lib/db`
// points at a test database, and getServerSession reads the request of the current `/whoami` call.
const authEnv = vi.hoisted(() => {
  const stub = () => {
    vi.stubEnv("NEXTAUTH_SECRET", "auth-flow-test-secret-0123456789");
    vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  };
  stub();
  return { stub };
});
const testDb = vi.hoisted(() => ({ current: null as Db | null }));
const requestScope = await vi.hoisted(async () => {
  const { AsyncLocalStorage } = await import("node:async_hooks");
  return new AsyncLocalStorage<{ headers: IncomingHttpHeaders; cookies: Record<string, string> }>();
});

vi.mock("../db", () => ({
  get db() {
    return testDb.current;
  },
}));
vi.mock("next-auth", async (importOriginal) => {
  const real = await importOriginal<typeof import("next-auth")>();
  const noResponse = { getHeader: () => undefined, setCookie: () => undefined, setHeader: () => undefined };
  return {
    ...real,
    getServerSession: (options: NextAuthOptions) => {
      const req = requestScope.getStore();
      if (!req) throw new Error("getServerSession outside a request");
      return real.getServerSession(req as never, noResponse as never, options);
    },
  };
});

const ORIGIN = "http://localhost:3000";
let t: TestDb;
let server: Server;
let base: string;
let admin: UserActor;

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Next's pages-API request/response helpers, enough for next-auth's API handler. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", ORIGIN);
  const cookies = parseCookies(req.headers.cookie);
  if (url.pathname === "/whoami") {
    const user = await requestScope.run({ headers: req.headers, cookies }, () => getCurrentUser());
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(user));
    return;
  }
  const body = Object.fromEntries(new URLSearchParams(await readBody(req)));
  const query = { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.replace(/^\/api\/auth\//, "").split("/") };
  const apiRes = Object.assign(res, {
    status(code: number) {
      res.statusCode = code;
      return apiRes;
    },
    json(value: unknown) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(value));
    },
    send(value: unknown) {
      res.end(typeof value === "string" ? value : JSON.stringify(value));
    },
  });
  await nextAuthRoute(Object.assign(req, { query, body, cookies }), apiRes);
}

/** A browser's cookie jar for one session. */
type Jar = Map<string, string>;

async function call(jar: Jar, method: "GET" | "POST", path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: "manual",
    headers: {
      ...headers,
      cookie: [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; "),
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  for (const setCookie of res.headers.getSetCookie()) {
    const [pair = "", ...attributes] = setCookie.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = decodeURIComponent(pair.slice(eq + 1));
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
    if (value === "" || expired) jar.delete(name);
    else jar.set(name, value);
  }
  return res;
}

async function csrf(jar: Jar): Promise<string> {
  const res = await call(jar, "GET", "/api/auth/csrf");
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** Signs in like the login form (`signIn("credentials", { redirect: false })`): the jar, the URL next-auth answers and its error. */
async function signIn(
  email: string,
  password: string,
  opts: { xff?: string; callbackUrl?: string } = {},
): Promise<{ jar: Jar; url: string; error: string | null }> {
  const jar: Jar = new Map();
  const form = { email, password, csrfToken: await csrf(jar), json: "true", ...(opts.callbackUrl === undefined ? {} : { callbackUrl: opts.callbackUrl }) };
  const res = await call(jar, "POST", "/api/auth/callback/credentials", form, opts.xff === undefined ? {} : { "x-forwarded-for": opts.xff });
  const { url } = (await res.json()) as { url: string };
  return { jar, url, error: new URL(url).searchParams.get("error") };
}

async function signOut(jar: Jar): Promise<void> {
  await call(jar, "POST", "/api/auth/signout", { csrfToken: await csrf(jar), json: "true" });
}

async function whoami(jar: Jar): Promise<{ id: string; email: string } | null> {
  return (await call(jar, "GET", "/whoami")).json() as Promise<{ id: string; email: string } | null>;
}

async function addUser(email: string, password: string) {
  return (await createUser(t.db, admin, { email, name: email, role: "OPERATOR", passwordMode: "typed", password })).user;
}

async function latestSession(userId: string) {
  return t.db.userSession.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } });
}

beforeAll(async () => {
  capturePeerAddresses();
  server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  t = await createTestDb();
  testDb.current = t.db;
  const created = await createUser(
    t.db,
    { id: "bootstrap" },
    { email: "lead@noc.local", name: "Lead", role: "ADMIN", passwordMode: "typed", password: "lead-password-123" },
  );
  admin = { id: created.user.id, email: created.user.email, clientIp: "10.0.0.1", requestId: "req-1" };
});
afterEach(async () => {
  vi.unstubAllEnvs();
  authEnv.stub();
  resetEnvForTests();
  await t.cleanup();
});

describe("server-side sessions", () => {
  it("a session token saved before sign-out is refused after it, and the sign-out is audited once", async () => {
    const user = await addUser("op@noc.local", "op-password-123");
    const { jar, error } = await signIn("op@noc.local", "op-password-123");
    expect(error).toBeNull();
    expect(await whoami(jar)).toMatchObject({ id: user.id, email: "op@noc.local" });
    const saved: Jar = new Map(jar);
    await signOut(jar);
    expect(jar.has("next-auth.session-token")).toBe(false);
    expect(await whoami(saved)).toBeNull();
    const session = await latestSession(user.id);
    expect(session).toMatchObject({ revokedReason: "logout", clientIp: "127.0.0.1", userAgent: "node" });
    await signOut(new Map(saved));
    const logouts = await t.db.auditEvent.findMany({ where: { action: "auth.logout" } });
    expect(logouts).toHaveLength(1);
    expect(logouts[0]).toMatchObject({ actorId: user.id, entityId: user.id });
    const [login] = await t.db.auditEvent.findMany({ where: { action: "auth.login" } });
    expect(JSON.parse(logouts[0]?.after ?? "")).toEqual({ session: sessionRef(session.id) });
    expect(JSON.parse(login?.after ?? "")).toEqual({ session: sessionRef(session.id) });
  });

  it("the session token carries only the session id", async () => {
    await addUser("op@noc.local", "op-password-123");
    const { jar } = await signIn("op@noc.local", "op-password-123");
    const { decode } = await import("next-auth/jwt");
    const claims = await decode({ token: jar.get("next-auth.session-token"), secret: "auth-flow-test-secret-0123456789" });
    const { iat: _iat, exp: _exp, jti: _jti, ...rest } = claims ?? {};
    const session = await t.db.userSession.findFirstOrThrow();
    expect(rest).toEqual({ sub: session.id });
  });

  it("a password reset, a disable and a re-enable each end the sessions opened before them", async () => {
    const user = await addUser("op@noc.local", "op-password-123");
    const beforeReset = (await signIn("op@noc.local", "op-password-123")).jar;
    const { password } = await resetUserPassword(t.db, admin, { id: user.id });
    expect(await whoami(beforeReset)).toBeNull();
    expect((await latestSession(user.id)).revokedReason).toBe("password_reset");

    const beforeDisable = (await signIn("op@noc.local", password)).jar;
    expect(await whoami(beforeDisable)).toMatchObject({ id: user.id });
    await setUserDisabled(t.db, admin, { id: user.id, disabled: true });
    expect(await whoami(beforeDisable)).toBeNull();
    await setUserDisabled(t.db, admin, { id: user.id, disabled: false });
    expect(await whoami(beforeDisable)).toBeNull();
    expect((await latestSession(user.id)).revokedReason).toBe("disabled");

    const afterEnable = (await signIn("op@noc.local", password)).jar;
    expect(await whoami(afterEnable)).toMatchObject({ id: user.id });
    const reset = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.password_reset" } });
    const disable = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.disable" } });
    expect(JSON.parse(reset.after ?? "")).toMatchObject({ revokedSessions: 1 });
    expect(JSON.parse(disable.after ?? "")).toMatchObject({ revokedSessions: 1 });
  });

  it("a re-enable ends a session that survived the disable", async () => {
    const user = await addUser("op@noc.local", "op-password-123");
    await setUserDisabled(t.db, admin, { id: user.id, disabled: true });
    await t.db.user.update({ where: { id: user.id }, data: { disabled: false } });
    const jar = (await signIn("op@noc.local", "op-password-123")).jar;
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    await setUserDisabled(t.db, admin, { id: user.id, disabled: false });
    expect(await whoami(jar)).toBeNull();
    expect((await latestSession(user.id)).revokedReason).toBe("enabled");
    const enable = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.enable" } });
    expect(JSON.parse(enable.after ?? "")).toMatchObject({ revokedSessions: 1 });
  });

  it("ends a session idle for longer than SESSION_IDLE_MINUTES (default 30), audited once", async () => {
    const user = await addUser("op@noc.local", "op-password-123");
    const { jar } = await signIn("op@noc.local", "op-password-123");
    const session = await latestSession(user.id);
    await t.db.userSession.update({ where: { id: session.id }, data: { lastSeenAt: new Date(Date.now() - 29 * 60_000) } });
    expect(await whoami(jar)).toMatchObject({ id: user.id });
    await t.db.userSession.update({ where: { id: session.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await whoami(jar)).toBeNull();
    expect(await whoami(jar)).toBeNull();
    expect((await latestSession(user.id)).revokedReason).toBe("idle");
    const idle = await t.db.auditEvent.findMany({ where: { action: "auth.session_idle" } });
    expect(idle).toHaveLength(1);
    expect(JSON.parse(idle[0]?.after ?? "")).toMatchObject({ session: sessionRef(session.id) });
  });

  it("honours SESSION_IDLE_MINUTES", async () => {
    vi.stubEnv("SESSION_IDLE_MINUTES", "10");
    resetEnvForTests();
    const user = await addUser("op@noc.local", "op-password-123");
    const { jar } = await signIn("op@noc.local", "op-password-123");
    await t.db.userSession.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 11 * 60_000) } });
    expect(await whoami(jar)).toBeNull();
  });

  it("ends a session at its 8-hour expiry however active it is", async () => {
    const user = await addUser("op@noc.local", "op-password-123");
    const { jar } = await signIn("op@noc.local", "op-password-123");
    await t.db.userSession.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await whoami(jar)).toBeNull();
  });

  it("writes lastSeenAt at most once a minute", async () => {
    const user = await addUser("op@noc.local", "op-password-123");
    const { jar } = await signIn("op@noc.local", "op-password-123");
    const { id } = await latestSession(user.id);
    const recent = new Date(Date.now() - 30_000);
    await t.db.userSession.update({ where: { id }, data: { lastSeenAt: recent } });
    await whoami(jar);
    expect((await latestSession(user.id)).lastSeenAt).toEqual(recent);
    const older = new Date(Date.now() - 5 * 60_000);
    await t.db.userSession.update({ where: { id }, data: { lastSeenAt: older } });
    await whoami(jar);
    expect((await latestSession(user.id)).lastSeenAt.getTime()).toBeGreaterThan(recent.getTime());
  });
});

describe("client address over HTTP", () => {
  const GARBAGE = `<script>${"x".repeat(6000)}</script>`;

  it("without TRUSTED_PROXIES, rotating X-Forwarded-For changes neither the audit IP nor the throttle key", async () => {
    await addUser("op@noc.local", "op-password-123");
    for (const xff of ["203.0.113.1", "203.0.113.2", GARBAGE, "10.0.0.1, 10.0.0.2", "::1"]) {
      expect((await signIn("op@noc.local", "wrong-password", { xff })).error).toBe("CredentialsSignin");
    }
    const failed = await t.db.auditEvent.findMany({ where: { action: "auth.login_failed" } });
    expect(failed.map((e) => e.clientIp)).toEqual(Array(5).fill("127.0.0.1"));
    // More failures of this pair (recorded directly, so the wait is long and no clock is involved): every address it claims is still refused.
    for (let i = 0; i < 7; i++) await appendAuditEvent(t.db, { email: "op@noc.local", clientIp: "127.0.0.1" }, { action: "auth.login_failed" });
    for (const xff of ["198.51.100.1", "198.51.100.2", GARBAGE]) {
      const { error } = await signIn("op@noc.local", "op-password-123", { xff });
      expect(parseLoginError(error)).toEqual({ kind: "throttled", retryAfterSec: expect.any(Number) });
    }
    const throttled = await t.db.auditEvent.findMany({ where: { action: "auth.login_throttled" } });
    expect(throttled.map((e) => e.clientIp)).toEqual(["127.0.0.1"]);
    expect(await t.db.auditEvent.count({ where: { clientIp: { notIn: ["127.0.0.1", "10.0.0.1"] } } })).toBe(0);
  });

  it("with TRUSTED_PROXIES, takes the address the proxy appended and never stores garbage", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "127.0.0.1/32");
    resetEnvForTests();
    await addUser("op@noc.local", "op-password-123");
    const cases = [
      { xff: "203.0.113.5", ip: "203.0.113.5" },
      { xff: "1.1.1.1, 203.0.113.6", ip: "203.0.113.6" },
      { xff: GARBAGE, ip: "127.0.0.1" },
      { xff: `203.0.113.7, ${GARBAGE}`, ip: "127.0.0.1" },
    ];
    for (const c of cases) await signIn("op@noc.local", "wrong-password", { xff: c.xff });
    const failed = await t.db.auditEvent.findMany({ where: { action: "auth.login_failed" }, orderBy: { id: "asc" } });
    expect(failed.map((e) => e.clientIp)).toEqual(cases.map((c) => c.ip));
    const { jar } = await signIn("op@noc.local", "op-password-123", { xff: "6.6.6.6, 198.51.100.20" });
    expect(await whoami(jar)).toMatchObject({ email: "op@noc.local" });
    expect((await t.db.userSession.findFirstOrThrow()).clientIp).toBe("198.51.100.20");
  });
});

describe("redirects after sign-in", () => {
  it.each([
    "/..//evil.example/",
    "/.//evil.example/x",
    "/a/../..//evil.example",
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "/%2e%2e//evil.example",
  ])("next-auth's answer for callbackUrl %j stays on the app's origin", async (callbackUrl) => {
    await addUser("op@noc.local", "op-password-123");
    const { url, error } = await signIn("op@noc.local", "op-password-123", { callbackUrl });
    expect(error).toBeNull();
    const landing = new URL(url);
    expect(landing.origin).toBe(ORIGIN);
    expect(landing.pathname.startsWith("//")).toBe(false);
    expect(new URL(`${landing.pathname}${landing.search}`, ORIGIN).origin).toBe(ORIGIN);
  });

  it("follows a same-origin callbackUrl", async () => {
    await addUser("op@noc.local", "op-password-123");
    expect((await signIn("op@noc.local", "op-password-123", { callbackUrl: "/devices?q=core" })).url).toBe(`${ORIGIN}/devices?q=core`);
  });
});
