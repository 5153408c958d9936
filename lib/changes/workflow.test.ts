import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretThenFailKinds } from "./engine/testdata/secret-then-fail-kind";
import { testKinds } from "./engine/testdata/three-write-kind";
import { beforeBackupCalls, startHarness, type Harness } from "./engine/testdata/harness";
import { applyChange, approveChange, ChangeInputError, ChangeStateError, previewChange, proposeChange, rejectChange, scheduleChange } from "./workflow";
import { required } from "../testing/required";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function approveAndSchedule(id: string, hash: string): Promise<void> {
  await approveChange(h.t.db, h.admin, { id, hash, comment: "ok" });
  await scheduleChange(h.t.db, h.admin, { id });
}

async function auditActions(id: string): Promise<string[]> {
  const rows = await h.t.db.auditEvent.findMany({ where: { entityType: "change", entityId: id }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

describe("change workflow against the simulator (macvlan.add)", () => {
  it("previews, proposes, approves, schedules and applies; the simulator then has the MACVLAN", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const input = { kind: "macvlan.add" as const, params: { name: "macvlan-68", interface: "ether2", mode: "private" }, deviceIds: [deviceId] };
    const preview = await previewChange(h.t.db, input);
    expect(preview.targets[0]).toMatchObject({ ok: true, error: null, cutsManagementPath: false });
    expect(preview.targets[0]?.calls[0]).toEqual({
      method: "PUT",
      path: "/rest/interface/macvlan",
      body: { name: "macvlan-68", interface: "ether2", mode: "private" },
    });
    expect(preview.targets[0]?.diff).toContainEqual({ object: "/interface/macvlan macvlan-68", field: "mode", current: null, proposed: "private" });
    expect(await h.t.db.changeRequest.count()).toBe(0);

    const { id, hash } = await proposeChange(h.t.db, h.operator, input);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await approveAndSchedule(id, hash);
    expect(await applyChange(h.t.db, id, { owner: "test-worker" })).toBe("APPLIED");

    const rows = await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-68");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "macvlan-68", interface: "ether2", mode: "private" });
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(request).toMatchObject({ status: "APPLIED", error: null, claimUntil: null });
    expect(request.targets[0]?.status).toBe("APPLIED");
    const steps = JSON.parse(required(request.targets[0], "the target").steps) as { phase: string; method: string; path: string; status: number | null }[];
    expect(steps.filter((s) => s.phase === "apply" && s.method === "PUT")).toEqual([expect.objectContaining({ path: "/rest/interface/macvlan", status: 200 })]);
    expect(steps.some((s) => s.phase === "drift") && steps.some((s) => s.phase === "verify")).toBe(true);
    const actions = await auditActions(id);
    expect(actions.slice(0, 4)).toEqual(["change.propose", "change.approve", "change.schedule", "change.apply_start"]);
    expect(actions.filter((a) => a === "change.router_call").length).toBe(steps.filter((s) => s.method !== "NOTE").length);
    expect(actions.at(-1)).toBe("change.finish");
    expect(await h.t.db.deviceChangeLock.count()).toBe(0);
    await h.expectChainOk();
  });

  it("refuses self-approval (even by an ADMIN), a stale hash, a non-admin, and rejects with a reason", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const input = { kind: "macvlan.add" as const, params: { name: "macvlan-own", interface: "ether2" }, deviceIds: [deviceId] };
    const own = await proposeChange(h.t.db, h.admin, input);
    await expect(approveChange(h.t.db, h.admin, { id: own.id, hash: own.hash })).rejects.toThrow(/own change/);
    await expect(approveChange(h.t.db, h.admin2, { id: own.id, hash: "0".repeat(64) })).rejects.toBeInstanceOf(ChangeStateError);
    await expect(approveChange(h.t.db, h.operator, { id: own.id, hash: own.hash })).rejects.toThrow(/ADMIN/);
    await expect(rejectChange(h.t.db, h.admin2, { id: own.id, reason: "  " })).rejects.toBeInstanceOf(ChangeInputError);
    await rejectChange(h.t.db, h.admin2, { id: own.id, reason: "not in this window" });
    const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id: own.id } });
    expect(row).toMatchObject({ status: "REJECTED", decisionComment: "not in this window", decidedById: h.admin2.id });
    await expect(approveChange(h.t.db, h.admin2, { id: own.id, hash: own.hash })).rejects.toThrow(/REJECTED/);
    await expect(scheduleChange(h.t.db, h.admin2, { id: own.id })).rejects.toBeInstanceOf(ChangeStateError);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-own")).toEqual([]);
    await h.expectChainOk();
  });

  it("only an ADMIN schedules an approved change", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-sched", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    await expect(scheduleChange(h.t.db, h.operator, { id })).rejects.toThrow(/ADMIN/);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("APPROVED");
    await rejectChange(h.t.db, h.admin, { id, reason: "cleanup" }).catch(() => undefined);
  });

  it("bounds the schedule window whatever the caller: year 9999, 91 days ahead, the past, over 24 hours → refused naming the field; 89 days accepted", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-bounds", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    const days = (n: number) => new Date(Date.now() + n * 86_400_000);
    const refused = async (window: { windowStart?: Date; windowEnd?: Date }, field: "windowStart" | "windowEnd") => {
      const attempt = scheduleChange(h.t.db, h.admin, { id, ...window });
      await expect(attempt).rejects.toBeInstanceOf(ChangeInputError);
      await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining(`${field}:`), fieldErrors: { [field]: [expect.any(String)] } });
    };
    await refused({ windowStart: new Date("9999-12-31T00:00:00Z") }, "windowStart");
    await refused({ windowStart: days(91) }, "windowStart");
    await refused({ windowStart: days(-1) }, "windowStart");
    await refused({ windowStart: new Date(Number.NaN) }, "windowStart");
    await refused({ windowStart: days(1), windowEnd: new Date(days(1).getTime() + 25 * 3_600_000) }, "windowEnd");
    await refused({ windowEnd: new Date("9999-12-31T00:00:00Z") }, "windowEnd");
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", windowStart: null });

    const windowStart = days(89);
    const windowEnd = new Date(windowStart.getTime() + 4 * 3_600_000);
    await scheduleChange(h.t.db, h.admin, { id, windowStart, windowEnd });
    expect(await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SCHEDULED", windowStart, windowEnd });
    await expect(applyChange(h.t.db, id, { owner: "w" })).rejects.toBeInstanceOf(ChangeStateError);
    expect((await auditActions(id)).filter((a) => a === "change.schedule")).toHaveLength(1);
    await h.expectChainOk();
  });

  it('refuses an allowManagementCut that is not a boolean ("maybe" from an untyped caller), naming the field', async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-maybe", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await expect(approveChange(h.t.db, h.admin, { id, hash, allowManagementCut: "maybe" as unknown as boolean })).rejects.toMatchObject({
      name: "ChangeInputError",
      fieldErrors: { allowManagementCut: ["must be true or false"] },
    });
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await rejectChange(h.t.db, h.admin, { id, reason: "cleanup" });
  });

  it("refuses invalid params with field errors and a proposal with nothing to change", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const bad = proposeChange(h.t.db, h.operator, { kind: "macvlan.add", params: { name: "x", interface: "ether2", mode: "vepa" }, deviceIds: [deviceId] });
    await expect(bad).rejects.toMatchObject({ name: "ChangeInputError", fieldErrors: { mode: expect.any(Array) } });
    const missingParent = proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-x", interface: "ether99" },
      deviceIds: [deviceId],
    });
    await expect(missingParent).rejects.toBeInstanceOf(ChangeInputError);
    await expect(proposeChange(h.t.db, h.operator, { kind: "macvlan.add", params: { name: "m", interface: "ether2" }, deviceIds: [] })).rejects.toMatchObject({
      fieldErrors: { deviceIds: expect.any(Array) },
    });
  });

  it("refuses a device whose polled RouterOS is below the kind's minVersion (MACVLAN: 7.12) before any router read", async () => {
    const router = "edge-mad-01";
    const deviceId = await h.deviceId(router);
    const input = { kind: "macvlan.add" as const, params: { name: "macvlan-old", interface: "ether2" }, deviceIds: [deviceId] };
    expect((await previewChange(h.t.db, input)).targets[0]).toMatchObject({ ok: true, error: null });
    const polled = (await h.t.db.device.findUniqueOrThrow({ where: { id: deviceId } })).version;
    expect(polled).toBe("7.12.2");
    await h.t.db.device.update({ where: { id: deviceId }, data: { version: "7.9.2" } });
    await h.setFault(router, { mode: "http500" });
    try {
      const preview = await previewChange(h.t.db, input);
      expect(preview.targets[0]).toMatchObject({ ok: false, diff: [], calls: [] });
      expect(preview.targets[0]?.error).toMatch(/needs RouterOS 7\.12 or later; edge-mad-01 runs 7\.9\.2/);
      await expect(proposeChange(h.t.db, h.operator, input)).rejects.toThrow(/edge-mad-01: .*needs RouterOS 7\.12 or later; edge-mad-01 runs 7\.9\.2/);
    } finally {
      await h.clearFault(router);
      await h.t.db.device.update({ where: { id: deviceId }, data: { version: polled } });
    }
  });

  it("drift between approval and apply → CONFLICT and nothing applied", async () => {
    const deviceId = await h.deviceId("edge-lys-01");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-drift", interface: "ether2", mtu: "1400" },
      deviceIds: [deviceId],
    });
    await approveAndSchedule(id, hash);
    const parent = (await h.rows("edge-lys-01", "/interface?name=ether2"))[0];
    expect((await h.rest("edge-lys-01", "PATCH", `/interface/${parent?.[".id"]}`, { mtu: "1450" })).status).toBe(200);
    expect(await applyChange(h.t.db, id, { owner: "test-worker" })).toBe("CONFLICT");
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(request.targets[0]?.status).toBe("CONFLICT");
    expect(request.error).toMatch(/ether2: mtu 1500 → 1450/);
    const steps = JSON.parse(required(request.targets[0], "the target").steps) as { method: string }[];
    expect(steps.filter((s) => ["PUT", "PATCH", "DELETE"].includes(s.method))).toEqual([]);
    expect(await h.rows("edge-lys-01", "/interface/macvlan?name=macvlan-drift")).toEqual([]);
    await h.expectChainOk();
  });

  it("two concurrent applies → exactly one application", async () => {
    const deviceId = await h.deviceId("guide-soho-macvlan");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-race", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveAndSchedule(id, hash);
    const results = await Promise.allSettled([applyChange(h.t.db, id, { owner: "worker-a" }), applyChange(h.t.db, id, { owner: "worker-b" })]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected");
    expect(fulfilled).toEqual([{ status: "fulfilled", value: "APPLIED" }]);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ChangeStateError);
    expect(await h.rows("guide-soho-macvlan", "/interface/macvlan?name=macvlan-race")).toHaveLength(1);
    expect((await auditActions(id)).filter((a) => a === "change.apply_start")).toHaveLength(1);
    const puts = (await h.t.db.auditEvent.findMany({ where: { entityId: id, action: "change.router_call" } })).filter(
      (e) => JSON.parse(e.after ?? "{}").method === "PUT",
    );
    expect(puts).toHaveLength(1);
    await h.expectChainOk();
  });

  it("a window that ended before the start → FAILED with a clear error, nothing applied", async () => {
    const deviceId = await h.deviceId("edge-fra-01");
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-late", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    const windowEnd = new Date(Date.now() + 1_000);
    await scheduleChange(h.t.db, h.admin, { id, windowStart: new Date(), windowEnd });
    expect(await applyChange(h.t.db, id, { owner: "w", now: new Date(windowEnd.getTime() + 1) })).toBe("FAILED");
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).error).toMatch(/missed its window/);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-late")).toEqual([]);
  });
});

