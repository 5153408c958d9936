import { describe, expect, it } from "vitest";
import { leaseAddKind, leaseRef, leaseRemoveKind } from "./dhcp-lease";
import { applyAndVerify, expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";
import { required } from "../../testing/required";

const fx = simPerTest({ routers: 6 });
const ROUTER = "guide-isp-dhcp";
const SERVER = "dhcp-vlan32";

describe("dhcp-lease schemas", () => {
  it("normalises the MAC as RouterOS prints it and refuses bad input", () => {
    const s = leaseAddKind.schema;
    expect(s.parse({ server: SERVER, address: "223.203.225.30", macAddress: "0a-0b-0c-0d-0e-0f" })).toEqual({
      server: SERVER,
      address: "223.203.225.30",
      macAddress: "0A:0B:0C:0D:0E:0F",
    });
    expect(s.parse({ server: SERVER, address: "223.203.225.30", macAddress: "0a:0b:0c:0d:0e:0f", comment: "" }).comment).toBeUndefined();
    expect(s.safeParse({ server: SERVER, address: "223.203.225.30", macAddress: "0a:0b:0c:0d:0e" }).success).toBe(false);
    expect(s.safeParse({ server: SERVER, address: "223.203.225.300", macAddress: "0A:0B:0C:0D:0E:0F" }).success).toBe(false);
    expect(s.safeParse({ server: SERVER, address: "223.203.225.30/24", macAddress: "0A:0B:0C:0D:0E:0F" }).success).toBe(false);
    expect(s.safeParse({ server: SERVER, address: "223.203.225.30", macAddress: "0A:0B:0C:0D:0E:0F", comment: "a\u0007b" }).success).toBe(false);
    expect(s.safeParse({ server: SERVER, address: "223.203.225.30", macAddress: "0A:0B:0C:0D:0E:0F", dynamic: "false" }).success).toBe(false);
    expect(leaseRemoveKind.schema.safeParse({ server: SERVER, macAddress: "zz:0B:0C:0D:0E:0F" }).success).toBe(false);
  });
});

describe("dhcp-lease.add", () => {
  it("plans a static lease keyed by (server, mac-address) with the server, its network and the address as guards", async () => {
    const plan = await planFor(leaseAddKind, { server: SERVER, address: "223.203.225.30", macAddress: "0a:0b:0c:0d:0e:0f", comment: "customer C" }, fx, ROUTER);
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      ["/ip/dhcp-server dhcp-vlan32", false],
      ["/ip/dhcp-server/lease 0A:0B:0C:0D:0E:0F on dhcp-vlan32", true],
      ["/ip/dhcp-server/network 223.203.225.0/24", false],
      ["/ip/dhcp-server/lease address 223.203.225.30 on dhcp-vlan32", true],
    ]);
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: leaseRef(SERVER, "0A:0B:0C:0D:0E:0F"),
        values: { server: SERVER, "mac-address": "0A:0B:0C:0D:0E:0F", address: "223.203.225.30", comment: "customer C" },
      },
    ]);
    await applyAndVerify(fx.client(ROUTER), plan);
    const again = await expectPlanError(
      planFor(leaseAddKind, { server: SERVER, address: "223.203.225.31", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER),
      "macAddress",
    );
    expect(again.message).toMatch(/already has a static lease for 223\.203\.225\.30/);
  });

  it("refuses a missing server, a MAC that has a lease, an address leased to another MAC", async () => {
    await expectPlanError(planFor(leaseAddKind, { server: "dhcp9", address: "223.203.225.30", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER), "server");
    const mac = await expectPlanError(
      planFor(leaseAddKind, { server: SERVER, address: "223.203.225.30", macAddress: "aa:bb:cc:dd:ee:ff" }, fx, ROUTER),
      "macAddress",
    );
    expect(mac.message).toBe("AA:BB:CC:DD:EE:FF already has a static lease for 223.203.225.20 on dhcp-vlan32");
    const addr = await expectPlanError(
      planFor(leaseAddKind, { server: SERVER, address: "223.203.225.10", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER),
      "address",
    );
    expect(addr.message).toBe("223.203.225.10 is already leased to 00:11:22:33:44:55 on dhcp-vlan32 (static lease)");
  });
});

