import { describe, expect, it } from "vitest";
import { at } from "../../testing/at";
import { compareWithBefore, verifyOps } from "../engine/verify";
import { firewallRuleAddKind, firewallRuleRemoveKind, ruleRef } from "./firewall";
import { applyThroughEngine, menuRows, undoThroughEngine } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest();
const SOHO = "guide-soho-macvlan";
const FILTER = "/ip/firewall/filter";
const KEY = "noc:20261203-3f9a1c2e";

/** The guide's filter rules, as comments in print order. */
const GUIDE_FILTER = ["accept established", "isolate IoT from LAN", "isolate LAN from IoT", "IoT may not reach the router's LAN address"];

const accept = { table: "filter", chain: "forward", action: "accept", comment: KEY, srcAddress: "192.168.99.0/24", outInterfaceList: "WAN" };

async function comments(menu = FILTER): Promise<string[]> {
  return (await fx.client(SOHO).print(menu, { proplist: ["comment"] })).map((r) => r.comment ?? "");
}

describe("firewall-rule schemas", () => {
  it("refuses what does not fit the table, bad keys and bad matchers, naming the field", () => {
    const refused = (params: Record<string, unknown>) => {
      const r = firewallRuleAddKind.schema.safeParse({ position: "top", ...accept, ...params });
      return r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0])))];
    };
    expect(refused({})).toEqual([]);
    expect(refused({ table: "nat", chain: "forward", action: "masquerade" })).toEqual(["chain"]);
    expect(refused({ action: "masquerade" })).toEqual(["action"]);
    expect(refused({ table: "nat", chain: "srcnat", action: "masquerade", connectionState: "new" })).toEqual(["connectionState"]);
    expect(refused({ table: "nat", chain: "srcnat", action: "masquerade", position: "before-first-drop" })).toEqual(["position"]);
    expect(refused({ position: "before-comment" })).toEqual(["beforeComment"]);
    expect(refused({ beforeComment: "accept established" })).toEqual(["beforeComment"]);
    for (const comment of ["noc:UPPER", "isolate", "noc:", "noc:a b", `noc:${"a".repeat(61)}`]) expect(refused({ comment })).toEqual(["comment"]);
    expect(refused({ srcAddress: "192.168.99.0/33" })).toEqual(["srcAddress"]);
    expect(refused({ connectionState: "established,bogus" })).toEqual(["connectionState"]);
    expect(refused({ connectionState: "new,new" })).toEqual(["connectionState"]);
    expect(refused({ connectionNatState: "snat" })).toEqual(["connectionNatState"]);
    expect(refused({ dstPort: "53" })).toEqual(["dstPort"]);
    expect(refused({ protocol: "udp", dstPort: "70000" })).toEqual(["dstPort"]);
    expect(refused({ protocol: "udp", dstPort: "68-67" })).toEqual(["dstPort"]);
    expect(refused({ protocol: "udp", dstPort: "53,67-68" })).toEqual([]);
    expect(refused({ inInterface: "ether2", inInterfaceList: "LAN" })).toEqual(["inInterfaceList"]);
    expect(firewallRuleAddKind.schema.safeParse({ position: "top", ...accept, colour: "blue" }).success).toBe(false);
    expect(firewallRuleRemoveKind.schema.safeParse({ table: "filter", comment: "" }).success).toBe(false);
  });
});

