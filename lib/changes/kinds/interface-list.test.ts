import { describe, expect, it } from "vitest";
import { readObject } from "../router-objects";
import { addMemberKind, removeMemberKind } from "./interface-list";
import { interfaceRef, listRef, memberRef } from "./shared";
import { applyAndVerify, expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest();

describe("interface-list schemas", () => {
  it("refuses bad names and extra keys", () => {
    for (const kind of [addMemberKind, removeMemberKind]) {
      expect(kind.schema.safeParse({ list: "mac-allowed", interface: "vlan 68" }).success).toBe(false);
      expect(kind.schema.safeParse({ list: "", interface: "vlan-68" }).success).toBe(false);
      expect(kind.schema.safeParse({ list: "mac-allowed", interface: "vlan-68", disabled: "true" }).success).toBe(false);
      expect(kind.schema.safeParse({ list: "mac-allowed" }).success).toBe(false);
    }
  });
});

describe("interface-list.add-member", () => {
  it("plans an add by (list, interface) with list and interface as guards, and a MAC-server note", async () => {
    const plan = await planFor(addMemberKind, { list: "mac-allowed", interface: "ether5" }, fx, "guide-macserver");
    expect(plan.base.map((b) => b.ref)).toEqual([listRef("mac-allowed"), interfaceRef("ether5"), memberRef("mac-allowed", "ether5")]);
    expect(plan.base[1]?.values).toMatchObject({ name: "ether5", type: "ether" });
    expect(plan.base[2]?.values).toBeNull();
    expect(plan.ops).toEqual([{ op: "add", ref: memberRef("mac-allowed", "ether5"), values: { list: "mac-allowed", interface: "ether5" } }]);
    expect(plan.notes).toEqual(["MAC-Telnet and MAC-Winbox will accept sessions on ether5 (allowed-interface-list=mac-allowed)"]);
    const client = fx.client("guide-macserver");
    await applyAndVerify(client, plan);
    expect((await readObject(client, memberRef("mac-allowed", "ether5"))).values).toEqual({
      list: "mac-allowed",
      interface: "ether5",
      disabled: "false",
      dynamic: "false",
    });
  });

  it("refuses a missing list, a built-in list, a missing interface and an existing membership", async () => {
    await expectPlanError(planFor(addMemberKind, { list: "mgmt", interface: "ether5" }, fx, "guide-macserver"), "list");
    await expectPlanError(planFor(addMemberKind, { list: "all", interface: "ether5" }, fx, "guide-macserver"), "list");
    await expectPlanError(planFor(addMemberKind, { list: "LAN", interface: "vlan-99" }, fx, "guide-macserver"), "interface");
    const dup = await expectPlanError(planFor(addMemberKind, { list: "mac-allowed", interface: "vlan-68" }, fx, "guide-macserver"), "interface");
    expect(dup.message).toBe("vlan-68 is already a member of mac-allowed");
  });
});

describe("interface-list.remove-member", () => {
  it("plans a remove of the member; the snapshot holds what an undo re-adds", async () => {
    const plan = await planFor(removeMemberKind, { list: "mac-allowed", interface: "vlan-68" }, fx, "guide-macserver");
    expect(plan.base[1]).toEqual({
      ref: memberRef("mac-allowed", "vlan-68"),
      values: { list: "mac-allowed", interface: "vlan-68", disabled: "false", dynamic: "false" },
    });
    expect(plan.ops).toEqual([{ op: "remove", ref: memberRef("mac-allowed", "vlan-68") }]);
    expect(plan.notes[0]).toMatch(/no longer accept sessions on vlan-68/);
    await applyAndVerify(fx.client("guide-macserver"), plan);
  });

  it("refuses a membership that does not exist", async () => {
    const err = await expectPlanError(planFor(removeMemberKind, { list: "LAN", interface: "vlan-68" }, fx, "guide-macserver"), "interface");
    expect(err.message).toBe("vlan-68 is not a member of LAN");
    await expectPlanError(planFor(removeMemberKind, { list: "nope", interface: "vlan-68" }, fx, "guide-macserver"), "list");
  });
});