describe("failures while applying (three writes, test kind)", () => {
  const menus = ["/interface/macvlan", "/ip/address", "/interface/list/member"];
  const snapshot = async (router: string) => Promise.all(menus.map((m) => h.rows(router, m)));
  const propose = async (router: string, name: string, address: string) => {
    const deviceId = await h.deviceId(router);
    const r = await proposeChange(
      h.t.db,
      h.operator,
      { kind: "macvlan.add", params: { name, parent: "ether2", address, list: "LAN" }, deviceIds: [deviceId] },
      { getKind: testKinds },
    );
    await approveAndSchedule(r.id, r.hash);
    return r.id;
  };

  const WRITES = ["PUT", "PATCH", "DELETE", "POST"];

  it("the second of three writes fails → ROLLED_BACK and every touched menu equal to before", async () => {
    const id = await propose("guide-macserver", "macvlan-rb", "10.77.1.1/24");
    const before = await snapshot("guide-macserver");
    // The before_change backup's writes come first (beforeBackupCalls).
    await h.setFault("guide-macserver", { mode: "http500", methods: WRITES, skip: 1 + beforeBackupCalls(WRITES), count: 1 });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("ROLLED_BACK");
    await h.clearFault("guide-macserver");
    expect(await snapshot("guide-macserver")).toEqual(before);
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const steps = JSON.parse(target.steps) as { phase: string; method: string; status: number | null }[];
    expect(steps.filter((s) => s.phase === "apply" && s.method === "PUT").map((s) => s.status)).toEqual([200, 500]);
    expect(steps.filter((s) => s.phase === "rollback" && s.method === "DELETE").map((s) => s.status)).toEqual([204]);
    expect(target.error).toMatch(/500/);
    await h.expectChainOk();
  });

  it("the undo also fails → NEEDS_ATTENTION with the leftovers listed", async () => {
    const id = await propose("guide-soho-macvlan", "macvlan-na", "10.77.2.1/24");
    await h.setFault("guide-soho-macvlan", { mode: "http500", methods: WRITES, skip: 1 + beforeBackupCalls(WRITES) });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("NEEDS_ATTENTION");
    await h.clearFault("guide-soho-macvlan");
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toMatch(/undo incomplete/);
    expect(request.error).toMatch(/macvlan-na/);
    expect(await h.rows("guide-soho-macvlan", "/interface/macvlan?name=macvlan-na")).toHaveLength(1);
    await h.expectChainOk();
  });

  it("the first write refused by the router → FAILED with the RouterOS detail, nothing applied", async () => {
    const id = await propose("guide-isp-dhcp", "macvlan-nope", "10.77.3.1/24");
    const before = await snapshot("guide-isp-dhcp");
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("FAILED");
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toContain("input does not match any value of interface");
    expect(request.error).toMatch(/nothing was applied/);
    expect(await snapshot("guide-isp-dhcp")).toEqual(before);
  });

  it("an undo restores the old MACsec CAK it read into memory before the set", async () => {
    const deviceId = await h.deviceId("guide-macsec-b");
    const original = (await h.cakOf("guide-macsec-b", "macsec1")) ?? "";
    expect(original).toMatch(/^[0-9a-f]{32}$/);
    const newCak = "0123456789abcdef0123456789abcdef";
    const input = { kind: "macsec.rotate-cak" as const, params: { name: "macsec1", cak: newCak }, deviceIds: [deviceId] };
    const { id, hash } = await proposeChange(h.t.db, h.operator, input, { getKind: secretThenFailKinds });
    await approveAndSchedule(id, hash);
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("ROLLED_BACK");
    expect(await h.cakOf("guide-macsec-b", "macsec1")).toBe(original);
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const steps = JSON.parse(target.steps) as { phase: string; method: string; status: number | null }[];
    expect(steps.filter((s) => s.phase === "rollback" && s.method === "PATCH").map((s) => s.status)).toEqual([200]);
    expect(JSON.stringify(target).toLowerCase()).not.toContain(newCak);
    expect(JSON.stringify(target).toLowerCase()).not.toContain(original.toLowerCase());
  });
});
