import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db-client";
import { ChangeInputError } from "../changes/workflow-types";
import { ExpectedError } from "../errors";
import { MAX_REQUEST_BODY_BYTES } from "../http/body-limit";
import { log } from "../log";
import { createTestDb, type TestDb } from "../testing/test-db";
import { ForbiddenError } from "./permissions";
import { withPermission } from "./route";
import type { SessionUser } from "./session";

// withPermission runs inside Next's request scope: the session (getCurrentUser) and the web server's
// database are replaced here by a chosen user and a real SQLite test file. The client address is taken as
// request-meta.ts would return it, from a test header.
const scope = vi.hoisted(() => ({ db: null as Db | null, user: null as SessionUser | null }));
vi.mock("../db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("./request-meta", () => ({ clientIpFromHeaders: (h: Headers) => h.get("x-test-client-ip") }));
vi.mock("./session", () => ({ getCurrentUser: async () => scope.user }));

const VIEWER: SessionUser = { id: "u-viewer", email: "viewer@noc.local", name: "Viewer", role: "VIEWER" };
const OPERATOR: SessionUser = { id: "u-operator", email: "operator@noc.local", name: "Operator", role: "OPERATOR" };

type DeviceCtx = { params: Promise<{ id: string }> };
const deviceCtx = (id: string): DeviceCtx => ({ params: Promise.resolve({ id }) });

let t: TestDb;
const handler = vi.fn(async (req: Request) => Response.json({ echoed: req.body ? (await req.text()).length : null }));
const exportRoute = withPermission<DeviceCtx>("audit.read", handler);
const refusals = () => t.db.auditEvent.findMany({ where: { action: "auth.refused" }, orderBy: { id: "asc" } });
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://noc.test${path}`, { headers });

beforeEach(async () => {
  t = await createTestDb();
  scope.db = t.db;
  scope.user = null;
  handler.mockClear();
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.cleanup();
});

describe("withPermission refusals", () => {
  it("answers 403 to a forbidden call and audits it once per user, route and minute, whatever the ids", async () => {
    scope.user = VIEWER;
    vi.setSystemTime(new Date("2026-12-01T10:00:00Z"));
    const res = await exportRoute(get("/api/devices/dev-1/audit", { "x-test-client-ip": "198.51.100.4" }), deviceCtx("dev-1"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "forbidden" });

    const [event] = await refusals();
    expect(event).toMatchObject({
      actorId: VIEWER.id,
      actorEmail: VIEWER.email,
      clientIp: "198.51.100.4",
      entityType: "route",
      entityId: "GET /api/devices/[id]/audit",
    });
    expect(JSON.parse(event?.after ?? "")).toEqual({ kind: "forbidden", target: "GET /api/devices/[id]/audit", permission: "audit.read" });

    for (let i = 0; i < 20; i++) expect((await exportRoute(get(`/api/devices/dev-${i}/audit`), deviceCtx(`dev-${i}`))).status).toBe(403);
    expect(await refusals()).toHaveLength(1);

    vi.setSystemTime(new Date("2026-12-01T10:01:00Z"));
    await exportRoute(get("/api/devices/dev-1/audit"), deviceCtx("dev-1"));
    expect(await refusals()).toHaveLength(2);
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 401 to a signed-out call and audits it once per client address, route and minute", async () => {
    vi.setSystemTime(new Date("2026-12-01T12:00:00Z"));
    for (let i = 0; i < 20; i++) {
      const res = await exportRoute(get("/api/devices/d/audit", { "x-test-client-ip": "203.0.113.7" }), deviceCtx("d"));
      expect(res.status).toBe(401);
    }
    await exportRoute(get("/api/devices/d/audit", { "x-test-client-ip": "203.0.113.8" }), deviceCtx("d"));
    vi.setSystemTime(new Date("2026-12-01T12:01:30Z"));
    await exportRoute(get("/api/devices/d/audit", { "x-test-client-ip": "203.0.113.7" }), deviceCtx("d"));

    const events = await refusals();
    expect(events.map((e) => [e.actorId, e.clientIp, JSON.parse(e.after ?? "").kind, e.ts.toISOString()])).toEqual([
      [null, "203.0.113.7", "unauthenticated", "2026-12-01T12:00:00.000Z"],
      [null, "203.0.113.8", "unauthenticated", "2026-12-01T12:00:00.000Z"],
      [null, "203.0.113.7", "unauthenticated", "2026-12-01T12:01:30.000Z"],
    ]);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("withPermission body limit", () => {
  beforeEach(() => {
    scope.user = OPERATOR;
  });

  it("answers 413 with a message to a body declared over the limit, without calling the handler", async () => {
    const req = new Request("http://noc.test/api/devices/d/audit", {
      method: "POST",
      body: "{}",
      headers: { "content-length": String(MAX_REQUEST_BODY_BYTES + 1) },
    });
    const res = await exportRoute(req, deviceCtx("d"));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload-too-large", message: expect.stringMatching(/at most 1 MB/) });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 413 when a body without Content-Length turns out over the limit while the handler reads it", async () => {
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_REQUEST_BODY_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const req = new Request("http://noc.test/api/devices/d/audit", { method: "POST", body, duplex: "half" } as RequestInit);
    const res = await exportRoute(req, deviceCtx("d"));
    expect(res.status).toBe(413);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("passes a body within the limit to the handler, and marks the response no-store", async () => {
    const req = new Request("http://noc.test/api/devices/d/audit", { method: "POST", body: "x".repeat(1000) });
    const res = await exportRoute(req, deviceCtx("d"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ echoed: 1000 });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await refusals()).toHaveLength(0);
  });
});

describe("withPermission error mapping", () => {
  beforeEach(() => {
    scope.user = OPERATOR;
  });
  const failing = (err: unknown) => withPermission<DeviceCtx>("audit.read", () => Promise.reject(err));

  it("answers 400 with an ExpectedError's own message and field errors, whatever its subclass, logging nothing", async () => {
    const logged = vi.spyOn(log, "error");
    const res = await failing(new ChangeInputError("reason: at most 500 characters", { reason: ["at most 500 characters"] }))(
      get("/api/devices/d/audit"),
      deviceCtx("d"),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: "refused", message: "reason: at most 500 characters", fieldErrors: { reason: ["at most 500 characters"] } });
    expect(await (await failing(new ExpectedError("plain"))(get("/api/devices/d/audit"), deviceCtx("d"))).json()).toEqual({
      error: "refused",
      message: "plain",
    });
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it("answers 500 with a reference to an unexpected error, never its message, and logs it with that reference", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const err = new Error("SQLITE_CORRUPT: secret table layout");
    const res = await failing(err)(get("/api/devices/d/audit"), deviceCtx("d"));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; ref: string };
    expect(body).toEqual({ error: "internal", ref: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(logged).toHaveBeenCalledOnce();
    expect(logged.mock.calls[0]?.[0]).toMatchObject({ err, ref: body.ref });
    logged.mockRestore();
  });

  it("answers 403 to a refusal of the data layer the handler calls, audited with its permission", async () => {
    const res = await failing(new ForbiddenError("users.manage"))(get("/api/devices/d/audit"), deviceCtx("d"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "forbidden" });
    const [event] = await refusals();
    expect(JSON.parse(event?.after ?? "")).toEqual({ kind: "forbidden", target: "GET /api/devices/[id]/audit", permission: "users.manage" });
  });
});
