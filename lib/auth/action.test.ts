import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "../db-client";
import { ChangeInputError, ChangeStateError } from "../changes/workflow-types";
import { PlanError } from "../changes/types";
import { DeviceServiceError } from "../devices/errors";
import { ExpectedError } from "../errors";
import { log } from "../log";
import { RouterAddressDeniedError } from "../net/router-networks";
import { ShareLinkError } from "../status/share-links";
import { createTestDb, type TestDb } from "../testing/test-db";
import { UserServiceError } from "../users/service";
import { defineAction, describeValidationError, formDataToObject } from "./action";
import { ForbiddenError } from "./permissions";
import type { SessionUser } from "./session";

// defineAction runs inside Next's request scope: the session (getCurrentUser), the request headers and the
// web server's database are replaced here by a chosen user, chosen headers and a real SQLite test file. The
// client address is taken as request-meta.ts would return it, from a test header.
const request = vi.hoisted(() => ({ db: null as Db | null, user: null as SessionUser | null, headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("../db", () => ({
  get db() {
    return request.db;
  },
}));
vi.mock("./request-meta", () => ({ clientIpFromHeaders: (h: Headers) => h.get("x-test-client-ip") }));
vi.mock("./session", () => ({ getCurrentUser: async () => request.user }));

describe("formDataToObject", () => {
  it("keeps single keys as strings, repeated keys as arrays, files as their names, and drops Next's $ACTION keys", () => {
    const form = new FormData();
    form.append("name", "core-1");
    form.append("tags", "edge");
    form.append("tags", "paris");
    form.append("cert", new File(["x"], "ca.pem"));
    form.append("$ACTION_ID_abc", "");
    form.append("$ACTION_REF_1", "");
    expect(formDataToObject(form)).toEqual({ name: "core-1", tags: ["edge", "paris"], cert: "ca.pem" });
  });

  it("returns an empty object for an empty form", () => {
    expect(formDataToObject(new FormData())).toEqual({});
  });
});

const VIEWER: SessionUser = { id: "u-viewer", email: "viewer@noc.local", name: "Viewer", role: "VIEWER" };
const ADMIN: SessionUser = { id: "u-admin", email: "admin@noc.local", name: "Admin", role: "ADMIN" };

describe("defineAction", () => {
  let t: TestDb;
  const handler = vi.fn(async (input: { name: string }) => input.name);
  const createDevice = defineAction({ name: "devices.create", permission: "devices.manage", schema: z.strictObject({ name: z.string().min(1) }), handler });
  const refusals = (where: object = {}) => t.db.auditEvent.findMany({ where: { action: "auth.refused", ...where }, orderBy: { id: "asc" } });

  beforeEach(async () => {
    t = await createTestDb();
    request.db = t.db;
    request.user = null;
    request.headers = new Headers();
    handler.mockClear();
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.cleanup();
  });

  it("audits a forbidden call once per user, action and minute", async () => {
    request.user = VIEWER;
    request.headers = new Headers({ "x-test-client-ip": "198.51.100.4" });
    vi.setSystemTime(new Date("2026-12-01T10:00:05Z"));
    expect(await createDevice(null, { name: "core-1" })).toEqual({ ok: false, message: "You do not have permission to do this (devices.manage)." });

    const [event] = await refusals();
    expect(event).toMatchObject({
      actorId: VIEWER.id,
      actorEmail: VIEWER.email,
      clientIp: "198.51.100.4",
      entityType: "server-action",
      entityId: "devices.create",
    });
    expect(JSON.parse(event?.after ?? "")).toEqual({ kind: "forbidden", target: "devices.create", permission: "devices.manage" });

    vi.setSystemTime(new Date("2026-12-01T10:00:59Z"));
    for (let i = 0; i < 10; i++) await createDevice(null, { name: "core-1" });
    await Promise.all(Array.from({ length: 10 }, () => createDevice(null, { name: "core-1" })));
    expect(await refusals()).toHaveLength(1);

    vi.setSystemTime(new Date("2026-12-01T10:01:00Z"));
    await createDevice(null, { name: "core-1" });
    expect(await refusals()).toHaveLength(2);
    expect(handler).not.toHaveBeenCalled();
  });

  it("audits an unauthenticated call once per client address, action and minute", async () => {
    vi.setSystemTime(new Date("2026-12-01T11:30:00Z"));
    request.headers = new Headers({ "x-test-client-ip": "203.0.113.7" });
    for (let i = 0; i < 20; i++) expect(await createDevice(null, { name: "x" })).toEqual({ ok: false, message: "You are not signed in." });
    request.headers = new Headers({ "x-test-client-ip": "203.0.113.8" });
    await createDevice(null, { name: "x" });

    const events = await refusals();
    expect(events.map((e) => [e.actorId, e.clientIp, JSON.parse(e.after ?? "").kind])).toEqual([
      [null, "203.0.113.7", "unauthenticated"],
      [null, "203.0.113.8", "unauthenticated"],
    ]);

    vi.setSystemTime(new Date("2026-12-01T11:31:10Z"));
    await createDevice(null, { name: "x" });
    expect(await refusals({ clientIp: "203.0.113.8" })).toHaveLength(2);
    expect(await refusals({ clientIp: "203.0.113.7" })).toHaveLength(1);
    expect(handler).not.toHaveBeenCalled();
  });

  it("names an unknown field in the message and keys its error by the field", async () => {
    request.user = ADMIN;
    const result = await createDevice(null, { name: "core-1", role: "ADMIN" } as never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/unknown field sent: role/i);
    expect(result.fieldErrors).toEqual({ role: ['Unknown field "role": it is not accepted here.'] });
    expect(handler).not.toHaveBeenCalled();
    expect(await refusals()).toHaveLength(0);
  });

  it("masks a schema that throws (instead of failing the request) and gives a reference", async () => {
    request.user = ADMIN;
    const throwing = defineAction({
      name: "test.throwing",
      permission: "devices.manage",
      schema: z.strictObject({ apiUrl: z.string().check(() => void new URL("")) }),
      handler: async () => handler({ name: "never" }),
    });
    const result = await throwing(null, { apiUrl: "" });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Something went wrong \(reference [0-9a-f]{8}\)/) });
    expect(handler).not.toHaveBeenCalled();
  });

  it("shows any ExpectedError's message and field errors, whatever its subclass, and logs nothing", async () => {
    request.user = ADMIN;
    const logged = vi.spyOn(log, "error");
    class NameTaken extends DeviceServiceError {}
    const cases: [ExpectedError, Record<string, string[]> | undefined][] = [
      [new DeviceServiceError("A device with this name exists.", { name: ["Already used."] }), { name: ["Already used."] }],
      [new NameTaken("taken", { name: ["taken"] }), { name: ["taken"] }],
      [new ChangeStateError("the request is APPLIED, not PENDING"), undefined],
      [new ChangeInputError("reason: at most 500 characters", { reason: ["at most 500 characters"] }), { reason: ["at most 500 characters"] }],
      [new PlanError("interface ether9 does not exist", { interface: ["no such interface"] }), { interface: ["no such interface"] }],
      [new UserServiceError("You cannot disable yourself."), undefined],
      [new ShareLinkError("This link is already revoked."), undefined],
      [new RouterAddressDeniedError("127.0.0.1 is not in the allowed router networks"), undefined],
      [new ExpectedError("plain expected"), undefined],
    ];
    for (const [err, fieldErrors] of cases) {
      const failing = defineAction({ name: "test.expected", permission: "devices.manage", schema: z.strictObject({}), handler: () => Promise.reject(err) });
      expect(await failing(null, {})).toEqual({ ok: false, message: err.message, fieldErrors });
    }
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it("masks an unexpected error (its message never shown) and logs it with the reference it shows", async () => {
    request.user = ADMIN;
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    for (const err of [
      new TypeError("cannot read properties of undefined (reading 'passwordEnc')"),
      new Error("SQLITE_BUSY: database is locked"),
      "a thrown string",
    ]) {
      logged.mockClear();
      const failing = defineAction({ name: "test.unexpected", permission: "devices.manage", schema: z.strictObject({}), handler: () => Promise.reject(err) });
      const result = await failing(null, {});
      expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Something went wrong \(reference [0-9a-f]{8}\)/) });
      const ref = result.ok ? "" : /reference ([0-9a-f]{8})/.exec(result.message)?.[1];
      expect(logged).toHaveBeenCalledOnce();
      expect(logged.mock.calls[0]?.[0]).toMatchObject({ err, ref, permission: "devices.manage", userId: ADMIN.id });
    }
    logged.mockRestore();
  });

  it("answers and audits a refusal of the data layer the handler calls, naming its permission", async () => {
    request.user = ADMIN;
    const failing = defineAction({
      name: "test.data-layer",
      permission: "devices.manage",
      schema: z.strictObject({}),
      handler: () => Promise.reject(new ForbiddenError("audit.read")),
    });
    expect(await failing(null, {})).toEqual({ ok: false, message: "You do not have permission to do this (audit.read)." });
    const [event] = await refusals();
    expect(event).toMatchObject({ actorId: ADMIN.id, entityType: "server-action", entityId: "test.data-layer" });
    expect(JSON.parse(event?.after ?? "")).toEqual({ kind: "forbidden", target: "test.data-layer", permission: "audit.read" });
  });

  it("runs the handler for a permitted, valid call", async () => {
    request.user = ADMIN;
    const form = new FormData();
    form.append("name", "core-1");
    expect(await createDevice(null, form)).toEqual({ ok: true, data: "core-1" });
  });
});

