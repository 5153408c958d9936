import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "../crypto/seal";
import { startHarness, type Harness } from "./engine/testdata/harness";
import { secretThenFailKinds } from "./engine/testdata/secret-then-fail-kind";
import { applyChange, approveChange, ChangeStateError, proposeChange, rejectChange, scheduleChange, type KindLookup } from "./workflow";
import { changeSecretsAad } from "./workflow-propose";
import { required } from "../testing/required";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function proposeMacvlan(router: string, name: string): Promise<{ id: string; hash: string }> {
  return proposeChange(h.t.db, h.operator, { kind: "macvlan.add", params: { name, interface: "ether2" }, deviceIds: [await h.deviceId(router)] });
}

async function actions(id: string): Promise<string[]> {
  const rows = await h.t.db.auditEvent.findMany({ where: { entityType: "change", entityId: id }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

describe("the approval is bound to the stored content, not only to the hash column", () => {
  it("a plan tampered with through SQL after approval is not applied: FAILED with a clear error, audited", async () => {
    const { id, hash } = await proposeMacvlan("edge-fra-01", "macvlan-tamper");
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    const plan = JSON.parse(target.plan) as { ops: { values: Record<string, string> }[] };
    required(plan.ops[0], "the plan's first op").values.name = "macvlan-evil";
    await h.t.db.$executeRaw`UPDATE "ChangeTarget" SET "plan" = ${JSON.stringify(plan)} WHERE "id" = ${target.id}`;

    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("FAILED");
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id }, include: { targets: true } });
    expect(request.error).toMatch(/stored proposal does not match its hash/);
    expect(request.targets[0]?.status).toBe("SKIPPED");
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-evil")).toEqual([]);
    expect(await h.rows("edge-fra-01", "/interface/macvlan?name=macvlan-tamper")).toEqual([]);
    const acts = await actions(id);
    expect(acts).not.toContain("change.apply_start");
    expect(acts).not.toContain("change.router_call");
    const finish = await h.t.db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: "change.finish" } });
    expect(finish.after).toMatch(/stored proposal does not match its hash/);
    await h.expectChainOk();
  });

  it("stored params tampered with before approval: the approval is refused", async () => {
    const { id, hash } = await proposeMacvlan("edge-fra-01", "macvlan-tamper2");
    const row = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    const params = row.params.replace("macvlan-tamper2", "macvlan-evil2");
    await h.t.db.$executeRaw`UPDATE "ChangeRequest" SET "params" = ${params} WHERE "id" = ${id}`;
    await expect(approveChange(h.t.db, h.admin, { id, hash })).rejects.toThrow(ChangeStateError);
    await expect(approveChange(h.t.db, h.admin, { id, hash })).rejects.toThrow(/stored proposal does not match its hash/);
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
  });

  it("a sealed CAK swapped for another one is refused before any write (its fingerprint differs from the stored one)", async () => {
    const deviceId = await h.deviceId("guide-macsec-b");
    const original = await h.cakOf("guide-macsec-b", "macsec1");
    expect(original).toMatch(/^[0-9a-f]{32}$/);
    const cak = "0123456789abcdef0123456789abcdef";
    const { id, hash } = await proposeChange(h.t.db, h.operator, { kind: "macsec.rotate-cak", params: { name: "macsec1", cak }, deviceIds: [deviceId] });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    const swapped = seal(JSON.stringify({ cak: "fedcba9876543210fedcba9876543210" }), changeSecretsAad(id));
    await h.t.db.$executeRaw`UPDATE "ChangeRequest" SET "secretsSealed" = ${swapped} WHERE "id" = ${id}`;

    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("FAILED");
    const request = await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } });
    expect(request.error).toMatch(/sealed cak does not match its stored fingerprint/);
    expect(request.secretsSealed).toBeNull();
    expect(await h.cakOf("guide-macsec-b", "macsec1")).toBe(original);
    expect(await actions(id)).not.toContain("change.router_call");
  });
});

describe("sealed CAKs are dropped when a request ends", () => {
  const rotate = async (router: string, cak: string, getKind?: KindLookup) => {
    const input = { kind: "macsec.rotate-cak" as const, params: { name: "macsec1", cak }, deviceIds: [await h.deviceId(router)] };
    const r = await proposeChange(h.t.db, h.operator, input, getKind ? { getKind } : {});
    expect((await h.t.db.changeRequest.findUniqueOrThrow({ where: { id: r.id } })).secretsSealed).not.toBeNull();
    return r;
  };
  const sealedOf = async (id: string) => (await h.t.db.changeRequest.findUniqueOrThrow({ where: { id } })).secretsSealed;

  it("APPLIED, ROLLED_BACK, REJECTED and a missed window (FAILED) keep no sealed secret; APPROVED and SCHEDULED keep it", async () => {
    const applied = await rotate("guide-macsec-a", "00112233445566778899aabbccddeef0");
    await approveChange(h.t.db, h.admin, { id: applied.id, hash: applied.hash });
    expect(await sealedOf(applied.id)).not.toBeNull();
    await scheduleChange(h.t.db, h.admin, { id: applied.id });
    expect(await sealedOf(applied.id)).not.toBeNull();
    expect(await applyChange(h.t.db, applied.id, { owner: "w" })).toBe("APPLIED");
    expect(await sealedOf(applied.id)).toBeNull();

    const rolledBack = await rotate("guide-macsec-a", "00112233445566778899aabbccddeef1", secretThenFailKinds);
    await approveChange(h.t.db, h.admin, { id: rolledBack.id, hash: rolledBack.hash });
    await scheduleChange(h.t.db, h.admin, { id: rolledBack.id });
    expect(await applyChange(h.t.db, rolledBack.id, { owner: "w" })).toBe("ROLLED_BACK");
    expect(await sealedOf(rolledBack.id)).toBeNull();

    const rejected = await rotate("guide-macsec-a", "00112233445566778899aabbccddeef2");
    await rejectChange(h.t.db, h.admin, { id: rejected.id, reason: "not now" });
    expect(await sealedOf(rejected.id)).toBeNull();

    const missed = await rotate("guide-macsec-a", "00112233445566778899aabbccddeef3");
    await approveChange(h.t.db, h.admin, { id: missed.id, hash: missed.hash });
    const windowEnd = new Date(Date.now() + 1_000);
    await scheduleChange(h.t.db, h.admin, { id: missed.id, windowStart: new Date(), windowEnd });
    expect(await applyChange(h.t.db, missed.id, { owner: "w", now: new Date(windowEnd.getTime() + 1) })).toBe("FAILED");
    expect(await sealedOf(missed.id)).toBeNull();
  });
});
