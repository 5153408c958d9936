import { describe, expect, it } from "vitest";
import { readRow } from "../router-objects";
import { macsecAddKind, macsecDisableKind, macsecEnableKind, macsecRef, macsecRemoveKind, macsecRotateCakKind } from "./macsec";
import { addressRef } from "./shared";
import { applyAndVerify, expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest();
const A = "guide-macsec-a";
const CAK = "0123456789abcdef0123456789ABCDEF";
const CKN = "f".repeat(64);

describe("macsec schemas", () => {
  it("add: CAK 32 hex, CKN 64 hex (lower-cased), profile defaults to default; refuses 31/63 digits, non-hex, extra keys", () => {
    const s = macsecAddKind.schema;
    expect(s.parse({ name: "macsec2", interface: "ether2", cak: CAK, ckn: CKN, profile: "" })).toEqual({
      name: "macsec2",
      interface: "ether2",
      cak: CAK.toLowerCase(),
      ckn: CKN,
      profile: "default",
    });
    expect(s.safeParse({ name: "macsec2", interface: "ether2", cak: CAK.slice(1), ckn: CKN }).success).toBe(false);
    expect(s.safeParse({ name: "macsec2", interface: "ether2", cak: CAK, ckn: CKN.slice(1) }).success).toBe(false);
    expect(s.safeParse({ name: "macsec2", interface: "ether2", cak: `${CAK.slice(1)}g`, ckn: CKN }).success).toBe(false);
    expect(s.safeParse({ name: "macsec2", interface: "ether2", cak: CAK, ckn: CKN, mtu: "1468" }).success).toBe(false);
    expect(macsecRotateCakKind.schema.safeParse({ name: "macsec1", cak: CAK.slice(2) }).success).toBe(false);
    expect(macsecEnableKind.schema.safeParse({ name: "macsec1", cak: CAK }).success).toBe(false);
  });

  it("declares cak as the only secret param", () => {
    expect(macsecAddKind.info.secretParams).toEqual(["cak"]);
    expect(macsecRotateCakKind.info.secretParams).toEqual(["cak"]);
    expect(macsecRemoveKind.info.secretParams).toEqual([]);
  });
});

describe("macsec.add", () => {
  it("plans with the CAK as a placeholder only, secretFields [cak], guards parent and profile; round-trips", async () => {
    const plan = await planFor(macsecAddKind, { name: "macsec2", interface: "ether2", cak: CAK, ckn: CKN, profile: "guide-profile" }, fx, A);
    expect(JSON.stringify(plan).toLowerCase()).not.toContain(CAK.toLowerCase());
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: macsecRef("macsec2", true),
        values: { name: "macsec2", interface: "ether2", cak: { secret: "cak" }, ckn: CKN, profile: "guide-profile" },
      },
    ]);
    expect(plan.ops[0]?.ref.secretFields).toEqual(["cak"]);
    expect(plan.ops[0]?.ref.fields).not.toContain("cak");
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      ["/interface/macsec macsec2", true],
      ["/interface ether2", false],
      ["/interface/macsec/profile guide-profile", false],
    ]);
    await applyAndVerify(fx.client(A), plan, { cak: CAK.toLowerCase() });
  });

  it("refuses an existing name, a missing parent, a missing profile", async () => {
    const p = { interface: "ether2", cak: CAK, ckn: CKN };
    await expectPlanError(planFor(macsecAddKind, { ...p, name: "macsec1" }, fx, A), "name");
    await expectPlanError(planFor(macsecAddKind, { ...p, name: "macsec2", interface: "ether42" }, fx, A), "interface");
    const prof = await expectPlanError(planFor(macsecAddKind, { ...p, name: "macsec2", profile: "strict" }, fx, A), "profile");
    expect(prof.message).toBe("MACsec profile strict does not exist on this router");
  });
});

describe("macsec.enable / macsec.disable", () => {
  it("disable sets disabled=true and disrupts; enable restores; no-ops are notes", async () => {
    const off = await planFor(macsecDisableKind, { name: "macsec1" }, fx, A);
    expect(off.ops).toEqual([{ op: "set", ref: macsecRef("macsec1", false), values: { disabled: "true" } }]);
    expect(off.disruptsInterfaces).toEqual(["macsec1"]);
    expect(off.base[0]?.values).toMatchObject({ name: "macsec1", interface: "ether1", profile: "guide-profile", disabled: "false" });
    expect(Object.keys(off.base[0]?.values ?? {})).not.toContain("cak");
    await applyAndVerify(fx.client(A), off);
    const again = await planFor(macsecDisableKind, { name: "macsec1" }, fx, A);
    expect(again.ops).toEqual([]);
    expect(again.notes).toEqual(["macsec1 is already disabled: nothing to change"]);
    const on = await planFor(macsecEnableKind, { name: "macsec1" }, fx, A);
    expect(on.ops).toEqual([{ op: "set", ref: macsecRef("macsec1", false), values: { disabled: "false" } }]);
    expect(on.disruptsInterfaces).toEqual([]);
    await applyAndVerify(fx.client(A), on);
    await expectPlanError(planFor(macsecEnableKind, { name: "macsec9" }, fx, A), "name");
  });
});

describe("macsec.rotate-cak", () => {
  it("sets the CAK as a secret, disrupts, and says the peer must get the same CAK; round-trips", async () => {
    const plan = await planFor(macsecRotateCakKind, { name: "macsec1", cak: CAK }, fx, A);
    expect(plan.ops).toEqual([{ op: "set", ref: macsecRef("macsec1", true), values: { cak: { secret: "cak" } } }]);
    expect(plan.disruptsInterfaces).toEqual(["macsec1"]);
    expect(plan.notes[0]).toMatch(/no key chain.*peer.*same CAK/);
    expect(JSON.stringify(plan).toLowerCase()).not.toContain(CAK.toLowerCase());
    const client = fx.client(A);
    await applyAndVerify(client, plan, { cak: CAK.toLowerCase() });
    const row = await readRow(client, macsecRef("macsec1", true), ["status"]);
    expect(row?.status).toBe("negotiating");
  });
});

describe("macsec.remove", () => {
  it("removes the address on it, then the MACsec (cak restorable: secretFields); round-trips", async () => {
    const plan = await planFor(macsecRemoveKind, { name: "macsec1" }, fx, A);
    expect(plan.ops).toEqual([
      { op: "remove", ref: addressRef("10.255.0.1/30", "macsec1") },
      { op: "remove", ref: macsecRef("macsec1", true) },
    ]);
    expect(plan.ops[1]?.ref.secretFields).toEqual(["cak"]);
    expect(plan.disruptsInterfaces).toEqual(["macsec1"]);
    await applyAndVerify(fx.client(A), plan);
    await expectPlanError(planFor(macsecRemoveKind, { name: "macsec1" }, fx, A), "name");
  });
});
