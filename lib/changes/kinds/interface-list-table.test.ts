import { describe, expect, it } from "vitest";
import { at } from "../../testing/at";
import { listAddKind, listRemoveKind } from "./interface-list";
import { listRef } from "./shared";
import { applyThroughEngine, menuRows, undoThroughEngine } from "./testdata/engine-run";
import { applyAndVerify, expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest();
const MS = "guide-macserver";
const SOHO = "guide-soho-macvlan";

describe("interface-list.add / remove schemas", () => {
  it("refuses built-in names, bad names and extra keys", () => {
    for (const name of ["all", "none", "dynamic", "static"]) expect(listAddKind.schema.safeParse({ name }).success).toBe(false);
    expect(listAddKind.schema.safeParse({ name: "mgmt ports" }).success).toBe(false);
    expect(listAddKind.schema.safeParse({ name: "mgmt", include: "LAN" }).success).toBe(false);
    expect(listAddKind.schema.parse({ name: "mgmt", comment: "" })).toEqual({ name: "mgmt" });
    expect(listRemoveKind.schema.safeParse({ name: "" }).success).toBe(false);
  });
});

describe("interface-list.add", () => {
  it("plans an add by name (absent guard); round-trips; refuses an existing list", async () => {
    const plan = await planFor(listAddKind, { name: "mgmt", comment: "management ports" }, fx, MS);
    expect(plan.base).toEqual([{ ref: listRef("mgmt"), values: null }]);
    expect(plan.ops).toEqual([{ op: "add", ref: listRef("mgmt"), values: { name: "mgmt", comment: "management ports" } }]);
    await applyAndVerify(fx.client(MS), plan);
    const dup = await expectPlanError(planFor(listAddKind, { name: "mgmt" }, fx, MS), "name");
    expect(dup.message).toBe("interface list mgmt already exists on this router");
  });

  it("the engine's undo removes it again", async () => {
    const client = fx.client(MS);
    const before = await menuRows(client, "/interface/list");
    const plan = await planFor(listAddKind, { name: "mgmt" }, fx, MS);
    const { outcome, ctx } = await applyThroughEngine(fx, MS, plan);
    expect(outcome.status).toBe("APPLIED");
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, "/interface/list")).toEqual(before);
  });
});

describe("interface-list.remove", () => {
  it("refuses a list with members, naming them", async () => {
    const err = await expectPlanError(planFor(listRemoveKind, { name: "mac-allowed" }, fx, MS), "name");
    expect(err.message).toBe("mac-allowed still has members (vlan-68): remove them first");
  });

  it("refuses a list MAC-Telnet or MAC-Winbox allows, naming the service", async () => {
    const client = fx.client(MS);
    await client.add("/interface/list", { name: "mgmt" });
    await client.command("/tool/mac-server/mac-winbox", "set", { "allowed-interface-list": "mgmt" });
    const err = await expectPlanError(planFor(listRemoveKind, { name: "mgmt" }, fx, MS), "name");
    expect(err.message).toBe("MAC-Winbox (/tool/mac-server/mac-winbox) allows only mgmt (allowed-interface-list): point it elsewhere first");
  });

  it("refuses a list a firewall rule matches on, built-in lists and unknown lists", async () => {
    const client = fx.client(SOHO);
    await client.add("/interface/list", { name: "guests" });
    await client.add("/ip/firewall/filter", { chain: "forward", action: "drop", "in-interface-list": "guests", comment: "noc:guests" });
    const err = await expectPlanError(planFor(listRemoveKind, { name: "guests" }, fx, SOHO), "name");
    expect(err.message).toBe("firewall rules match on guests: filter rule noc:guests");
    await expectPlanError(planFor(listRemoveKind, { name: "all" }, fx, SOHO), "name");
    await expectPlanError(planFor(listRemoveKind, { name: "nope" }, fx, SOHO), "name");
  });

  it("removes an unused list with the MAC server settings as guards; the undo re-adds it with its comment and include", async () => {
    const client = fx.client(MS);
    await client.add("/interface/list", { name: "spare", comment: "spare ports", include: "LAN" });
    const before = await menuRows(client, "/interface/list");
    const plan = await planFor(listRemoveKind, { name: "spare" }, fx, MS);
    expect(plan.base.map((b) => b.ref.label)).toEqual(["/interface/list spare", "/tool/mac-server", "/tool/mac-server/mac-winbox"]);
    expect(at(plan.base, 0).values).toMatchObject({ name: "spare", comment: "spare ports", include: "LAN" });
    const { outcome, ctx } = await applyThroughEngine(fx, MS, plan);
    expect(outcome.status).toBe("APPLIED");
    expect((await menuRows(client, "/interface/list")).map((r) => r.name)).not.toContain("spare");
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, "/interface/list")).toEqual(before);
  });
});
