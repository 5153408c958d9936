import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestSession, signInAs } from "@/lib/auth/testdata/sign-in";
import type { Db } from "@/lib/db-client";
import { startHarness, type Harness } from "@/lib/changes/engine/testdata/harness";
import { approveChange, proposeChange, scheduleChange } from "@/lib/changes/workflow";

// The real server action (defineAction → cancelSchema → lib/changes/server.ts cancelChange → the workflow) on
// the harness's SQLite file and simulator, with real sessions (UserSession rows checked by getCurrentUser).
// Only Next's request scope is replaced: next-auth's cookie decoding (which session the request carries), the
// app's Prisma client (lib/db → the test database), request headers and path revalidation.
const scope = vi.hoisted(() => ({ sid: null as string | null, db: null as Db | null }));

vi.mock("next-auth", () => ({ getServerSession: async () => (scope.sid ? { sid: scope.sid } : null) }));
vi.mock("@/lib/db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { cancelChangeAction } = await import("./actions");

let h: Harness;
let users: Record<"operator" | "operator2" | "viewer" | "admin", { id: string; sid: string }>;

beforeAll(async () => {
  h = await startHarness();
  scope.db = h.t.db;
  users = {
    operator: { id: h.operator.id, sid: await openTestSession(h.t.db, h.operator.id) },
    admin: { id: h.admin.id, sid: await openTestSession(h.t.db, h.admin.id) },
    operator2: await signInAs(h.t.db, "OPERATOR", "operator2@example.test"),
    viewer: await signInAs(h.t.db, "VIEWER", "viewer@example.test"),
  };
});
afterAll(() => h.close());

let seq = 0;

/** A SCHEDULED macvlan.add proposed by the harness operator. */
async function scheduledChange(): Promise<string> {
  const { id, hash } = await proposeChange(h.t.db, h.operator, {
    kind: "macvlan.add",
    params: { name: `macvlan-act${++seq}`, interface: "ether2" },
    deviceIds: [await h.deviceId("edge-fra-01")],
  });
  await approveChange(h.t.db, h.admin, { id, hash });
  await scheduleChange(h.t.db, h.admin, { id });
  return id;
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

async function state(id: string): Promise<{ status: string; cancels: number }> {
  const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
  return { status: row.status, cancels: await h.t.db.auditEvent.count({ where: { entityId: id, action: "change.cancel" } }) };
}

describe("cancelChangeAction (server action)", () => {
  it("refuses a viewer (no changes.propose) and a signed-out caller before the service", async () => {
    const id = await scheduledChange();
    scope.sid = users.viewer.sid;
    expect(await cancelChangeAction(null, form({ id }))).toEqual({ ok: false, message: "You do not have permission to do this (changes.propose)." });
    scope.sid = null;
    expect(await cancelChangeAction(null, form({ id }))).toEqual({ ok: false, message: "You are not signed in." });
    expect(await state(id)).toEqual({ status: "SCHEDULED", cancels: 0 });
  });

  it("refuses another operator with the service's message", async () => {
    const id = await scheduledChange();
    scope.sid = users.operator2.sid;
    expect(await cancelChangeAction(null, form({ id, reason: "mine now" }))).toEqual({
      ok: false,
      message: "only the proposer of this change or an active ADMIN can cancel it",
    });
    expect(await state(id)).toEqual({ status: "SCHEDULED", cancels: 0 });
  });

  it("refuses a reason over 500 characters (naming the field) and an unknown field", async () => {
    const id = await scheduledChange();
    scope.sid = users.operator.sid;
    const long = await cancelChangeAction(null, form({ id, reason: "x".repeat(501) }));
    expect(long).toMatchObject({ ok: false, fieldErrors: { reason: [expect.stringContaining("500")] } });
    const extra = await cancelChangeAction(null, { id, reason: "ok", force: "true" } as never);
    expect(extra.ok).toBe(false);
    expect(await state(id)).toEqual({ status: "SCHEDULED", cancels: 0 });
  });

  it("lets the proposer cancel from the form, then refuses a second cancel by an admin", async () => {
    const id = await scheduledChange();
    scope.sid = users.operator.sid;
    expect(await cancelChangeAction(null, form({ id, reason: "postponed" }))).toEqual({ ok: true, data: null });
    expect(await state(id)).toEqual({ status: "CANCELLED", cancels: 1 });
    const event = await h.t.db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: "change.cancel" } });
    expect(event).toMatchObject({ actorId: users.operator.id, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.parse(event.after ?? "null")).toMatchObject({ status: "CANCELLED", reason: "postponed" });
    scope.sid = users.admin.sid;
    expect(await cancelChangeAction(null, form({ id }))).toMatchObject({ ok: false, message: expect.stringMatching(/the request is CANCELLED/) });
    expect(await state(id)).toEqual({ status: "CANCELLED", cancels: 1 });
    await h.expectChainOk();
  });

  it("lets an admin cancel an operator's change (no reason)", async () => {
    const id = await scheduledChange();
    scope.sid = users.admin.sid;
    expect(await cancelChangeAction(null, form({ id, reason: "" }))).toEqual({ ok: true, data: null });
    expect(await state(id)).toEqual({ status: "CANCELLED", cancels: 1 });
  });
});
