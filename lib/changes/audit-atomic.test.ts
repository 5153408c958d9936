import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusalCode, refuseRows } from "../testing/raw-sql";
import { startHarness, type Harness } from "./engine/testdata/harness";
import {
  applyChange,
  approveChange,
  ChangeStateError,
  expireMissedWindows,
  proposeChange,
  reconcileInterrupted,
  rejectChange,
  scheduleChange,
} from "./workflow";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/**
 * The error of an audit event insert aborted by the test trigger, as Prisma reports it: both adapters keep the
 * trigger's message as the driver error's `originalMessage`. SQLite's (SQLITE_CONSTRAINT_TRIGGER) comes wrapped in a
 * known request error (`meta.driverAdapterError`); PostgreSQL's (P0001, raise_exception) is the driver adapter error.
 */
function refused() {
  const cause = { originalCode: refusalCode(h.t), originalMessage: "test: audit event refused" };
  return h.t.provider === "sqlite" ? { meta: { modelName: "AuditEvent", driverAdapterError: { cause } } } : { name: "DriverAdapterError", cause };
}

/**
 * Runs `during` while every INSERT into "AuditEvent" with action `action` is aborted by a test trigger
 * (created and dropped through a raw connection to the database, outside the app's client), then drops it.
 */
async function refusingEvent(action: string, during: () => Promise<void>): Promise<void> {
  const remove = await refuseRows(h.t, {
    name: "test_refuse_event",
    table: "AuditEvent",
    event: "INSERT",
    column: "action",
    value: action,
    message: "test: audit event refused",
  });
  try {
    await during();
  } finally {
    await remove();
  }
}

