import { describe, expect, it } from "vitest";
import { readObject } from "../router-objects";
import { enableOnInterfaceKind, serviceRef, setAllowedListKind, setPingKind } from "./mac-server";
import { listRef, memberRef } from "./shared";
import { applyAndVerify, expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";
import { required } from "../../testing/required";

const fx = simPerTest();

describe("mac-server.set-allowed-list", () => {
  it("refuses bad input", () => {
    const s = setAllowedListKind.schema;
    expect(s.safeParse({ service: "mac-ssh", allowedInterfaceList: "all" }).success).toBe(false);
    expect(s.safeParse({ service: "mac-telnet", allowedInterfaceList: "has space" }).success).toBe(false);
    expect(s.safeParse({ service: "mac-telnet", allowedInterfaceList: "" }).success).toBe(false);
    expect(s.safeParse({ service: "mac-telnet", allowedInterfaceList: "all", extra: "x" }).success).toBe(false);
    expect(s.parse({ service: "mac-winbox", allowedInterfaceList: "LAN" })).toEqual({ service: "mac-winbox", allowedInterfaceList: "LAN" });
  });

  it("plans a singleton set with the current value and the list as guards, and applies as RouterOS prints it", async () => {
    const plan = await planFor(setAllowedListKind, { service: "mac-telnet", allowedInterfaceList: "LAN" }, fx, "guide-macserver");
    expect(plan.base).toEqual([
      { ref: serviceRef("mac-telnet"), values: { "allowed-interface-list": "mac-allowed" } },
      { ref: listRef("LAN"), values: { name: "LAN", builtin: "false", dynamic: "false" } },
    ]);
    expect(plan.ops).toEqual([{ op: "set", ref: serviceRef("mac-telnet"), values: { "allowed-interface-list": "LAN" } }]);
    expect(plan.disruptsInterfaces).toEqual([]);
    await applyAndVerify(fx.client("guide-macserver"), plan);
    const winbox = await readObject(fx.client("guide-macserver"), serviceRef("mac-winbox"));
    expect(winbox.values).toEqual({ "allowed-interface-list": "mac-allowed" });
  });

  it("sets all / none without a list guard, refuses a missing list, notes a no-op", async () => {
    const none = await planFor(setAllowedListKind, { service: "mac-winbox", allowedInterfaceList: "none" }, fx, "guide-isp-dhcp");
    expect(none.base).toHaveLength(1);
    expect(none.notes.join(" ")).toMatch(/no new sessions/);
    await applyAndVerify(fx.client("guide-isp-dhcp"), none);
    const err = await expectPlanError(
      planFor(setAllowedListKind, { service: "mac-telnet", allowedInterfaceList: "mgmt" }, fx, "guide-isp-dhcp"),
      "allowedInterfaceList",
    );
    expect(err.message).toMatch(/mgmt does not exist/);
    const same = await planFor(setAllowedListKind, { service: "mac-telnet", allowedInterfaceList: "mac-allowed" }, fx, "guide-macserver");
    expect(same.ops).toEqual([]);
    expect(same.notes).toEqual(["MAC-Telnet allowed-interface-list is already mac-allowed: nothing to change"]);
  });
});

describe("mac-server.set-ping", () => {
  it("accepts booleans and their strings, an absent checkbox is false; refuses others", () => {
    const s = setPingKind.schema;
    expect(s.parse({ enabled: true })).toEqual({ enabled: true });
    expect(s.parse({ enabled: "false" })).toEqual({ enabled: false });
    expect(s.parse({})).toEqual({ enabled: false });
    expect(s.safeParse({ enabled: "maybe" }).success).toBe(false);
    expect(s.safeParse({ enabled: true, service: "x" }).success).toBe(false);
  });

  it("sets enabled=false as printed, and notes when it already is", async () => {
    const plan = await planFor(setPingKind, { enabled: false }, fx, "guide-macserver");
    expect(plan.base[0]?.values).toEqual({ enabled: "true" });
    expect(plan.ops).toEqual([{ op: "set", ref: plan.base[0]?.ref, values: { enabled: "false" } }]);
    await applyAndVerify(fx.client("guide-macserver"), plan);
    const again = await planFor(setPingKind, { enabled: false }, fx, "guide-macserver");
    expect(again.ops).toEqual([]);
    expect(again.notes).toEqual(["MAC ping is already disabled: nothing to change"]);
  });
});

describe("mac-server.enable-on-interface", () => {
  it("defaults services to both and list to mac-server; refuses built-in list names and extra keys", () => {
    const s = enableOnInterfaceKind.schema;
    expect(s.parse({ interface: "vlan-68" })).toEqual({ interface: "vlan-68", services: "both", list: "mac-server" });
    expect(s.parse({ interface: "vlan-68", services: "", list: "" })).toEqual({ interface: "vlan-68", services: "both", list: "mac-server" });
    expect(s.safeParse({ interface: "vlan-68", list: "all" }).success).toBe(false);
    expect(s.safeParse({ interface: "vlan-68", services: "ssh" }).success).toBe(false);
    expect(s.safeParse({ interface: "vlan-68", enabled: true }).success).toBe(false);
  });

  it("service on a list: adds the interface to it once for both services", async () => {
    const plan = await planFor(enableOnInterfaceKind, { interface: "ether3" }, fx, "guide-macserver");
    expect(plan.ops).toEqual([{ op: "add", ref: memberRef("mac-allowed", "ether3"), values: { list: "mac-allowed", interface: "ether3" } }]);
    expect(plan.notes).toEqual([
      "MAC-Telnet: ether3 joins mac-allowed (its allowed-interface-list)",
      "MAC-Winbox: ether3 joins mac-allowed (its allowed-interface-list)",
    ]);
    expect(plan.base.map((b) => b.ref.label)).toEqual([
      "/interface ether3",
      "/tool/mac-server",
      "/interface/list mac-allowed",
      "/interface/list/member list=mac-allowed interface=ether3",
      "/tool/mac-server/mac-winbox",
    ]);
    await applyAndVerify(fx.client("guide-macserver"), plan);
    const again = await planFor(enableOnInterfaceKind, { interface: "ether3" }, fx, "guide-macserver");
    expect(again.ops).toEqual([]);
    expect(again.notes.at(-1)).toBe("nothing to change");
  });

  it("service none: creates the list, adds the member, points allowed-interface-list at it; all: nothing to do", async () => {
    const plan = await planFor(enableOnInterfaceKind, { interface: "ether2", list: "mgmt-mac" }, fx, "guide-macsec-a");
    expect(plan.ops.map((o) => [o.op, o.ref.label])).toEqual([
      ["add", "/interface/list mgmt-mac"],
      ["add", "/interface/list/member list=mgmt-mac interface=ether2"],
      ["set", "/tool/mac-server"],
    ]);
    expect(plan.ops[2]).toMatchObject({ values: { "allowed-interface-list": "mgmt-mac" } });
    expect(plan.notes).toContain("MAC-Winbox: allowed-interface-list is all, so ether2 is already allowed");
    expect(plan.base.find((b) => b.ref.label === "/interface/list mgmt-mac")?.values).toBeNull();
    await applyAndVerify(fx.client("guide-macsec-a"), plan);
  });

  it("re-enables a disabled membership; refuses a built-in allowed list", async () => {
    const client = fx.client("guide-macserver");
    const member = await client.print("/interface/list/member", { where: { list: "mac-allowed", interface: "vlan-68" }, proplist: [".id"] });
    await client.set("/interface/list/member", required(member[0]?.[".id"], "the member's .id"), { disabled: "yes" });
    const plan = await planFor(enableOnInterfaceKind, { interface: "vlan-68", services: "mac-winbox" }, fx, "guide-macserver");
    expect(plan.ops).toEqual([{ op: "set", ref: memberRef("mac-allowed", "vlan-68"), values: { disabled: "false" } }]);
    await applyAndVerify(client, plan);
    await client.command("/tool/mac-server", "set", { "allowed-interface-list": "dynamic" });
    const err = await expectPlanError(planFor(enableOnInterfaceKind, { interface: "vlan-68", services: "mac-telnet" }, fx, "guide-macserver"), "services");
    expect(err.message).toMatch(/built-in list dynamic/);
  });

  it("refuses a missing interface", async () => {
    await expectPlanError(planFor(enableOnInterfaceKind, { interface: "vlan-99" }, fx, "guide-macserver"), "interface");
  });
});
