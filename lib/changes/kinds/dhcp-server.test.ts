import { describe, expect, it } from "vitest";
import { dhcpServerAddKind, dhcpServerRef, dhcpServerRemoveKind } from "./dhcp-server";
import { applyThenUndo } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest({ routers: 5 });
const SOHO = "guide-soho-macvlan";
const ISP = "guide-isp-dhcp";
const MENUS = ["/ip/dhcp-server", "/ip/dhcp-server/lease", "/ip/pool"];

describe("dhcp-server schemas", () => {
  const parse = (leaseTime: string) => dhcpServerAddKind.schema.safeParse({ name: "d", interface: "ether3", addressPool: "p", leaseTime });

  it.each([
    ["30m", "30m"],
    ["1d 00:00:00", "1d"],
    ["12:00:00", "12h"],
    ["90m", "1h30m"],
    ["7d", "1w"],
    ["7101w3d6h28m15s", "7101w3d6h28m15s"],
  ])("writes lease-time %s as RouterOS prints it (%s)", (input, printed) => {
    expect(parse(input).data?.leaseTime).toBe(printed);
  });

  it.each(["0s", "500ms", "1.5s", "7101w3d6h28m16s", "30 minutes", "1h1h"])("refuses lease-time %s on leaseTime", (input) => {
    expect(parse(input).error?.issues.map((i) => i.path[0])).toEqual(["leaseTime"]);
  });
});

describe("dhcp-server.add", () => {
  it("adds an enabled server on an interface that has none, through the engine; the undo removes it", async () => {
    const client = fx.client(SOHO);
    await client.add("/ip/pool", { name: "pool-lan", ranges: "192.168.88.10-192.168.88.254" });
    const plan = await planFor(dhcpServerAddKind, { name: "dhcp-lan", interface: "ether3", addressPool: "pool-lan", leaseTime: "1d 00:00:00" }, fx, SOHO);
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      ["/ip/dhcp-server dhcp-lan", true],
      ["/interface ether3", false],
      ["/ip/dhcp-server on ether3", true],
      ["/ip/pool pool-lan", false],
    ]);
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: dhcpServerRef("dhcp-lan"),
        values: { name: "dhcp-lan", interface: "ether3", "address-pool": "pool-lan", disabled: "false", "lease-time": "1d" },
      },
    ]);
    expect(plan.notes).toEqual(["no /ip/dhcp-server/network covers ether3's subnet yet: clients get no gateway or DNS server"]);
    await applyThenUndo(client, plan, MENUS, async () => {
      const [row] = await client.print("/ip/dhcp-server", { where: { name: "dhcp-lan" } });
      expect(row).toMatchObject({ interface: "ether3", "address-pool": "pool-lan", "lease-time": "1d", disabled: "false" });
    });
  });

  it("notes an interface without address, static-only, the default lease-time and a pool outside the interface's subnets", async () => {
    const bare = await planFor(dhcpServerAddKind, { name: "dhcp-4", interface: "ether4", addressPool: "static-only" }, fx, SOHO);
    expect(bare.notes).toEqual([
      "ether4 has no IP address: the server cannot answer until it has one",
      "address-pool static-only: only clients with a static lease get an address",
      "lease-time: the RouterOS default (30m on v7)",
    ]);
    const outside = await planFor(dhcpServerAddKind, { name: "dhcp-lan", interface: "ether3", addressPool: "pool-iot" }, fx, SOHO);
    expect(outside.notes).toContain(
      "pool pool-iot (192.168.99.10-192.168.99.254) is not inside the subnets of ether3: clients would get addresses they cannot use",
    );
  });

  it("refuses an existing name, a second server on an interface, a missing interface or pool", async () => {
    const dup = await expectPlanError(planFor(dhcpServerAddKind, { name: "dhcp-iot", interface: "ether3", addressPool: "pool-iot" }, fx, SOHO), "name");
    expect(dup.message).toBe("DHCP server dhcp-iot already exists (on macvlan-iot)");
    const second = await expectPlanError(
      planFor(dhcpServerAddKind, { name: "dhcp-2", interface: "macvlan-iot", addressPool: "pool-iot" }, fx, SOHO),
      "interface",
    );
    expect(second.message).toBe("DHCP server dhcp-iot already runs on macvlan-iot: RouterOS runs one server per interface");
    await expectPlanError(planFor(dhcpServerAddKind, { name: "dhcp-2", interface: "ether99", addressPool: "pool-iot" }, fx, SOHO), "interface");
    const pool = await expectPlanError(planFor(dhcpServerAddKind, { name: "dhcp-2", interface: "ether3", addressPool: "pool-nope" }, fx, SOHO), "addressPool");
    expect(pool.message).toBe("IP pool pool-nope does not exist on this router");
  });
});

describe("dhcp-server.remove", () => {
  it("removes a server without static leases through the engine; the undo re-creates it with its settings", async () => {
    const client = fx.client(SOHO);
    const [row] = await client.print("/ip/dhcp-server", { where: { name: "dhcp-iot" }, proplist: [".id"] });
    await client.set("/ip/dhcp-server", row?.[".id"] ?? "", { "lease-time": "2h", comment: "IoT" });
    const plan = await planFor(dhcpServerRemoveKind, { name: "dhcp-iot" }, fx, SOHO);
    expect(plan.base[0]?.values).toMatchObject({ name: "dhcp-iot", interface: "macvlan-iot", "address-pool": "pool-iot", "lease-time": "2h", comment: "IoT" });
    expect(plan.ops).toEqual([{ op: "remove", ref: dhcpServerRef("dhcp-iot") }]);
    expect(plan.notes).toEqual(["clients on macvlan-iot get no new leases from this router"]);
    await applyThenUndo(client, plan, MENUS);
  });

  it("refuses a server with static leases, naming them, and a missing server", async () => {
    const err = await expectPlanError(planFor(dhcpServerRemoveKind, { name: "dhcp-vlan32" }, fx, ISP), "name");
    expect(err.message).toBe(
      "DHCP server dhcp-vlan32 has 2 static lease(s) (00:11:22:33:44:55 → 223.203.225.10, AA:BB:CC:DD:EE:FF → 223.203.225.20): remove them first (Remove static DHCP lease), so that none is left on a missing server",
    );
    await expectPlanError(planFor(dhcpServerRemoveKind, { name: "dhcp-nope" }, fx, ISP), "name");
  });
});