/** The actions audited for request `id`, oldest first. */
async function actions(id: string): Promise<string[]> {
  const rows = await h.t.db.auditEvent.findMany({ where: { entityType: "change", entityId: id }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

/** How many `action` events request `id` has. */
async function count(id: string, action: string): Promise<number> {
  return h.t.db.auditEvent.count({ where: { entityType: "change", entityId: id, action } });
}

/** A macvlan.add of `name` on `router`. */
async function input(router: string, name: string) {
  return { kind: "macvlan.add" as const, params: { name, interface: "ether2" }, deviceIds: [await h.deviceId(router)] };
}

async function proposed(router: string, name: string): Promise<{ id: string; hash: string }> {
  return proposeChange(h.t.db, h.operator, await input(router, name));
}

async function approved(router: string, name: string): Promise<string> {
  const { id, hash } = await proposed(router, name);
  await approveChange(h.t.db, h.admin, { id, hash });
  return id;
}

async function scheduled(router: string, name: string, window: { windowEnd?: Date } = {}): Promise<string> {
  const id = await approved(router, name);
  await scheduleChange(h.t.db, h.admin, { id, ...window });
  return id;
}

/** Two minutes ahead: past any claim (30 s), so reconcile takes the request over. */
const later = () => new Date(Date.now() + 120_000);

/** A request whose application ran but whose final status could not be recorded: left APPLYING, its lock held. */
async function leftApplying(router: string, name: string): Promise<string> {
  const id = await scheduled(router, name);
  await refusingEvent("change.finish", async () => {
    await expect(applyChange(h.t.db, id, { owner: "w-finish" })).rejects.toMatchObject(refused());
  });
  return id;
}

describe("each transition commits with its audit event, or neither is stored", () => {
  it("propose: the request, its targets and change.propose are stored together", async () => {
    const proposal = await input("edge-fra-01", "macvlan-atomic-propose");
    const before = { requests: await h.t.db.changeRequest.count(), targets: await h.t.db.changeTarget.count(), events: await h.t.db.auditEvent.count() };
    await refusingEvent("change.propose", async () => {
      await expect(proposeChange(h.t.db, h.operator, proposal)).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.count()).toBe(before.requests);
    expect(await h.t.db.changeTarget.count()).toBe(before.targets);
    expect(await h.t.db.auditEvent.count()).toBe(before.events);

    const { id } = await proposeChange(h.t.db, h.operator, proposal);
    expect(await h.t.db.changeRequest.count()).toBe(before.requests + 1);
    expect(await h.t.db.changeTarget.count({ where: { changeRequestId: id } })).toBe(1);
    expect(await actions(id)).toEqual(["change.propose"]);
    await h.expectChainOk();
  });

  it("approve: PENDING stays PENDING (no decision, no approved hash) when change.approve cannot be written", async () => {
    const { id, hash } = await proposed("edge-fra-01", "macvlan-atomic-approve");
    await refusingEvent("change.approve", async () => {
      await expect(approveChange(h.t.db, h.admin, { id, hash, comment: "ok" })).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "PENDING",
      approvedHash: null,
      decidedById: null,
      decisionComment: null,
    });
    expect(await actions(id)).toEqual(["change.propose"]);

    await approveChange(h.t.db, h.admin, { id, hash, comment: "ok" });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", approvedHash: hash, decidedById: h.admin.id });
    expect(await actions(id)).toEqual(["change.propose", "change.approve"]);
    await h.expectChainOk();
  });

  it("reject: PENDING stays PENDING when change.reject cannot be written", async () => {
    const { id } = await proposed("edge-fra-01", "macvlan-atomic-reject");
    await refusingEvent("change.reject", async () => {
      await expect(rejectChange(h.t.db, h.admin, { id, reason: "not now" })).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", decisionComment: null, finishedAt: null });
    expect(await count(id, "change.reject")).toBe(0);

    await rejectChange(h.t.db, h.admin, { id, reason: "not now" });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "REJECTED", decisionComment: "not now" });
    expect(await count(id, "change.reject")).toBe(1);
    await h.expectChainOk();
  });

  it("schedule: APPROVED stays APPROVED without a window when change.schedule cannot be written", async () => {
    const id = await approved("edge-fra-01", "macvlan-atomic-schedule");
    await refusingEvent("change.schedule", async () => {
      await expect(scheduleChange(h.t.db, h.admin, { id })).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", windowStart: null, windowEnd: null });
    expect(await count(id, "change.schedule")).toBe(0);

    await scheduleChange(h.t.db, h.admin, { id });
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("SCHEDULED");
    expect(await actions(id)).toEqual(["change.propose", "change.approve", "change.schedule"]);
    await h.expectChainOk();
  });

  it("apply start: no claim, no device lock and no router call when change.apply_start cannot be written", async () => {
    const id = await scheduled("edge-lys-01", "macvlan-atomic-start");
    await refusingEvent("change.apply_start", async () => {
      await expect(applyChange(h.t.db, id, { owner: "w-start" })).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SCHEDULED",
      claimOwner: null,
      claimUntil: null,
      applyStartedAt: null,
    });
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(0);
    expect(await h.rows("edge-lys-01", "/interface/macvlan?name=macvlan-atomic-start")).toEqual([]);
    expect(await actions(id)).toEqual(["change.propose", "change.approve", "change.schedule"]);

    expect(await applyChange(h.t.db, id, { owner: "w-start" })).toBe("APPLIED");
    expect(await count(id, "change.apply_start")).toBe(1);
    expect(await count(id, "change.finish")).toBe(1);
    expect(await h.rows("edge-lys-01", "/interface/macvlan?name=macvlan-atomic-start")).toHaveLength(1);
    await h.expectChainOk();
  });

  it("a target's final status: the target stays APPLYING when change.target cannot be written; reconcile then records it once", async () => {
    const id = await scheduled("edge-lys-01", "macvlan-atomic-target");
    await refusingEvent("change.target", async () => {
      await expect(applyChange(h.t.db, id, { owner: "w-target" })).rejects.toMatchObject(refused());
    });
    const stuck = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(stuck).toMatchObject({ status: "APPLYING", claimOwner: "w-target" });
    expect(stuck.targets[0]).toMatchObject({ status: "APPLYING", finishedAt: null, error: null });
    expect(await count(id, "change.target")).toBe(0);
    expect(await count(id, "change.finish")).toBe(0);
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(1);

    expect(await reconcileInterrupted(h.t.db, { owner: "w-reconcile", now: later() })).toBe(1);
    const done = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(done.status).toBe("APPLIED");
    expect(done.targets[0]?.status).toBe("APPLIED");
    expect(await count(id, "change.target")).toBe(1);
    expect(await count(id, "change.reconcile")).toBe(1);
    await h.expectChainOk();
  });

  it("finish of an application: the request stays APPLYING with its lock when change.finish cannot be written; reconcile records it once", async () => {
    const id = await leftApplying("edge-fra-01", "macvlan-atomic-finish");
    const stuck = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(stuck).toMatchObject({ status: "APPLYING", claimOwner: "w-finish", finishedAt: null, error: null });
    expect(stuck.claimUntil).toBeInstanceOf(Date);
    expect(stuck.targets[0]?.status).toBe("APPLIED");
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id, owner: "w-finish" } })).toBe(1);
    // The after_change backup's event (lib/backups/change-hook.ts) comes between the target's and the finish.
    expect((await actions(id)).filter((a) => a !== "change.backup").at(-1)).toBe("change.target");
    expect(await count(id, "change.finish")).toBe(0);

    await expect(applyChange(h.t.db, id, { owner: "w-finish" })).rejects.toBeInstanceOf(ChangeStateError);
    expect(await reconcileInterrupted(h.t.db, { owner: "w-reconcile", now: later() })).toBe(1);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("APPLIED");
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(0);
    expect(await count(id, "change.reconcile")).toBe(1);
    expect(await count(id, "change.finish")).toBe(0);
    await h.expectChainOk();
  });

  it("finish of a missed window: the request stays SCHEDULED, its targets PENDING, when change.finish cannot be written", async () => {
    const id = await scheduled("edge-fra-01", "macvlan-atomic-window", { windowEnd: new Date(Date.now() + 3_600_000) });
    const past = new Date(Date.now() + 2 * 3_600_000);
    await refusingEvent("change.finish", async () => {
      await expect(expireMissedWindows(h.t.db, past)).rejects.toMatchObject(refused());
    });
    const kept = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(kept).toMatchObject({ status: "SCHEDULED", error: null, finishedAt: null });
    expect(kept.targets[0]).toMatchObject({ status: "PENDING", error: null });
    expect(await count(id, "change.finish")).toBe(0);

    expect(await expireMissedWindows(h.t.db, past)).toBe(1);
    const failed = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/missed its window/);
    expect(failed.targets[0]).toMatchObject({ status: "SKIPPED", error: "window missed" });
    expect(await count(id, "change.finish")).toBe(1);
    await h.expectChainOk();
  });

  it("finish of a request failing its integrity check: it stays SCHEDULED when change.finish cannot be written", async () => {
    const id = await scheduled("edge-fra-01", "macvlan-atomic-tamper");
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    await h.t.db.$executeRaw`UPDATE "ChangeTarget" SET "plan" = ${target.plan.replace("macvlan-atomic-tamper", "macvlan-evil")} WHERE "id" = ${target.id}`;
    await refusingEvent("change.finish", async () => {
      await expect(applyChange(h.t.db, id, { owner: "w-tamper" })).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SCHEDULED", error: null });
    expect((await h.t.db.changeTarget.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("PENDING");
    expect(await count(id, "change.finish")).toBe(0);

    expect(await applyChange(h.t.db, id, { owner: "w-tamper" })).toBe("FAILED");
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).error).toMatch(/stored proposal does not match its hash/);
    expect(await count(id, "change.finish")).toBe(1);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-evil")).toEqual([]);
    await h.expectChainOk();
  });

  it("reconcile: the request stays APPLYING with its lock when change.reconcile cannot be written; the next reconcile records it once", async () => {
    const id = await leftApplying("edge-lys-01", "macvlan-atomic-reconcile");
    await refusingEvent("change.reconcile", async () => {
      await expect(reconcileInterrupted(h.t.db, { owner: "w-reconcile-1", now: later() })).rejects.toMatchObject(refused());
    });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPLYING", finishedAt: null });
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(1);
    expect(await count(id, "change.reconcile")).toBe(0);

    expect(await reconcileInterrupted(h.t.db, { owner: "w-reconcile-2", now: later() })).toBe(1);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("APPLIED");
    expect(await h.t.db.deviceChangeLock.count({ where: { changeRequestId: id } })).toBe(0);
    expect(await count(id, "change.reconcile")).toBe(1);
    await h.expectChainOk();
  });
});