describe("firewall-rule.add", () => {
  it("top of a chain: place-before the chain's first rule; the preview lists the chain in order; engine applies, verifies, undoes", async () => {
    const client = fx.client(SOHO);
    const before = await menuRows(client, FILTER);
    const plan = await planFor(firewallRuleAddKind, { ...accept, position: "top" }, fx, SOHO);
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: ruleRef("filter", KEY, ["chain", "action", "src-address", "out-interface-list"]),
        values: { chain: "forward", action: "accept", "src-address": "192.168.99.0/24", "out-interface-list": "WAN", comment: KEY },
        placeBefore: { where: { chain: "forward" }, label: "first rule of chain forward" },
      },
    ]);
    expect(plan.order).toEqual([
      {
        label: "/ip/firewall/filter chain=forward",
        rows: [
          { text: `accept src-address=192.168.99.0/24 out-interface-list=WAN ;;; ${KEY}`, change: "add" },
          { text: "accept connection-state=established,related ;;; accept established", change: null },
          { text: "drop in-interface=macvlan-iot out-interface-list=LAN ;;; isolate IoT from LAN", change: null },
          { text: "drop out-interface=macvlan-iot in-interface-list=LAN ;;; isolate LAN from IoT", change: null },
        ],
      },
    ]);
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      [`/ip/firewall/filter ${KEY}`, true],
      ["/interface/list WAN", false],
    ]);
    const { outcome, ctx } = await applyThroughEngine(fx, SOHO, plan);
    expect(outcome).toEqual({ status: "APPLIED", error: null });
    expect(await comments()).toEqual([KEY, ...GUIDE_FILTER]);
    expect(ctx.recorder.steps.find((s) => s.method === "PUT")?.path).toBe("/rest/ip/firewall/filter");
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, FILTER)).toEqual(before);
  });

  it("before the chain's first drop rule, before a rule by comment, at the end", async () => {
    const drop = await planFor(firewallRuleAddKind, { ...accept, position: "before-first-drop" }, fx, SOHO);
    expect(at(drop.ops, 0)).toMatchObject({ placeBefore: { where: { chain: "forward", action: "drop" } } });
    expect((await applyThroughEngine(fx, SOHO, drop)).outcome.status).toBe("APPLIED");
    expect(await comments()).toEqual(["accept established", KEY, ...GUIDE_FILTER.slice(1)]);

    const second = "noc:second";
    const byComment = await planFor(
      firewallRuleAddKind,
      { ...accept, comment: second, position: "before-comment", beforeComment: "isolate LAN from IoT", action: "drop", srcAddress: "", inInterface: "ether5" },
      fx,
      SOHO,
    );
    expect(byComment.base.map((b) => b.ref.label)).toEqual([
      `/ip/firewall/filter ${second}`,
      "/interface ether5",
      "/interface/list WAN",
      "/ip/firewall/filter isolate LAN from IoT",
    ]);
    expect(at(byComment.order ?? [], 0).rows.map((r) => r.change)).toEqual([null, null, null, "add", null]);
    expect((await applyThroughEngine(fx, SOHO, byComment)).outcome.status).toBe("APPLIED");
    expect(await comments()).toEqual(["accept established", KEY, "isolate IoT from LAN", second, "isolate LAN from IoT", GUIDE_FILTER[3]]);

    const nat = await planFor(
      firewallRuleAddKind,
      { table: "nat", chain: "srcnat", action: "masquerade", position: "end", comment: "noc:nat-1", srcAddress: "192.168.99.0/24", outInterfaceList: "WAN" },
      fx,
      SOHO,
    );
    expect(at(nat.ops, 0)).not.toHaveProperty("placeBefore");
    expect((await applyThroughEngine(fx, SOHO, nat)).outcome.status).toBe("APPLIED");
    expect(await comments("/ip/firewall/nat")).toEqual(["masquerade", "noc:nat-1"]);
  });

  it("refuses a key already present (either table), a misplaced or missing anchor, missing interfaces and lists", async () => {
    const client = fx.client(SOHO);
    await client.add("/ip/firewall/nat", { chain: "srcnat", action: "accept", comment: KEY });
    const dup = await expectPlanError(planFor(firewallRuleAddKind, { ...accept, position: "top" }, fx, SOHO), "comment");
    expect(dup.message).toBe(`a rule with comment ${KEY} already exists in /ip/firewall/nat: choose a fresh key`);
    const p = { ...accept, comment: "noc:other" };
    const chain = await expectPlanError(
      planFor(firewallRuleAddKind, { ...p, position: "before-comment", beforeComment: GUIDE_FILTER[3] }, fx, SOHO),
      "beforeComment",
    );
    expect(chain.message).toBe(`the rule with comment ${GUIDE_FILTER[3]} is in chain input, not forward`);
    await expectPlanError(planFor(firewallRuleAddKind, { ...p, position: "before-comment", beforeComment: "nope" }, fx, SOHO), "beforeComment");
    const noDrop = await expectPlanError(planFor(firewallRuleAddKind, { ...p, chain: "output", position: "before-first-drop" }, fx, SOHO), "position");
    expect(noDrop.message).toBe("chain output of /ip/firewall/filter has no drop rule");
    await expectPlanError(planFor(firewallRuleAddKind, { ...p, position: "top", inInterface: "ether42" }, fx, SOHO), "inInterface");
    await expectPlanError(planFor(firewallRuleAddKind, { ...p, position: "top", outInterfaceList: "DMZ" }, fx, SOHO), "outInterfaceList");
  });

  it("an empty chain's top is the end of the table", async () => {
    const plan = await planFor(firewallRuleAddKind, { ...accept, chain: "output", position: "top", outInterfaceList: "" }, fx, SOHO);
    expect(at(plan.ops, 0)).not.toHaveProperty("placeBefore");
    expect(plan.notes).toEqual([`accept src-address=192.168.99.0/24 ;;; ${KEY}: chain output has no static rule yet: added at the end of the table`]);
  });

  it("when the anchor is gone at apply time nothing is written (FAILED), the table unchanged", async () => {
    const client = fx.client(SOHO);
    const plan = await planFor(firewallRuleAddKind, { ...accept, position: "before-first-drop" }, fx, SOHO);
    for (const r of await client.print(FILTER, { proplist: [".id", "action"] })) if (r.action === "drop") await client.remove(FILTER, r[".id"] ?? "");
    const before = await menuRows(client, FILTER);
    const { outcome, ctx } = await applyThroughEngine(fx, SOHO, plan);
    expect(outcome.status).toBe("FAILED");
    expect(outcome.error).toMatch(/there is no first drop rule of chain forward any more/);
    expect(ctx.recorder.steps.filter((s) => s.method === "PUT")).toEqual([]);
    expect(await menuRows(client, FILTER)).toEqual(before);
  });
});

