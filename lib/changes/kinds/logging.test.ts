import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../engine/testdata/harness";
import { applyChange, approveChange, proposeChange, scheduleChange } from "../workflow";
import { ChangeInputError } from "../workflow-types";
import { loggingActionRef, loggingAddKind, loggingRemoveKind, loggingRuleRef } from "./logging";
import { applyThenUndo } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const ROUTER = "guide-macserver";
const MENUS = ["/system/logging"];

describe("logging schemas", () => {
  it("normalise topics and default the action to memory", () => {
    expect(loggingAddKind.schema.parse({ topics: " mac-server , !debug ", action: "", prefix: "" })).toEqual({ topics: "mac-server,!debug", action: "memory" });
    expect(loggingRemoveKind.schema.parse({ topics: "macsec" })).toEqual({ topics: "macsec", action: "memory" });
  });

  it.each([
    ["", "one or more RouterOS log topics"],
    ["mac-server,nonsense", "nonsense: not a RouterOS log topic"],
    ["dhcp,!dhcp", "names a topic twice"],
    ["!debug", "at least one topic that is not negated"],
  ])("refuses topics %j", (topics, message) => {
    const issue = loggingAddKind.schema.safeParse({ topics }).error?.issues[0];
    expect(issue?.path).toEqual(["topics"]);
    expect(issue?.message).toContain(message);
  });
});

describe("logging kinds on the simulator", () => {
  const fx = simPerTest({ routers: 5 });

  it("logging.add plans one rule to an existing action; the undo removes it", async () => {
    const plan = await planFor(loggingAddKind, { topics: "mac-server", prefix: "MS" }, fx, ROUTER);
    expect(plan.base.map((b) => [b.ref.label, b.values])).toEqual([
      ["/system/logging/action memory", { name: "memory", target: "memory" }],
      ["/system/logging topics=mac-server action=memory", null],
    ]);
    expect(plan.ops).toEqual([{ op: "add", ref: loggingRuleRef("mac-server", "memory"), values: { topics: "mac-server", action: "memory", prefix: "MS" } }]);
    expect(plan.notes).toEqual([]);
    await applyThenUndo(fx.client(ROUTER), plan, MENUS);
    const toDisk = await planFor(loggingAddKind, { topics: "macsec", action: "disk" }, fx, ROUTER);
    expect(toDisk.notes).toEqual(["action disk has target=disk: these entries will not show on the Logs tab (it reads the memory log)"]);
    expect(toDisk.base[0]?.ref).toEqual(loggingActionRef("disk"));
  });

  it("refuses an unknown action, an existing rule, a default rule's removal and a missing rule", async () => {
    const action = await expectPlanError(planFor(loggingAddKind, { topics: "dhcp", action: "syslog" }, fx, ROUTER), "action");
    expect(action.message).toBe("logging action syslog does not exist on this router (it has memory, disk, echo, remote)");
    const dup = await expectPlanError(planFor(loggingAddKind, { topics: "info" }, fx, ROUTER), "topics");
    expect(dup.message).toBe("a /system/logging rule for topics info to memory already exists");
    const builtin = await expectPlanError(planFor(loggingRemoveKind, { topics: "critical", action: "echo" }, fx, ROUTER), "topics");
    expect(builtin.message).toBe("topics=critical action=echo is one of RouterOS's default logging rules: it cannot be removed");
    const missing = await expectPlanError(planFor(loggingRemoveKind, { topics: "mac-server" }, fx, ROUTER), "topics");
    expect(missing.message).toBe("no /system/logging rule for topics mac-server to memory on this router");
  });

  it("logging.remove removes an added rule; the undo re-adds it with its prefix and disabled flag", async () => {
    const client = fx.client(ROUTER);
    await client.add("/system/logging", { topics: "dhcp,!debug", action: "disk", prefix: "DHCP", disabled: "yes" });
    const plan = await planFor(loggingRemoveKind, { topics: "dhcp,!debug", action: "disk" }, fx, ROUTER);
    expect(plan.base[0]?.values).toMatchObject({ topics: "dhcp,!debug", action: "disk", prefix: "DHCP", disabled: "true", default: "false" });
    await applyThenUndo(client, plan, MENUS);
  });
});

describe("logging through the workflow", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function run(kind: "logging.add" | "logging.remove", params: Record<string, unknown>): Promise<string> {
    const { id, hash } = await proposeChange(h.t.db, h.operator, { kind, params, deviceIds: [await h.deviceId(ROUTER)] });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    return applyChange(h.t.db, id, { owner: "w" });
  }

  const macServerEntries = async () => (await h.rows(ROUTER, "/log")).filter((e) => e.topics === "mac-server,debug").map((e) => e.message);

  async function forceSession(mac: string): Promise<void> {
    const res = await fetch(`${h.sim.url}/_sim/routers/${ROUTER}/condition`, {
      method: "PUT",
      body: JSON.stringify({ macServerSession: { interface: "vlan-68", "src-address": mac } }),
    });
    expect(res.status).toBe(200);
  }

  it("propose → approve → apply turns mac-server logging on; removing the rule restores the rules", async () => {
    const before = await h.rows(ROUTER, "/system/logging");
    await forceSession("02:AB:CD:00:00:11");
    expect(await macServerEntries()).toEqual([]);

    expect(await run("logging.add", { topics: "mac-server" })).toBe("APPLIED");
    await forceSession("02:AB:CD:00:00:12");
    expect(await macServerEntries()).toEqual(["session from 02:AB:CD:00:00:12 on vlan-68 started"]);

    expect(await run("logging.remove", { topics: "mac-server" })).toBe("APPLIED");
    expect(await h.rows(ROUTER, "/system/logging")).toEqual(before);
    await h.expectChainOk();
  });

  it("a refused value never reaches the router; a failed write leaves the rules as they were", async () => {
    const before = await h.rows(ROUTER, "/system/logging");
    await expect(
      proposeChange(h.t.db, h.operator, { kind: "logging.add", params: { topics: "mac-server,bogus" }, deviceIds: [await h.deviceId(ROUTER)] }),
    ).rejects.toThrow(ChangeInputError);
    await h.setFault(ROUTER, { mode: "http500", methods: ["PUT"], count: 1 });
    try {
      expect(await run("logging.add", { topics: "macsec" })).not.toBe("APPLIED");
    } finally {
      await h.clearFault(ROUTER);
    }
    expect(await h.rows(ROUTER, "/system/logging")).toEqual(before);
  });
});
