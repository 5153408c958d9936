import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimRouterInfo } from "../../../sim/server";
import { at } from "../../testing/at";
import { RouterOsClient, type RouterOsCallInfo } from "../client";
import { RouterOsBadResponseError } from "../errors";
import { fixtureClient } from "../testdata/fixture-client";
import { json } from "../testdata/fixture-server";
import { listDhcpLeases } from "./dhcp";
import { FIREWALL_PROPLIST, listFirewallRules } from "./firewall";
import { listInterfacesNamed } from "./interface-general";
import { listInterfaceLists } from "./interface-list";

// The readers behind the device page's IP, Firewall, MAC server (interface lists) and MACVLAN (parents) views,
// against the simulator over HTTP, and one hostile reply from a fixture server.

const fixture = fixtureClient();
let sim: Simulator;
const clients: RouterOsClient[] = [];
let calls: RouterOsCallInfo[] = [];

function clientOf(name: string): RouterOsClient {
  const router = sim.routers.find((r: SimRouterInfo) => r.name === name);
  if (!router) throw new Error(`simulator has no ${name}`);
  const client = new RouterOsClient({
    apiUrl: router.apiUrl,
    username: router.username,
    password: router.password,
    maxRetries: 0,
    onResponse: (c) => calls.push(c),
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 7, seed: 5 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  calls = [];
});
afterAll(() => sim.close());

describe("listFirewallRules", () => {
  it("reads the filter rules in print order with their matchers, flags and counters, asking only for fields the table prints", async () => {
    const rules = await listFirewallRules(clientOf("guide-soho-macvlan"), "filter");
    expect(rules.map((r) => [r.chain, r.action, r.comment])).toEqual([
      ["forward", "accept", "accept established"],
      ["forward", "drop", "isolate IoT from LAN"],
      ["forward", "drop", "isolate LAN from IoT"],
      ["input", "drop", "IoT may not reach the router's LAN address"],
    ]);
    expect(at(rules, 0)).toMatchObject({ connectionState: "established,related", inInterface: null, toAddresses: null, disabled: false, dynamic: false });
    expect(at(rules, 1)).toMatchObject({ inInterface: "macvlan-iot", outInterfaceList: "LAN" });
    expect(at(rules, 3)).toMatchObject({ dstAddress: "192.168.88.1" });
    for (const r of rules) {
      expect(typeof r.packets).toBe("bigint");
      expect(r.bytes >= r.packets * 64n).toBe(true);
    }
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /rest/ip/firewall/filter"]);
  });

  it("reads NAT rules with their NAT-only fields", async () => {
    const rules = await listFirewallRules(clientOf("guide-soho-macvlan"), "nat");
    expect(rules).toHaveLength(1);
    expect(at(rules, 0)).toMatchObject({ chain: "srcnat", action: "masquerade", outInterfaceList: "WAN", connectionState: null });
    expect(FIREWALL_PROPLIST.nat).toContain("to-addresses");
    expect(FIREWALL_PROPLIST.nat).not.toContain("connection-state");
    expect(FIREWALL_PROPLIST.filter).not.toContain("to-addresses");
  });

  it("refuses a rule without a chain or with a counter that is not a number, naming the menu", async () => {
    const c = await fixture.clientFor({ "GET /rest/ip/firewall/filter": json([{ ".id": "*1", chain: "input", packets: "lots", bytes: "1" }]) });
    await expect(listFirewallRules(c, "filter")).rejects.toThrow(RouterOsBadResponseError);
    await expect(listFirewallRules(c, "filter")).rejects.toThrow(/\/ip\/firewall\/filter record \*1/);
    expect(fixture.server?.requests.at(0)?.url).toBe(`/rest/ip/firewall/filter?.proplist=${FIREWALL_PROPLIST.filter.join(",")}`);
  });
});

describe("listInterfacesNamed", () => {
  it("reads the named interfaces of any type in one request, and leaves out names that do not exist", async () => {
    const client = clientOf("guide-macserver");
    const rows = await listInterfacesNamed(client, ["vlan-68", "ether2", "no-such-interface", "ether2"]);
    expect(rows.map((r) => r.name).sort()).toEqual(["ether2", "vlan-68"]);
    const vlan = rows.find((r) => r.name === "vlan-68");
    expect(vlan).toMatchObject({ type: "vlan", mtu: "1500", disabled: false });
    expect(vlan?.macAddress).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    expect(rows.find((r) => r.name === "ether2")).toMatchObject({ type: "ether", l2mtu: 1592 });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /rest/interface/print"]);
  });

  it("uses a plain GET for one name and makes no request for none", async () => {
    const client = clientOf("guide-macserver");
    expect(await listInterfacesNamed(client, [])).toEqual([]);
    expect(calls).toEqual([]);
    expect((await listInterfacesNamed(client, ["ether1"])).map((r) => r.type)).toEqual(["ether"]);
    expect(calls.map((c) => c.method)).toEqual(["GET"]);
  });
});

describe("listDhcpLeases and listInterfaceLists (the fields the views add)", () => {
  it("reads expires-after of bound dynamic leases as seconds, null on static leases", async () => {
    const generated = sim.routers.find((r) => !r.name.startsWith("guide-"));
    if (!generated) throw new Error("no generated router");
    const leases = await listDhcpLeases(clientOf(generated.name));
    const dynamic = leases.filter((l) => l.dynamic);
    const fixed = leases.filter((l) => !l.dynamic);
    expect(dynamic.length).toBeGreaterThan(0);
    expect(fixed.length).toBeGreaterThan(0);
    for (const l of dynamic) expect(l).toMatchObject({ status: "bound", expiresAfterSec: expect.any(Number) as number });
    for (const l of fixed) expect(l.expiresAfterSec).toBeNull();
  });

  it("reads include and exclude of interface lists as name arrays", async () => {
    const lists = await listInterfaceLists(clientOf("guide-macserver"));
    expect(lists.map((l) => l.name)).toEqual(expect.arrayContaining(["all", "LAN", "WAN", "mac-allowed"]));
    expect(lists.find((l) => l.name === "mac-allowed")).toMatchObject({ builtin: false, include: [], exclude: [] });
    const c = await fixture.clientFor({ "GET /rest/interface/list": json([{ ".id": "*9", name: "mgmt", include: "LAN,WAN", exclude: "dynamic" }]) });
    expect(await listInterfaceLists(c)).toEqual([
      { id: "*9", name: "mgmt", builtin: false, dynamic: false, include: ["LAN", "WAN"], exclude: ["dynamic"], comment: null },
    ]);
  });
});
