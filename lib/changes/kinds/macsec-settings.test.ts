import { describe, expect, it } from "vitest";
import { macsecRef } from "./macsec";
import { macsecProfileSetKind, macsecSetMtuKind, profileSettingsRef } from "./macsec-settings";
import { checkMinVersion } from "./shared";
import { applyThroughEngine, menuRows, undoThroughEngine } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest();
const A = "guide-macsec-a";
const PROFILES = "/interface/macsec/profile";

describe("macsec-profile.set / macsec.set-mtu schemas", () => {
  it("ciphers: a comma list of the four suites; server-priority 0-255; at least one of them; mtu 64-65535", () => {
    const s = macsecProfileSetKind.schema;
    expect(s.parse({ name: "guide-profile", ciphers: "gcm-aes-256,gcm-aes-xpn-256", serverPriority: "" })).toEqual({
      name: "guide-profile",
      ciphers: "gcm-aes-256,gcm-aes-xpn-256",
    });
    expect(s.parse({ name: "p", serverPriority: "5" })).toEqual({ name: "p", serverPriority: 5 });
    const field = (params: Record<string, unknown>) => {
      const r = s.safeParse(params);
      return r.success ? null : String(r.error.issues[0]?.path[0]);
    };
    expect(field({ name: "p", ciphers: "aes-128" })).toBe("ciphers");
    expect(field({ name: "p", ciphers: "gcm-aes-128,gcm-aes-128" })).toBe("ciphers");
    expect(field({ name: "p", serverPriority: "256" })).toBe("serverPriority");
    expect(field({ name: "p" })).toBe("ciphers");
    expect(macsecSetMtuKind.schema.safeParse({ name: "macsec1", mtu: "63" }).success).toBe(false);
    expect(macsecSetMtuKind.schema.safeParse({ name: "macsec1", mtu: "1400", comment: "x" }).success).toBe(false);
  });
});

describe("macsec-profile.set", () => {
  it("sets ciphers (7.23+), notes the interfaces that renegotiate; engine applies and undoes", async () => {
    const client = fx.client(A);
    const before = await menuRows(client, PROFILES);
    const plan = await planFor(macsecProfileSetKind, { name: "guide-profile", ciphers: "gcm-aes-256", serverPriority: "5" }, fx, A);
    expect(plan.ops).toEqual([{ op: "set", ref: profileSettingsRef("guide-profile"), values: { ciphers: "gcm-aes-256", "server-priority": "5" } }]);
    expect(plan.disruptsInterfaces).toEqual(["macsec1"]);
    expect(plan.notes).toEqual(["macsec1 uses this profile and renegotiates: the peer needs a common cipher"]);
    const { outcome, ctx } = await applyThroughEngine(fx, A, plan);
    expect(outcome.status).toBe("APPLIED");
    expect((await menuRows(client, PROFILES)).find((r) => r.name === "guide-profile")).toMatchObject({ ciphers: "gcm-aes-256", "server-priority": "5" });
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, PROFILES)).toEqual(before);
  });

  it("no-op when already so; refuses a missing profile; gated at 7.23 (older routers print no ciphers)", async () => {
    const same = await planFor(macsecProfileSetKind, { name: "guide-profile", ciphers: "gcm-aes-128" }, fx, A);
    expect(same.ops).toEqual([]);
    await expectPlanError(planFor(macsecProfileSetKind, { name: "strict", ciphers: "gcm-aes-256" }, fx, A), "name");
    const old = fx.device("guide-isp-dhcp");
    expect(old.version).toBe("7.22.3");
    expect(() => checkMinVersion(old, macsecProfileSetKind.info.minVersion, macsecProfileSetKind.info.label)).toThrow(
      "Change MACsec profile needs RouterOS 7.23 or later; guide-isp-dhcp runs 7.22.3",
    );
    const err = await expectPlanError(planFor(macsecProfileSetKind, { name: "default", ciphers: "gcm-aes-256" }, fx, "guide-isp-dhcp"), "ciphers");
    expect(err.message).toMatch(/prints no ciphers/);
  });
});

describe("macsec.set-mtu", () => {
  it("sets mtu within the parent's minus 32; engine applies and undoes; refuses too big, no-op when equal", async () => {
    const client = fx.client(A);
    const before = await menuRows(client, "/interface/macsec");
    const plan = await planFor(macsecSetMtuKind, { name: "macsec1", mtu: "1400" }, fx, A);
    expect(plan.ops).toEqual([{ op: "set", ref: macsecRef("macsec1", false), values: { mtu: "1400" } }]);
    expect(plan.base.map((b) => b.ref.label)).toEqual(["/interface/macsec macsec1", "/interface ether1"]);
    const { outcome, ctx } = await applyThroughEngine(fx, A, plan);
    expect(outcome.status).toBe("APPLIED");
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, "/interface/macsec")).toEqual(before);
    const big = await expectPlanError(planFor(macsecSetMtuKind, { name: "macsec1", mtu: "1469" }, fx, A), "mtu");
    expect(big.message).toBe("mtu 1469 does not fit ether1 (mtu 1500): at most 1468 with the 32 bytes of MACsec overhead");
    expect((await planFor(macsecSetMtuKind, { name: "macsec1", mtu: 1468 }, fx, A)).ops).toEqual([]);
    await expectPlanError(planFor(macsecSetMtuKind, { name: "macsec9", mtu: 1400 }, fx, A), "name");
  });
});