describe("describeValidationError", () => {
  it("names invalid fields, unknown fields (nested ones dotted) and object-level messages", () => {
    const schema = z
      .strictObject({ name: z.string().min(1, "Required."), params: z.strictObject({ vlan: z.number() }) })
      .refine((v) => v.name !== "x", "The name x is reserved.");
    const parsed = schema.safeParse({ name: "", params: { vlan: 1, mtu: 1500 }, extra: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const { message, fieldErrors } = describeValidationError(parsed.error);
    expect(fieldErrors).toEqual({
      name: ["Required."],
      "params.mtu": ['Unknown field "params.mtu": it is not accepted here.'],
      extra: ['Unknown field "extra": it is not accepted here.'],
    });
    expect(message).toBe(
      "Please correct the highlighted fields: name. Unknown fields sent: params.mtu, extra (not part of this form; reload the page and try again).",
    );
  });

  it("carries a refinement on the whole input in the message", () => {
    const parsed = z
      .strictObject({ from: z.number(), to: z.number() })
      .refine((v) => v.from < v.to, "The window must end after it starts.")
      .safeParse({ from: 2, to: 1 });
    if (parsed.success) throw new Error("expected a failure");
    expect(describeValidationError(parsed.error)).toEqual({ message: "The window must end after it starts.", fieldErrors: {} });
  });
});
