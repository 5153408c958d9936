import { describe, expect, it } from "vitest";
import { readObject } from "../router-objects";
import { macvlanAddKind, macvlanRef, macvlanRemoveKind, macvlanSetKind } from "./macvlan";
import { addressRef, interfaceRef } from "./shared";
import { applyAndVerify, expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest({ routers: 25, seed: 7 });
const SOHO = "guide-soho-macvlan";

describe("macvlan schemas", () => {
  it("add: defaults, empty optional fields, normalised MAC; refuses bad MAC, unknown mode, MTU out of range, extra keys", () => {
    const s = macvlanAddKind.schema;
    expect(s.parse({ name: "macvlan-68", interface: "ether2", macAddress: "", mtu: "", comment: "", ipAddress: "" })).toEqual({
      name: "macvlan-68",
      interface: "ether2",
      mode: "bridge",
    });
    expect(s.parse({ name: "m1", interface: "ether2", macAddress: "02aabbccddee", mode: "private", mtu: "1400" })).toMatchObject({
      macAddress: "02:AA:BB:CC:DD:EE",
      mode: "private",
      mtu: 1400,
    });
    expect(s.safeParse({ name: "m1", interface: "ether2", macAddress: "02:AA:BB:CC:DD" }).success).toBe(false);
    expect(s.safeParse({ name: "m1", interface: "ether2", mode: "vepa" }).success).toBe(false);
    expect(s.safeParse({ name: "m1", interface: "ether2", mtu: 63 }).success).toBe(false);
    expect(s.safeParse({ name: "m1", interface: "ether2", mtu: "15x0" }).success).toBe(false);
    expect(s.safeParse({ name: "m1", interface: "ether2", ipAddress: "192.168.99.1" }).success).toBe(false);
    expect(s.safeParse({ name: "m1", interface: "ether2", arp: "disabled" }).success).toBe(false);
  });

  it("set: needs at least one change; remove: strict", () => {
    expect(macvlanSetKind.schema.safeParse({ name: "macvlan-iot" }).success).toBe(false);
    expect(macvlanSetKind.schema.safeParse({ name: "macvlan-iot", mode: "", mtu: "" }).success).toBe(false);
    expect(macvlanSetKind.schema.parse({ name: "macvlan-iot", disabled: "true" })).toEqual({ name: "macvlan-iot", disabled: true });
    expect(macvlanSetKind.schema.safeParse({ name: "macvlan-iot", mode: "passthru" }).success).toBe(false);
    expect(macvlanRemoveKind.schema.safeParse({ name: "macvlan-iot", force: true }).success).toBe(false);
  });

  it("carries the 7.12 version gate in its info", () => {
    expect([macvlanAddKind, macvlanSetKind, macvlanRemoveKind].map((k) => k.info.minVersion)).toEqual(["7.12", "7.12", "7.12"]);
  });
});

describe("macvlan.add", () => {
  it("plans the add with the parent as a guard and an /ip/address on the new interface; round-trips", async () => {
    const plan = await planFor(
      macvlanAddKind,
      {
        name: "macvlan-68",
        interface: "ether3",
        macAddress: "02:00:00:00:00:68",
        mode: "private",
        mtu: 1400,
        comment: "vlan 68 guests",
        ipAddress: "10.68.0.1/24",
      },
      fx,
      SOHO,
    );
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      ["/interface/macvlan macvlan-68", true],
      ["/interface ether3", false],
      ["/ip/address 10.68.0.1/24 on macvlan-68", true],
    ]);
    expect(plan.base[1]?.ref).toEqual(interfaceRef("ether3", ["mtu"]));
    expect(plan.base[1]?.values).toMatchObject({ name: "ether3", mtu: "1500", type: "ether" });
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: macvlanRef("macvlan-68"),
        values: { name: "macvlan-68", interface: "ether3", mode: "private", "mac-address": "02:00:00:00:00:68", mtu: "1400", comment: "vlan 68 guests" },
      },
      { op: "add", ref: addressRef("10.68.0.1/24", "macvlan-68"), values: { address: "10.68.0.1/24", interface: "macvlan-68" } },
    ]);
    expect(plan.disruptsInterfaces).toEqual([]);
    await applyAndVerify(fx.client(SOHO), plan);
  });

  it("automatic MAC: no mac-address in the values, a note says so; round-trips", async () => {
    const plan = await planFor(macvlanAddKind, { name: "macvlan-cam", interface: "ether4" }, fx, SOHO);
    expect(plan.ops).toEqual([{ op: "add", ref: macvlanRef("macvlan-cam"), values: { name: "macvlan-cam", interface: "ether4", mode: "bridge" } }]);
    expect(plan.notes).toContain("mac-address: automatic (RouterOS picks one)");
    await applyAndVerify(fx.client(SOHO), plan);
    const printed = await readObject(fx.client(SOHO), macvlanRef("macvlan-cam"));
    expect(printed.values?.["mac-address"]).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/);
  });

  it("refuses a missing parent, an existing name (MACVLAN or other interface), an MTU above the parent's", async () => {
    await expectPlanError(planFor(macvlanAddKind, { name: "m1", interface: "ether9" }, fx, SOHO), "interface");
    await expectPlanError(planFor(macvlanAddKind, { name: "macvlan-iot", interface: "ether3" }, fx, SOHO), "name");
    const other = await expectPlanError(planFor(macvlanAddKind, { name: "ether5", interface: "ether3" }, fx, SOHO), "name");
    expect(other.message).toBe("an interface named ether5 already exists (type ether)");
    const mtu = await expectPlanError(planFor(macvlanAddKind, { name: "m1", interface: "ether3", mtu: 1600 }, fx, SOHO), "mtu");
    expect(mtu.message).toBe("mtu 1600 is above the parent ether3's mtu 1500");
  });

  it("refuses a router below 7.12 by the missing menu (the version gate by Device.version is the workflow's: workflow.test.ts)", async () => {
    const old = fx.sim.routers.find((r) => r.version === "7.9.2");
    expect(old).toBeDefined();
    const params = macvlanAddKind.schema.parse({ name: "m1", interface: "ether2" });
    const unknown = macvlanAddKind.plan(params, { client: fx.client(old!.name), device: { id: "x", name: old!.name, version: null } });
    const byMenu = await expectPlanError(unknown);
    expect(byMenu.message).toMatch(/no \/interface\/macvlan .*no such command or directory \(macvlan\)/);
  });
});

