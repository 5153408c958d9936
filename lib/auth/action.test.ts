import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Db } from "../db-client";
import { ChangeStateError } from "../changes/service-types";
import { PlanError } from "../changes/types";
import { DeviceServiceError } from "../devices/errors";
import { createTestDb, type TestDb } from "../testing/test-db";
import { ActionError, defineAction, describeValidationError, formDataToObject, toActionError } from "./action";
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
vi.mock("./session", () => ({
  getCurrentUser: async () => request.user,
  auditActor: async (user: SessionUser) => ({ id: user.id, email: user.email, clientIp: null, requestId: "test" }),
}));

describe("toActionError", () => {
  it("returns an ActionError as is, with its field errors", () => {
    const err = new ActionError("Name taken.", { name: ["Name taken."] });
    expect(toActionError(err)).toBe(err);
    expect(toActionError(err, [DeviceServiceError])).toBe(err);
  });

  it("turns an instance of an expected class into an ActionError with its message and field errors", () => {
    const shown = toActionError(new DeviceServiceError("A device with this name exists.", { name: ["Already used."] }), [DeviceServiceError]);
    expect(shown).toBeInstanceOf(ActionError);
    expect(shown?.message).toBe("A device with this name exists.");
    expect(shown?.fieldErrors).toEqual({ name: ["Already used."] });
  });

  it("maps an expected class without field errors to a message only", () => {
    const shown = toActionError(new ChangeStateError("The change is APPLIED, not PENDING."), [PlanError, ChangeStateError]);
    expect(shown).toBeInstanceOf(ActionError);
    expect(shown?.message).toBe("The change is APPLIED, not PENDING.");
    expect(shown?.fieldErrors).toBeUndefined();
  });

  it("maps subclasses of an expected class", () => {
    class NameTaken extends DeviceServiceError {}
    expect(toActionError(new NameTaken("taken", { name: ["taken"] }), [DeviceServiceError])?.fieldErrors).toEqual({ name: ["taken"] });
  });

  it("returns null for anything not expected: other classes, plain errors, non-errors, and with no list", () => {
    expect(toActionError(new PlanError("bad plan"), [DeviceServiceError])).toBeNull();
    expect(toActionError(new DeviceServiceError("x"))).toBeNull();
    expect(toActionError(new TypeError("x is undefined"), [DeviceServiceError, PlanError])).toBeNull();
    expect(toActionError("a string", [DeviceServiceError])).toBeNull();
    expect(toActionError(undefined, [DeviceServiceError])).toBeNull();
  });
});

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
    expect(event).toMatchObject({ actorId: VIEWER.id, actorEmail: VIEWER.email, clientIp: "198.51.100.4", entityType: "server-action", entityId: "devices.create" });
    expect(JSON.parse(event.after ?? "")).toEqual({ kind: "forbidden", target: "devices.create", permission: "devices.manage" });

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
    expect(message).toBe("Please correct the highlighted fields: name. Unknown fields sent: params.mtu, extra (not part of this form; reload the page and try again).");
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
