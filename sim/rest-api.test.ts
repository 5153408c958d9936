import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
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
    expect(post.body).toEqual([
      { name: "ether1", type: "ether" },
      { name: "vlan-68", type: "vlan" },
    ]);
    const not = await rest(macserver, "/interface/print", { method: "POST", body: { ".proplist": ["name"], ".query": ["type=ether", "#!"] } });
    expect(not.body).toEqual([{ name: "vlan-68" }]);
    const neither = await rest(macserver, "/interface/print", {
      method: "POST",
      body: { ".proplist": ["name"], ".query": ["type=ether", "type=vlan", "#|!"] },
    });
    expect(neither.body).toEqual([]);
  });

  it("does not match a field the row lacks to =false, in GET filters and .query (7.23 field reports)", async () => {
    const dhcp = routerNamed(sim.routers, "guide-isp-dhcp");
    const pool = await rest(dhcp, "/ip/pool", { method: "PUT", body: { name: "pool-q", ranges: "10.9.9.10-10.9.9.20" } });
    expect(pool.status).toBe(200);
    expect((pool.body as Row).disabled).toBeUndefined();
    const names = (body: unknown) => (body as Row[]).map((r) => r.name);
    expect(names((await rest(dhcp, "/ip/pool?name=pool-q")).body)).toEqual(["pool-q"]);
    expect(names((await rest(dhcp, "/ip/pool?name=pool-q&disabled=false")).body)).toEqual([]);
    expect(names((await rest(dhcp, "/ip/pool?name=pool-q&comment=")).body)).toEqual([]);
    const print = async (query: string[]) => names((await rest(dhcp, "/ip/pool/print", { method: "POST", body: { ".query": query } })).body);
    expect(await print(["name=pool-q", "disabled=false"])).toEqual([]);
    expect(await print(["name=pool-q", "disabled=false", "-disabled", "#|"])).toEqual(["pool-q"]);
    expect(await print(["name=pool-q", "#0"])).toEqual(["pool-q"]);
    await rest(dhcp, `/ip/pool/${(pool.body as Row)[".id"]}`, { method: "DELETE" });
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

  it("answers 406 naming the command a verb needs and the menu lacks (REST manual)", async () => {
    const refused = (command: string) => ({ error: 406, message: "Not Acceptable", detail: `no such command or directory (${command})` });
    const identity = (await rest(macserver, "/system/identity")).body;
    expect(await rest(macserver, "/system/identity", { method: "DELETE" })).toMatchObject({ status: 406, body: refused("remove") });
    expect(await rest(macserver, "/interface", { method: "PUT", body: { name: "x" } })).toMatchObject({ status: 406, body: refused("add") });
    expect(await rest(macserver, "/system/identity", { method: "PATCH", body: { name: "x" } })).toMatchObject({ status: 406, body: refused("set") });
    expect(await rest(macserver, "/interface/ether1", { method: "DELETE" })).toMatchObject({ status: 406, body: refused("remove") });
    expect((await rest(macserver, "/system/identity")).body).toEqual(identity);
  });

  it("answers 400 no such command to GET, PATCH and DELETE on a command path (7.23 field reports)", async () => {
    const noSuchCommand = { status: 400, body: { error: 400, message: "Bad Request", detail: "no such command" } };
    expect(await rest(soho, "/interface/print")).toMatchObject(noSuchCommand);
    expect(await rest(soho, "/interface/monitor-traffic")).toMatchObject(noSuchCommand);
    expect(await rest(soho, "/interface/macvlan/print", { method: "PATCH", body: { mtu: "1400" } })).toMatchObject(noSuchCommand);
    expect(await rest(soho, "/interface/macvlan/remove", { method: "DELETE" })).toMatchObject(noSuchCommand);
    const v723 = sim.routers.find((x) => x.version === "7.23.3" || x.version === "7.24")!;
    expect(await rest(v723, "/interface/macsec/monitor")).toMatchObject(noSuchCommand);
    const pre723 = sim.routers.find((x) => x.version === "7.21.5" || x.version === "7.22.3")!;
    expect(await rest(pre723, "/interface/macsec/monitor")).toMatchObject({ status: 404, body: { error: 404, message: "Not Found" } });
    expect(await rest(soho, "/interface/macvlan/macvlan-iot")).toMatchObject({ status: 200, body: { name: "macvlan-iot" } });
    const printed = await rest(soho, "/interface/macvlan/print", { method: "POST", body: { ".proplist": ["name"] } });
    expect(printed).toMatchObject({ status: 200, body: expect.arrayContaining([{ name: "macvlan-iot" }]) });
  });

  it("answers monitor-traffic once with one sample per interface", async () => {
    const r = await rest(soho, "/interface/monitor-traffic", { method: "POST", body: { interface: "macvlan-iot", once: "" } });
    expect(r.status).toBe(200);
    const rows = r.body as Row[];
    expect(rows).toHaveLength(1);
    const sample = at(rows, 0);
    expect(sample.name).toBe("macvlan-iot");
    expect(sample["rx-bits-per-second"]).toMatch(/^\d+$/);
    expect(sample["tx-packets-per-second"]).toMatch(/^\d+$/);
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
    const sensitive = { "show-sensitive": "", ".proplist": ["name", "cak", "ckn", "profile"] };
    const ra = at((await rest(a, "/interface/macsec/print", { method: "POST", body: sensitive })).body as Row[], 0);
    const rb = at((await rest(b, "/interface/macsec/print", { method: "POST", body: sensitive })).body as Row[], 0);
    expect(ra.cak).toMatch(/^[0-9a-f]{32}$/);
    expect(ra).toEqual(rb);
  });

  it("from 7.21 shows the CAK only to a POST print with show-sensitive: never to GET, a plain print, print stats or a PATCH reply", async () => {
    const a = routerNamed(sim.routers, "guide-macsec-a");
    const post = async (body: Record<string, unknown>) => at((await rest(a, "/interface/macsec/print", { method: "POST", body })).body as Row[], 0);
    const cak = (await post({ "show-sensitive": "" })).cak;
    expect(cak).toMatch(/^[0-9a-f]{32}$/);
    expect((await post({ "show-sensitive": "", ".proplist": "name,ckn" })).cak).toBeUndefined();
    expect((await post({})).cak).toBeUndefined();
    expect((await post({ ".proplist": ["name", "cak"] })).cak).toBeUndefined();
    const stats = await post({ stats: "" });
    expect(stats["rx-sc-ok"]).toMatch(/^\d+$/);
    expect(stats.cak).toBeUndefined();
    expect(at((await rest(a, "/interface/macsec?.proplist=name,cak")).body as Row[], 0).cak).toBeUndefined();
    expect(((await rest(a, "/interface/macsec/macsec1")).body as Row).cak).toBeUndefined();
    const patched = await rest(a, "/interface/macsec/macsec1", { method: "PATCH", body: { comment: "seen" } });
    expect(patched.status).toBe(200);
    expect((patched.body as Row).cak).toBeUndefined();
  });

  it("before 7.21 (no show-sensitive argument) every print shows the CAK to a sensitive-policy user unless .proplist leaves it out", async () => {
    const old = sim.routers.find((x) => x.version === "7.20.8" || x.version === "7.16.2");
    if (!old) throw new Error("no router before 7.21 in the fleet");
    const cak = "00112233445566778899aabbccddeeff";
    const added = await rest(old, "/interface/macsec", { method: "PUT", body: { name: "macsec-old", interface: "ether2", cak, ckn: "ab".repeat(32) } });
    expect(added.status).toBe(200);
    expect((added.body as Row).cak).toBe(cak);
    expect(at((await rest(old, "/interface/macsec?name=macsec-old")).body as Row[], 0).cak).toBe(cak);
    expect(at((await rest(old, "/interface/macsec?name=macsec-old&.proplist=name,ckn")).body as Row[], 0).cak).toBeUndefined();
    const refused = await rest(old, "/interface/macsec/print", { method: "POST", body: { "show-sensitive": "" } });
    expect(refused).toMatchObject({ status: 400, body: { detail: "unknown parameter show-sensitive" } });
  });
});