describe("macvlan.set", () => {
  it("only changed fields become ops; disabling disrupts the interface; round-trips", async () => {
    const plan = await planFor(macvlanSetKind, { name: "macvlan-iot", mode: "private", mtu: "1400", disabled: true, comment: "iot" }, fx, SOHO);
    expect(plan.ops).toEqual([{ op: "set", ref: macvlanRef("macvlan-iot"), values: { mtu: "1400", disabled: "true", comment: "iot" } }]);
    expect(plan.notes).toContain("mode is already private");
    expect(plan.disruptsInterfaces).toEqual(["macvlan-iot"]);
    expect(plan.base.map((b) => b.ref.label)).toEqual(["/interface/macvlan macvlan-iot", "/interface ether2"]);
    await applyAndVerify(fx.client(SOHO), plan);
    const again = await planFor(macvlanSetKind, { name: "macvlan-iot", disabled: "true" }, fx, SOHO);
    expect(again.ops).toEqual([]);
    expect(again.notes).toEqual(["disabled is already true", "nothing to change"]);
  });

  it("a new mac-address disrupts; a mode change alone does not; refuses a missing MACVLAN and an MTU above the parent", async () => {
    const mac = await planFor(macvlanSetKind, { name: "macvlan-iot", macAddress: "02:11:22:33:44:55" }, fx, SOHO);
    expect(mac.disruptsInterfaces).toEqual(["macvlan-iot"]);
    await applyAndVerify(fx.client(SOHO), mac);
    const mode = await planFor(macvlanSetKind, { name: "macvlan-iot", mode: "bridge" }, fx, SOHO);
    expect(mode.disruptsInterfaces).toEqual([]);
    await applyAndVerify(fx.client(SOHO), mode);
    await expectPlanError(planFor(macvlanSetKind, { name: "macvlan-x", mode: "bridge" }, fx, SOHO), "name");
    await expectPlanError(planFor(macvlanSetKind, { name: "macvlan-iot", mtu: 9000 }, fx, SOHO), "mtu");
  });
});

describe("macvlan.remove", () => {
  it("removes the addresses on it first, then the MACVLAN; snapshots keep what an undo re-creates", async () => {
    const plan = await planFor(macvlanRemoveKind, { name: "macvlan-iot" }, fx, SOHO);
    expect(plan.ops).toEqual([
      { op: "remove", ref: addressRef("192.168.99.1/24", "macvlan-iot") },
      { op: "remove", ref: macvlanRef("macvlan-iot") },
    ]);
    expect(plan.base[0]?.values).toMatchObject({ name: "macvlan-iot", interface: "ether2", mode: "private", mtu: "1500", disabled: "false" });
    expect(plan.base[1]?.values).toMatchObject({ address: "192.168.99.1/24", interface: "macvlan-iot", comment: "IoT", disabled: "false" });
    expect(plan.disruptsInterfaces).toEqual(["macvlan-iot"]);
    expect(plan.notes).toContain("/ip/dhcp-server dhcp-iot runs on macvlan-iot and will be left without its interface: review it");
    await applyAndVerify(fx.client(SOHO), plan);
  });

  it("refuses while a MACsec or VLAN uses it as parent, and a missing name", async () => {
    const client = fx.client(SOHO);
    await client.add("/interface/macsec", { name: "macsec-iot", interface: "macvlan-iot", cak: "00".repeat(16), ckn: "11".repeat(32) });
    const err = await expectPlanError(planFor(macvlanRemoveKind, { name: "macvlan-iot" }, fx, SOHO), "name");
    expect(err.message).toBe("macvlan-iot is the parent of /interface/macsec macsec-iot: remove those first");
    await expectPlanError(planFor(macvlanRemoveKind, { name: "macvlan-nope" }, fx, SOHO), "name");
  });
});