describe("dhcp-lease.add: the address must be a host of the server's network (read from the router)", () => {
  it.each([
    ["192.168.1.10", "192.168.1.10 is outside the network of DHCP server dhcp-vlan32 (223.203.225.0/24)"],
    ["223.203.224.10", "223.203.224.10 is outside the network of DHCP server dhcp-vlan32 (223.203.225.0/24)"],
    ["223.203.225.0", "223.203.225.0 is the network address of 223.203.225.0/24"],
    ["223.203.225.255", "223.203.225.255 is the broadcast address of 223.203.225.0/24"],
    ["223.203.225.1", "223.203.225.1 is the gateway of 223.203.225.0/24"],
  ])("refuses %s, naming address", async (address, message) => {
    const err = await expectPlanError(planFor(leaseAddKind, { server: SERVER, address, macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER), "address");
    expect(err.message).toBe(message);
  });

  it("refuses the router's own address on the server's interface when the gateway is another router", async () => {
    const client = fx.client(ROUTER);
    const [network] = await client.print("/ip/dhcp-server/network", { where: { address: "223.203.225.0/24" }, proplist: [".id"] });
    await client.set("/ip/dhcp-server/network", required(network?.[".id"], "the network's .id"), { gateway: "223.203.225.254" });
    const own = await expectPlanError(
      planFor(leaseAddKind, { server: SERVER, address: "223.203.225.1", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER),
      "address",
    );
    expect(own.message).toBe("223.203.225.1 is the router's own address on vlan-32");
    const gw = await expectPlanError(
      planFor(leaseAddKind, { server: SERVER, address: "223.203.225.254", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER),
      "address",
    );
    expect(gw.message).toBe("223.203.225.254 is the gateway of 223.203.225.0/24");
    const plan = await planFor(leaseAddKind, { server: SERVER, address: "223.203.225.252", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER);
    expect(plan.base.find((b) => b.ref.menu === "/ip/dhcp-server/network")?.values).toEqual({ address: "223.203.225.0/24", gateway: "223.203.225.254" });
  });

  it("refuses a lease when the router has no DHCP network at all, naming server", async () => {
    const client = fx.client(ROUTER);
    for (const row of await client.print("/ip/dhcp-server/network", { proplist: [".id"] }))
      await client.remove("/ip/dhcp-server/network", required(row[".id"], "the network's .id"));
    const err = await expectPlanError(
      planFor(leaseAddKind, { server: SERVER, address: "223.203.225.30", macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER),
      "server",
    );
    expect(err.message).toMatch(/no \/ip\/dhcp-server\/network/);
  });

  it("refuses a group, broadcast or all-zero MAC before reading the router", () => {
    for (const macAddress of ["01:00:5E:00:00:FB", "FF:FF:FF:FF:FF:FF", "00:00:00:00:00:00"]) {
      expect(leaseAddKind.schema.safeParse({ server: SERVER, address: "223.203.225.30", macAddress }).error?.issues[0]?.path).toEqual(["macAddress"]);
    }
  });
});

describe("dhcp-lease.remove", () => {
  it("plans removing a static lease; the snapshot keeps address and comment for an undo", async () => {
    const plan = await planFor(leaseRemoveKind, { server: SERVER, macAddress: "00:11:22:33:44:55" }, fx, ROUTER);
    expect(plan.base[1]?.values).toMatchObject({
      server: SERVER,
      "mac-address": "00:11:22:33:44:55",
      address: "223.203.225.10",
      comment: "customer A",
      dynamic: "false",
    });
    expect(plan.ops).toEqual([{ op: "remove", ref: leaseRef(SERVER, "00:11:22:33:44:55") }]);
    await applyAndVerify(fx.client(ROUTER), plan);
  });

  it("refuses a dynamic lease (add and remove), naming make-static as out of scope", async () => {
    const generated = required(fx.sim.routers[5], "a simulator router").name;
    const leases = await fx.client(generated).print("/ip/dhcp-server/lease", { where: { dynamic: "true" }, proplist: ["mac-address", "server", "address"] });
    expect(leases.length).toBeGreaterThan(0);
    const { server, "mac-address": mac } = required(leases[0], "a dynamic lease");
    const remove = await expectPlanError(planFor(leaseRemoveKind, { server, macAddress: mac }, fx, generated), "macAddress");
    expect(remove.message).toMatch(/is dynamic: only static leases are removed/);
    const add = await expectPlanError(planFor(leaseAddKind, { server, address: "10.99.99.99", macAddress: mac }, fx, generated), "macAddress");
    expect(add.message).toMatch(/already has a dynamic lease .*make-static/);
  });

  it("refuses a MAC without a lease on that server", async () => {
    await expectPlanError(planFor(leaseRemoveKind, { server: SERVER, macAddress: "0A:0B:0C:0D:0E:0F" }, fx, ROUTER), "macAddress");
    await expectPlanError(planFor(leaseRemoveKind, { server: "dhcp9", macAddress: "00:11:22:33:44:55" }, fx, ROUTER), "server");
  });
});