describe("position checks", () => {
  it("the verify of a placed add and the read-back after an undo report a rule that is not where it should be", async () => {
    const client = fx.client(SOHO);
    const add = await planFor(firewallRuleAddKind, { ...accept, position: "top" }, fx, SOHO);
    const { outcome, ctx } = await applyThroughEngine(fx, SOHO, add);
    expect(outcome.status).toBe("APPLIED");
    const ids = (await client.print(FILTER, { proplist: [".id"] })).map((r) => r[".id"] ?? "");
    await client.command(FILTER, "move", { numbers: at(ids, 0) });
    expect(await verifyOps(ctx, add.ops)).toEqual([`/ip/firewall/filter ${KEY}: position last, expected before ${at(ids, 1)}`]);

    const remove = await planFor(firewallRuleRemoveKind, { table: "filter", comment: "accept established" }, fx, SOHO);
    const removed = await applyThroughEngine(fx, SOHO, remove);
    expect(removed.outcome.status).toBe("APPLIED");
    await undoThroughEngine(removed.ctx, remove);
    const back = (await client.print(FILTER, { proplist: [".id", "comment"] })).find((r) => r.comment === "accept established");
    await client.command(FILTER, "move", { numbers: back?.[".id"] ?? "" });
    expect(await compareWithBefore(removed.ctx, remove.ops)).toEqual([`/ip/firewall/filter accept established: position last, was before ${at(ids, 2)}`]);
  });
});

describe("firewall-rule.remove", () => {
  it("snapshots every property; the engine removes it and the undo re-adds it whole at its old position", async () => {
    const client = fx.client(SOHO);
    const before = await menuRows(client, FILTER);
    const plan = await planFor(firewallRuleRemoveKind, { table: "filter", comment: "isolate IoT from LAN" }, fx, SOHO);
    const ref = at(plan.ops, 0).ref;
    expect(ref.ordered).toBe(true);
    expect(ref.fields).toEqual(expect.arrayContaining(["chain", "action", "in-interface", "out-interface-list", "log", "disabled"]));
    expect(ref.fields).not.toContain("bytes");
    expect(at(plan.order ?? [], 0).rows.map((r) => r.change)).toEqual([null, "remove", null]);
    expect(plan.notes).toEqual([
      "drop in-interface=macvlan-iot out-interface-list=LAN ;;; isolate IoT from LAN is removed from chain forward; an undo re-adds it before drop out-interface=macvlan-iot in-interface-list=LAN ;;; isolate LAN from IoT",
    ]);
    const { outcome, ctx } = await applyThroughEngine(fx, SOHO, plan);
    expect(outcome.status).toBe("APPLIED");
    expect(await comments()).toEqual(GUIDE_FILTER.filter((c) => c !== "isolate IoT from LAN"));
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, FILTER)).toEqual(before);
    expect(ctx.recorder.steps.filter((s) => s.phase === "rollback" && s.method === "PUT").map((s) => s.status)).toEqual([200]);
  });

  it("the last rule of a table comes back last", async () => {
    const client = fx.client(SOHO);
    const before = await menuRows(client, FILTER);
    const plan = await planFor(firewallRuleRemoveKind, { table: "filter", comment: GUIDE_FILTER[3] }, fx, SOHO);
    const { outcome, ctx } = await applyThroughEngine(fx, SOHO, plan);
    expect(outcome.status).toBe("APPLIED");
    await undoThroughEngine(ctx, plan);
    expect(await menuRows(client, FILTER)).toEqual(before);
  });

  it("refuses an unknown comment and a comment two rules share", async () => {
    await expectPlanError(planFor(firewallRuleRemoveKind, { table: "nat", comment: "isolate IoT from LAN" }, fx, SOHO), "comment");
    await fx.client(SOHO).add(FILTER, { chain: "input", action: "accept", comment: "masquerade" });
    await fx.client(SOHO).add(FILTER, { chain: "input", action: "drop", comment: "masquerade" });
    const two = await expectPlanError(planFor(firewallRuleRemoveKind, { table: "filter", comment: "masquerade" }, fx, SOHO), "comment");
    expect(two.message).toBe("2 rules of /ip/firewall/filter have comment masquerade: the change needs exactly one");
  });
});
