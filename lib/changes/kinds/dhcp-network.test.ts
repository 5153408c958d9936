import { describe, expect, it } from "vitest";
import { dhcpNetworkAddKind, dhcpNetworkRef, dhcpNetworkRemoveKind } from "./dhcp-network";
import { applyThenUndo } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest({ routers: 5 });
const ROUTER = "guide-soho-macvlan";
const MENUS = ["/ip/dhcp-server/network"];

describe("dhcp-network schemas", () => {
  const refused = (params: Record<string, unknown>) => {
    const r = dhcpNetworkAddKind.schema.safeParse({ address: "192.168.88.0/24", gateway: "192.168.88.1", ...params });
    return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  };

  it("normalises the DNS list and accepts a gateway inside the network", () => {
    expect(dhcpNetworkAddKind.schema.parse({ address: "192.168.88.0/24", gateway: "192.168.88.1", dnsServers: "192.168.88.1, 9.9.9.9", comment: "" })).toEqual({
      address: "192.168.88.0/24",
      gateway: "192.168.88.1",
      dnsServers: "192.168.88.1,9.9.9.9",
    });
  });

  it("refuses a gateway outside the network or on its network/broadcast address, naming gateway", () => {
    expect(refused({ gateway: "192.168.89.1" })).toEqual(["gateway: gateway 192.168.89.1 is outside the network 192.168.88.0/24"]);
    expect(refused({ gateway: "192.168.88.0" })).toEqual(["gateway: gateway 192.168.88.0 is the network address of 192.168.88.0/24"]);
    expect(refused({ gateway: "192.168.88.255" })).toEqual(["gateway: gateway 192.168.88.255 is the broadcast address of 192.168.88.0/24"]);
  });

  it("refuses a network with host bits, a /0, special ranges and bad DNS lists", () => {
    expect(refused({ address: "192.168.88.1/24" })).toEqual(["address: network has host bits set: the network of 192.168.88.1/24 is 192.168.88.0/24"]);
    expect(refused({ address: "0.0.0.0/0", gateway: "10.0.0.1" })[0]).toMatch(/^address: network prefix \/0/);
    expect(refused({ address: "127.0.0.0/8", gateway: "10.0.0.1" })[0]).toMatch(/^address: network overlaps 127\.0\.0\.0\/8/);
    expect(refused({ dnsServers: "9.9.9.9,9.9.9.9" })).toEqual(["dnsServers: an address is listed twice"]);
    expect(refused({ dnsServers: "9.9.9.9;1.1.1.1" })[0]).toMatch(/^dnsServers: /);
    expect(refused({ dnsServers: "224.0.0.1" })[0]).toMatch(/^dnsServers: 224\.0\.0\.1: 224\.0\.0\.1 is a multicast address/);
  });
});

describe("dhcp-network.add", () => {
  it("adds a network through the engine; the undo removes it", async () => {
    const plan = await planFor(dhcpNetworkAddKind, { address: "192.168.88.0/24", gateway: "192.168.88.1", dnsServers: "192.168.88.1,9.9.9.9" }, fx, ROUTER);
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: dhcpNetworkRef("192.168.88.0/24"),
        values: { address: "192.168.88.0/24", gateway: "192.168.88.1", "dns-server": "192.168.88.1,9.9.9.9" },
      },
    ]);
    expect(plan.notes).toEqual([]);
    const client = fx.client(ROUTER);
    await applyThenUndo(client, plan, MENUS, async () => {
      const [row] = await client.print("/ip/dhcp-server/network", { where: { address: "192.168.88.0/24" } });
      expect(row).toMatchObject({ gateway: "192.168.88.1", "dns-server": "192.168.88.1,9.9.9.9" });
    });
  });

  it("notes overlaps, a subnet the router has no address in, a foreign gateway and no DNS", async () => {
    const wide = await planFor(dhcpNetworkAddKind, { address: "192.168.98.0/23", gateway: "192.168.98.1", dnsServers: "9.9.9.9" }, fx, ROUTER);
    expect(wide.notes).toEqual([
      "192.168.98.0/23 overlaps DHCP network 192.168.99.0/24: which one a client's settings come from is up to RouterOS: keep DHCP networks apart",
      "gateway 192.168.98.1 is not an address of this router (192.168.99.1/24 on macvlan-iot)",
    ]);
    const remote = await planFor(dhcpNetworkAddKind, { address: "10.44.0.0/16", gateway: "10.44.0.1" }, fx, ROUTER);
    expect(remote.notes).toEqual([
      "no address of this router is in 10.44.0.0/16: only a server behind a DHCP relay can use this network",
      "no dns-server: clients get no DNS server from this network",
    ]);
  });

  it("refuses a network that exists", async () => {
    const err = await expectPlanError(planFor(dhcpNetworkAddKind, { address: "192.168.99.0/24", gateway: "192.168.99.1" }, fx, ROUTER), "address");
    expect(err.message).toBe("DHCP network 192.168.99.0/24 already exists (gateway 192.168.99.1)");
  });
});

describe("dhcp-network.remove", () => {
  it("removes a network through the engine, noting the server that serves it; the undo re-creates every setting", async () => {
    const client = fx.client(ROUTER);
    const [row] = await client.print("/ip/dhcp-server/network", { where: { address: "192.168.99.0/24" }, proplist: [".id"] });
    await client.set("/ip/dhcp-server/network", row?.[".id"] ?? "", { domain: "iot.lan", comment: "IoT" });
    const plan = await planFor(dhcpNetworkRemoveKind, { address: "192.168.99.0/24" }, fx, ROUTER);
    expect(plan.base[0]?.values).toMatchObject({ gateway: "192.168.99.1", "dns-server": "192.168.99.1", domain: "iot.lan", comment: "IoT" });
    expect(plan.notes).toEqual(["DHCP server dhcp-iot on macvlan-iot serves this subnet: its clients get no gateway or DNS server from this entry any more"]);
    await applyThenUndo(client, plan, MENUS);
  });

  it("refuses a network that does not exist", async () => {
    const err = await expectPlanError(planFor(dhcpNetworkRemoveKind, { address: "10.44.0.0/16" }, fx, ROUTER), "address");
    expect(err.message).toBe("DHCP network 10.44.0.0/16 does not exist on this router");
  });
});
