import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./engine/testdata/harness";
import {
  applyChange,
  approveChange,
  cancelChange,
  ChangeInputError,
  ChangeStateError,
  proposeChange,
  rejectChange,
  scheduleChange,
  type ChangeActor,
} from "./workflow";

let h: Harness;
let operator2: ChangeActor;
let viewer: ChangeActor;
let disabledAdmin: ChangeActor;

beforeAll(async () => {
  h = await startHarness();
  const user = async (email: string, role: "ADMIN" | "OPERATOR" | "VIEWER", disabled = false): Promise<ChangeActor> => {
    const row = await h.t.db.user.create({ data: { email, name: email, role, disabled, passwordHash: "unused" } });
    return { id: row.id, email };
  };
  operator2 = await user("operator2@example.test", "OPERATOR");
  viewer = await user("viewer@example.test", "VIEWER");
  disabledAdmin = await user("disabled-admin@example.test", "ADMIN", true);
});
afterAll(() => h.close());

const STAGES = ["PENDING", "APPROVED", "SCHEDULED"] as const;
type Stage = (typeof STAGES)[number];

const NOT_ALLOWED = /^only the proposer of this change or an active ADMIN can cancel it$/;

let seq = 0;

/** A macvlan.add on `router` proposed by `proposer` and brought to `stage` by the admins; returns its id and MACVLAN name. */
async function requestAt(stage: Stage, router: string, proposer: ChangeActor = h.operator): Promise<{ id: string; name: string }> {
  const name = `macvlan-cx${++seq}`;
  const { id, hash } = await proposeChange(h.t.db, proposer, {
    kind: "macvlan.add",
    params: { name, interface: "ether2" },
    deviceIds: [await h.deviceId(router)],
  });
  const approver = proposer.id === h.admin.id ? h.admin2 : h.admin;
  if (stage !== "PENDING") await approveChange(h.t.db, approver, { id, hash });
  if (stage === "SCHEDULED") await scheduleChange(h.t.db, approver, { id });
  expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe(stage);
  return { id, name };
}

async function cancelEvents(id: string) {
  return h.t.db.auditEvent.findMany({ where: { entityType: "change", entityId: id, action: "change.cancel" } });
}

