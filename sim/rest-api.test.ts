import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row, SimRouterInfo } from "./types";

let sim: Simulator;
let macserver: SimRouterInfo;
let soho: SimRouterInfo;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 25, seed: 7 });
  macserver = routerNamed(sim.routers, "guide-macserver");
  soho = routerNamed(sim.routers, "guide-soho-macvlan");
});
afterAll(() => sim.close());

describe("RouterOS REST semantics", () => {
  it("refuses an unknown argument like RouterOS", async () => {
    const r = await rest(soho, "/interface/macvlan", { method: "PUT", body: { interface: "ether3", colour: "blue" } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 400, message: "Bad Request", detail: "unknown parameter colour" });
  });

  it("refuses read-only fields on set (running is not an argument of set)", async () => {
    const r = await rest(soho, "/interface/macvlan/macvlan-iot", { method: "PATCH", body: { running: "false" } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ detail: "unknown parameter running" });
  });

  it("refuses a menu or command the version lacks", async () => {
    const old = sim.routers.find((x) => x.version === "7.9.2");
    expect(old).toBeDefined();
    const macvlan = await rest(old!, "/interface/macvlan");
    expect(macvlan.status).toBe(400);
    expect(macvlan.body).toEqual({ error: 400, message: "Bad Request", detail: "no such command or directory (macvlan)" });
    const pre723 = sim.routers.find((x) => x.version === "7.21.5" || x.version === "7.22.3")!;
    const monitor = await rest(pre723, "/interface/macsec/monitor", { method: "POST", body: { numbers: "macsec1", once: "" } });
    expect(monitor.body).toMatchObject({ detail: "no such command or directory (monitor)" });
    const pre721 = sim.routers.find((x) => ["7.12.2", "7.16.2", "7.20.8"].includes(x.version))!;
    const stats = await rest(pre721, "/interface/macsec/print", { method: "POST", body: { stats: "" } });
    expect(stats.body).toMatchObject({ detail: "unknown parameter stats" });
  });

  it("answers 400 no such command for an unknown menu and a bad value", async () => {
    expect((await rest(soho, "/interface/wireless")).body).toMatchObject({ detail: "no such command or directory (wireless)" });
    expect((await rest(soho, "/nonsense")).body).toMatchObject({ detail: "no such command or directory (nonsense)" });
    const bad = await rest(soho, "/interface/macvlan", { method: "PUT", body: { interface: "ether3", "mac-address": "zz" } });
    expect(bad.body).toMatchObject({ error: 400, detail: "invalid value for argument mac-address" });
    const ref = await rest(soho, "/interface/macvlan", { method: "PUT", body: { interface: "ether99" } });
    expect(ref.body).toMatchObject({ detail: "input does not match any value of interface" });
  });

  it("add / set / remove round trip with .id, duplicate add and unknown id", async () => {
    const add = await rest(soho, "/interface/macvlan", { method: "PUT", body: { name: "macvlan-cam", interface: "ether3", mode: "private" } });
    expect(add.status).toBe(200);
    const row = add.body as Row;
    expect(row[".id"]).toMatch(/^\*[0-9A-F]+$/);
    expect(row).toMatchObject({ name: "macvlan-cam", interface: "ether3", mode: "private", mtu: "1500", disabled: "false" });
    expect(Object.values(row).every((v) => typeof v === "string")).toBe(true);

    const dup = await rest(soho, "/interface/macvlan", { method: "PUT", body: { name: "macvlan-cam", interface: "ether3" } });
    expect(dup.body).toEqual({ error: 400, message: "Bad Request", detail: "failure: already have interface with such name" });

    const set = await rest(soho, `/interface/macvlan/${row[".id"]}`, { method: "PATCH", body: { mtu: "1400", comment: "cameras" } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ ".id": row[".id"], mtu: "1400", comment: "cameras" });
    expect((await rest(soho, `/interface/macvlan/${row[".id"]}`)).body).toMatchObject({ mtu: "1400" });

    const del = await rest(soho, `/interface/macvlan/${row[".id"]}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(del.raw).toBe("");
    const gone = await rest(soho, `/interface/macvlan/${row[".id"]}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: 404, message: "Not Found" });
    expect((await rest(soho, "/interface/macvlan/*FFFF", { method: "PATCH", body: { mtu: "1400" } })).status).toBe(404);

    const addr = { address: "192.168.99.1/24", interface: "macvlan-iot" };
    expect((await rest(soho, "/ip/address", { method: "PUT", body: addr })).body).toMatchObject({ detail: "failure: already have such address" });
  });

  it("answers 401 on bad credentials", async () => {
    const r = await rest(soho, "/system/identity", { password: "wrong" });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 401, message: "Unauthorized" });
  });

  it("filters with ?field= and .proplist, and with a POST .query stack", async () => {
    const get = await rest(macserver, "/interface?type=vlan&.proplist=name,type");
    expect(get.body).toEqual([{ name: "vlan-68", type: "vlan" }]);
    const post = await rest(macserver, "/interface/print", {
      method: "POST",
      body: { ".proplist": ["name", "type"], ".query": ["type=vlan", "name=ether1", "#|"] },
    });
    expect(post.body).toEqual([{ name: "ether1", type: "ether" }, { name: "vlan-68", type: "vlan" }]);
    const not = await rest(macserver, "/interface/print", { method: "POST", body: { ".proplist": ["name"], ".query": ["type=ether", "#!"] } });
    expect(not.body).toEqual([{ name: "vlan-68" }]);
  });

  it("sets singletons with POST .../set (mac-server, identity)", async () => {
    const r = await rest(macserver, "/tool/mac-server/set", { method: "POST", body: { "allowed-interface-list": "LAN" } });
    expect(r.status).toBe(200);
    expect((await rest(macserver, "/tool/mac-server")).body).toEqual({ "allowed-interface-list": "LAN" });
    const bad = await rest(macserver, "/tool/mac-server/set", { method: "POST", body: { "allowed-interface-list": "nope" } });
    expect(bad.body).toMatchObject({ detail: "input does not match any value of allowed-interface-list" });
    await rest(macserver, "/tool/mac-server/set", { method: "POST", body: { "allowed-interface-list": "mac-allowed" } });
    await rest(macserver, "/system/identity/set", { method: "POST", body: { name: "renamed" } });
    expect((await rest(macserver, "/system/identity")).body).toEqual({ name: "renamed" });
    expect((await rest(macserver, "/system/identity", { method: "DELETE" })).status).toBe(406);
  });

  it("answers monitor-traffic once with one sample per interface", async () => {
    const r = await rest(soho, "/interface/monitor-traffic", { method: "POST", body: { interface: "macvlan-iot", once: "" } });
    expect(r.status).toBe(200);
    const rows = r.body as Row[];
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toBe("macvlan-iot");
    expect(rows[0]["rx-bits-per-second"]).toMatch(/^\d+$/);
    expect(rows[0]["tx-packets-per-second"]).toMatch(/^\d+$/);
  });

  it("keeps the guide set-ups", async () => {
    const members = (await rest(macserver, "/interface/list/member?list=mac-allowed")).body as Row[];
    expect(members.map((m) => m.interface)).toEqual(["vlan-68"]);
    const dhcp = routerNamed(sim.routers, "guide-isp-dhcp");
    const leases = (await rest(dhcp, "/ip/dhcp-server/lease?.proplist=address,mac-address,server")).body;
    expect(leases).toEqual([
      { address: "223.203.225.10", "mac-address": "00:11:22:33:44:55", server: "dhcp-vlan32" },
      { address: "223.203.225.20", "mac-address": "AA:BB:CC:DD:EE:FF", server: "dhcp-vlan32" },
    ]);
    const a = routerNamed(sim.routers, "guide-macsec-a");
    const b = routerNamed(sim.routers, "guide-macsec-b");
    const ra = ((await rest(a, "/interface/macsec?.proplist=name,cak,ckn,profile")).body as Row[])[0];
    const rb = ((await rest(b, "/interface/macsec?.proplist=name,cak,ckn,profile")).body as Row[])[0];
    expect(ra.cak).toMatch(/^[0-9a-f]{32}$/);
    expect(ra).toEqual(rb);
    const plain = ((await rest(a, "/interface/macsec")).body as Row[])[0];
    expect(plain.cak).toBe(ra.cak);
    const without = ((await rest(a, "/interface/macsec?.proplist=name,status")).body as Row[])[0];
    expect(without.cak).toBeUndefined();
  });

  it("prints the CAK to its sensitive-policy user: POST print and print stats, unless .proplist leaves it out", async () => {
    const a = routerNamed(sim.routers, "guide-macsec-a");
    const post = async (body: Record<string, unknown>) =>
      ((await rest(a, "/interface/macsec/print", { method: "POST", body })).body as Row[])[0];
    const cak = (await post({})).cak;
    expect(cak).toMatch(/^[0-9a-f]{32}$/);
    expect((await post({ ".proplist": "name,ckn" })).cak).toBeUndefined();
    const stats = await post({ stats: "" });
    expect(stats["in-pkts-ok"]).toMatch(/^\d+$/);
    expect(stats.cak).toBe(cak);
  });
});
