import { describe, expect, it } from "vitest";
import { poolAddKind, poolRef, poolRemoveKind } from "./ip-pool";
import { applyThenUndo } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest({ routers: 5 });
const ROUTER = "guide-soho-macvlan";
const MENUS = ["/ip/pool", "/ip/dhcp-server"];

describe("ip-pool schemas", () => {
  const issue = (ranges: string) => poolAddKind.schema.safeParse({ name: "p", ranges }).error?.issues[0];

  it("normalises a range list as RouterOS prints it", () => {
    expect(poolAddKind.schema.parse({ name: "p", ranges: " 10.0.0.10-10.0.0.20 , 10.0.0.2-10.0.0.2", nextPool: "" }).ranges).toBe(
      "10.0.0.10-10.0.0.20,10.0.0.2-10.0.0.2",
    );
  });

  it.each([
    ["10.0.0.10", "is not a range like"],
    ["10.0.0.0/24", "is not a range like"],
    ["10.0.0.20-10.0.0.10", "starts above its end"],
    ["10.0.0.1-10.0.0.9,10.0.0.5-10.0.0.20", "overlaps another range"],
    ["10.0.0.1-10.0.0.300", "is not a range like"],
    ["127.0.0.2-127.0.0.9", "loopback"],
    ["10.0.0.1-10.0.0.9,", "(empty) is not a range like"],
  ])("refuses %s on ranges", (ranges, message) => {
    expect(issue(ranges)?.path).toEqual(["ranges"]);
    expect(issue(ranges)?.message).toContain(message);
  });
});

describe("ip-pool.add", () => {
  it("adds a pool with next-pool through the engine; the undo removes it; overlaps are noted", async () => {
    const plan = await planFor(
      poolAddKind,
      { name: "pool-guest", ranges: "192.168.99.200-192.168.99.220", nextPool: "pool-iot", comment: "guests" },
      fx,
      ROUTER,
    );
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      ["/ip/pool pool-guest", true],
      ["/ip/pool pool-iot", false],
    ]);
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: poolRef("pool-guest"),
        values: { name: "pool-guest", ranges: "192.168.99.200-192.168.99.220", "next-pool": "pool-iot", comment: "guests" },
      },
    ]);
    expect(plan.notes).toEqual(["the ranges overlap pool pool-iot (192.168.99.10-192.168.99.254): both may hand out the same addresses"]);
    await applyThenUndo(fx.client(ROUTER), plan, MENUS);
  });

  it("refuses a name that exists, a missing next-pool and itself as next-pool", async () => {
    const dup = await expectPlanError(planFor(poolAddKind, { name: "pool-iot", ranges: "10.0.0.1-10.0.0.9" }, fx, ROUTER), "name");
    expect(dup.message).toBe("IP pool pool-iot already exists (ranges 192.168.99.10-192.168.99.254)");
    const next = await expectPlanError(planFor(poolAddKind, { name: "p2", ranges: "10.0.0.1-10.0.0.9", nextPool: "nope" }, fx, ROUTER), "nextPool");
    expect(next.message).toBe("IP pool nope does not exist on this router");
    await expectPlanError(planFor(poolAddKind, { name: "p2", ranges: "10.0.0.1-10.0.0.9", nextPool: "p2" }, fx, ROUTER), "nextPool");
  });
});

describe("ip-pool.remove", () => {
  it("refuses a pool a DHCP server uses, naming the server, and one another pool chains to", async () => {
    const used = await expectPlanError(planFor(poolRemoveKind, { name: "pool-iot" }, fx, ROUTER), "name");
    expect(used.message).toBe("IP pool pool-iot is the address-pool of DHCP server dhcp-iot: remove or change the server first");
    const client = fx.client(ROUTER);
    await client.add("/ip/pool", { name: "pool-a", ranges: "10.0.0.1-10.0.0.9" });
    await client.add("/ip/pool", { name: "pool-b", ranges: "10.0.1.1-10.0.1.9", "next-pool": "pool-a" });
    const chained = await expectPlanError(planFor(poolRemoveKind, { name: "pool-a" }, fx, ROUTER), "name");
    expect(chained.message).toBe("IP pool pool-a is the next-pool of pool pool-b: change that pool first");
    await expectPlanError(planFor(poolRemoveKind, { name: "pool-z" }, fx, ROUTER), "name");
  });

  it("removes an unused pool through the engine; the undo re-adds it with next-pool and comment", async () => {
    const client = fx.client(ROUTER);
    await client.add("/ip/pool", { name: "pool-b", ranges: "10.0.1.1-10.0.1.9,10.0.2.1-10.0.2.9", "next-pool": "pool-iot", comment: "spare" });
    const plan = await planFor(poolRemoveKind, { name: "pool-b" }, fx, ROUTER);
    expect(plan.base.map((b) => [b.ref.label, b.values])).toEqual([
      ["/ip/pool pool-b", { name: "pool-b", ranges: "10.0.1.1-10.0.1.9,10.0.2.1-10.0.2.9", "next-pool": "pool-iot", comment: "spare" }],
      ["/ip/dhcp-server with address-pool=pool-b", null],
      ["/ip/pool with next-pool=pool-b", null],
    ]);
    await applyThenUndo(client, plan, MENUS);
  });
});