async function auditActions(id: string): Promise<string[]> {
  const rows = await h.t.db.auditEvent.findMany({ where: { entityType: "change", entityId: id }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

/** The request is CANCELLED with everything the cancel promises, and audited exactly once. */
async function expectCancelled(id: string, from: Stage, by: ChangeActor, reason: string | null): Promise<void> {
  const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
  expect(row).toMatchObject({ status: "CANCELLED", secretsSealed: null, applyStartedAt: null, claimOwner: null });
  expect(row.finishedAt).toBeInstanceOf(Date);
  expect(row.targets.length).toBeGreaterThan(0);
  for (const t of row.targets) expect(t).toMatchObject({ status: "SKIPPED", error: "cancelled" });
  expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(0);
  const events = await cancelEvents(id);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ actorId: by.id, actorEmail: by.email });
  expect(JSON.parse(events[0]?.before ?? "null")).toEqual({ status: from });
  expect(JSON.parse(events[0]?.after ?? "null")).toEqual({ status: "CANCELLED", by: by.email, reason });
  await h.expectChainOk();
}

/** The cancel was refused: status as before and no `change.cancel` event. */
async function expectUnchanged(id: string, status: string): Promise<void> {
  expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe(status);
  expect(await cancelEvents(id)).toEqual([]);
}

/** Runs `run` after `turns` event-loop turns (0: at once). */
async function after<T>(turns: number, run: () => Promise<T>): Promise<T> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
  return run();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("cancel a change request (service, real SQLite + simulator)", () => {
  it.each(STAGES)("the proposer (an operator) cancels their %s change with a reason; it can never be applied", async (stage) => {
    const { id, name } = await requestAt(stage, "edge-fra-01");
    await cancelChange(h.t.db, h.operator, { id, reason: "  wrong interface  " });
    await expectCancelled(id, stage, h.operator, "wrong interface");
    await expect(applyChange(h.t.db, id, { owner: "w" })).rejects.toThrow(/CANCELLED, not SCHEDULED/);
    expect(await h.rows("edge-fra-01", `/interface/macvlan?name=${name}`)).toEqual([]);
    expect(await auditActions(id)).not.toContain("change.apply_start");
  });

  it.each(STAGES)("an active admin cancels another user's %s change (blank reason kept as none)", async (stage) => {
    const { id } = await requestAt(stage, "edge-lys-01");
    await cancelChange(h.t.db, h.admin2, { id, reason: "   " });
    await expectCancelled(id, stage, h.admin2, null);
  });

  it.each(STAGES)("another operator, a viewer, a disabled admin and a proposer demoted to viewer are refused (%s)", async (stage) => {
    const { id } = await requestAt(stage, "edge-fra-01");
    for (const actor of [operator2, viewer, disabledAdmin]) {
      await expect(cancelChange(h.t.db, actor, { id, reason: "not mine" })).rejects.toThrow(NOT_ALLOWED);
    }
    await expectUnchanged(id, stage);

    const demoted = await h.t.db.user.create({ data: { email: `demoted-${stage}@example.test`, name: "demoted", role: "OPERATOR", passwordHash: "unused" } });
    const own = await requestAt(stage, "edge-fra-01", { id: demoted.id, email: demoted.email });
    await h.t.db.user.update({ where: { id: demoted.id }, data: { role: "VIEWER" } });
    await expect(cancelChange(h.t.db, { id: demoted.id, email: demoted.email }, { id: own.id })).rejects.toBeInstanceOf(ChangeStateError);
    await expectUnchanged(own.id, stage);
    await h.expectChainOk();
  });

  it("an admin may cancel their own proposal; an unknown request is refused", async () => {
    const { id } = await requestAt("APPROVED", "edge-lys-01", h.admin);
    await cancelChange(h.t.db, h.admin, { id });
    await expectCancelled(id, "APPROVED", h.admin, null);
    await expect(cancelChange(h.t.db, h.admin, { id: "no-such-request" })).rejects.toThrow(/does not exist/);
  });

  it("is refused once REJECTED, APPLIED or already CANCELLED: status unchanged, no new event", async () => {
    const rejected = await requestAt("PENDING", "edge-fra-01");
    await rejectChange(h.t.db, h.admin, { id: rejected.id, reason: "no" });
    for (const actor of [h.operator, h.admin])
      await expect(cancelChange(h.t.db, actor, { id: rejected.id })).rejects.toThrow(
        /the request is REJECTED: only a PENDING, APPROVED or SCHEDULED change can be cancelled/,
      );
    await expectUnchanged(rejected.id, "REJECTED");

    const applied = await requestAt("SCHEDULED", "edge-fra-01");
    expect(await applyChange(h.t.db, applied.id, { owner: "w" })).toBe("APPLIED");
    for (const actor of [h.operator, h.admin]) await expect(cancelChange(h.t.db, actor, { id: applied.id })).rejects.toThrow(/the request is APPLIED/);
    await expectUnchanged(applied.id, "APPLIED");
    expect(await h.rows("edge-fra-01", `/interface/macvlan?name=${applied.name}`)).toHaveLength(1);
    expect((await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: applied.id } })).status).toBe("APPLIED");

    const twice = await requestAt("SCHEDULED", "edge-fra-01");
    await cancelChange(h.t.db, h.operator, { id: twice.id, reason: "first" });
    await expect(cancelChange(h.t.db, h.admin, { id: twice.id, reason: "second" })).rejects.toThrow(/the request is CANCELLED/);
    await expectCancelled(twice.id, "SCHEDULED", h.operator, "first");
  });

  it("is refused while APPLYING (the worker holds the request); the application finishes as usual", async () => {
    const router = "guide-soho-macvlan";
    const { id, name } = await requestAt("SCHEDULED", router);
    // The router holds its answer to the PUT, so the request stays APPLYING while the cancels are tried.
    await h.setFault(router, { mode: "latency", methods: ["PUT"], latencyMs: 1_500, count: 1 });
    try {
      const applying = applyChange(h.t.db, id, { owner: "slow-worker" });
      await waitFor("APPLYING", async () => (await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status === "APPLYING");
      for (const actor of [h.operator, h.admin]) await expect(cancelChange(h.t.db, actor, { id })).rejects.toThrow(/the request is APPLYING/);
      expect(await applying).toBe("APPLIED");
    } finally {
      await h.clearFault(router);
    }
    await expectUnchanged(id, "APPLIED");
    expect(await h.rows(router, `/interface/macvlan?name=${name}`)).toHaveLength(1);
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(0);
    await h.expectChainOk();
  });

  it("refuses a reason over 500 characters naming the field; 500 are kept", async () => {
    const { id } = await requestAt("PENDING", "edge-fra-01");
    const attempt = cancelChange(h.t.db, h.operator, { id, reason: "x".repeat(501) });
    await expect(attempt).rejects.toBeInstanceOf(ChangeInputError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { reason: ["at most 500 characters"] } });
    await expectUnchanged(id, "PENDING");
    await cancelChange(h.t.db, h.operator, { id, reason: ` ${"y".repeat(500)} ` });
    await expectCancelled(id, "PENDING", h.operator, "y".repeat(500));
  });

  it.each(["PENDING", "SCHEDULED"] as const)(
    "wipes the sealed CAK of a %s MACsec rotation; the router keeps its CAK and no event holds the new one",
    async (stage) => {
      const router = "guide-macsec-b";
      const original = await h.cakOf(router, "macsec1");
      expect(original).toMatch(/^[0-9a-f]{32}$/);
      const cak = stage === "PENDING" ? "00112233445566778899aabbccddeeff" : "ffeeddccbbaa99887766554433221100";
      const { id, hash } = await proposeChange(h.t.db, h.operator, {
        kind: "macsec.rotate-cak",
        params: { name: "macsec1", cak },
        deviceIds: [await h.deviceId(router)],
      });
      if (stage === "SCHEDULED") {
        await approveChange(h.t.db, h.admin, { id, hash });
        await scheduleChange(h.t.db, h.admin, { id });
      }
      expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).secretsSealed).toEqual(expect.any(String));
      await cancelChange(h.t.db, h.operator, { id, reason: "rotate later" });
      await expectCancelled(id, stage, h.operator, "rotate later");
      expect(await h.cakOf(router, "macsec1")).toBe(original);
      const stored = JSON.stringify(await h.t.db.auditEvent.findMany({ where: { entityId: id } }));
      expect(stored).not.toContain(cak);
    },
  );

  it("a cancel racing the runner's claim (both started together) has exactly one winner, whichever side starts first", async () => {
    const router = "guide-soho-macvlan";
    // One side starts 0–4 event-loop turns after the other (negative: the apply waits), so the two meet at different points.
    for (let lead = -4; lead <= 4; lead++) {
      const { id, name } = await requestAt("SCHEDULED", router);
      const [applied, cancelled] = await Promise.allSettled([
        after(Math.max(0, -lead), () => applyChange(h.t.db, id, { owner: `racer-${lead}` })),
        after(Math.max(0, lead), () => cancelChange(h.t.db, h.operator, { id, reason: "race" })),
      ]);
      const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
      const rows = await h.rows(router, `/interface/macvlan?name=${name}`);
      const actions = await auditActions(id);
      if (cancelled.status === "fulfilled") {
        expect(applied.status).toBe("rejected");
        expect((applied as PromiseRejectedResult).reason).toBeInstanceOf(ChangeStateError);
        await expectCancelled(id, "SCHEDULED", h.operator, "race");
        expect(rows).toEqual([]);
        expect(actions).not.toContain("change.apply_start");
        expect(actions).not.toContain("change.router_call");
      } else {
        expect(applied).toEqual({ status: "fulfilled", value: "APPLIED" });
        expect(cancelled.reason).toBeInstanceOf(ChangeStateError);
        expect((cancelled.reason as Error).message).toMatch(/the request is (APPLYING|APPLIED)/);
        expect(row.status).toBe("APPLIED");
        expect(rows).toHaveLength(1);
        expect(actions.filter((a) => a === "change.apply_start")).toHaveLength(1);
        expect(await cancelEvents(id)).toEqual([]);
      }
      expect(await h.t.db.deviceChangeLock.count()).toBe(0);
    }
    await h.expectChainOk();
  });
});
