import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
import { required } from "../lib/testing/required";
import { supportsFeature } from "../lib/routeros/version";
import { MENUS } from "./menus";
import { nearestPrintedVersion, realPrintedFields } from "./printed-fields";
import { resolveSchemaDir, SchemaSet } from "./schema";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row, SimRouterInfo } from "./types";

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
/** 20 routers with seed 1: the guides plus generated routers covering every schema version (checked below). */
const ROUTERS = 20;
const schemas = new SchemaSet(resolveSchemaDir());

/** One print of one menu on one router. */
interface Printed {
  router: string;
  version: string;
  menu: string;
  rows: Row[];
}

let sim: Simulator;
let printed: Printed[];

function hasMenu(r: SimRouterInfo, menu: string): boolean {
  if (menu === "/system/routerboard") return !r.tags.includes("virtual");
  return schemas.menu(r.version, menu) !== undefined;
}

function takesArg(r: SimRouterInfo, menu: string, command: string, arg: string): boolean {
  return schemas.menu(r.version, menu)?.[command]?.[arg] !== undefined;
}

async function put(r: SimRouterInfo, menu: string, body: Row): Promise<Row> {
  const reply = await rest(r, menu, { method: "PUT", body });
  if (reply.status !== 200) throw new Error(`${r.name} ${r.version} PUT ${menu} ${JSON.stringify(body)}: ${reply.raw}`);
  return reply.body as Row;
}

/** Adds one object to every table menu the version has, without optional arguments, so defaults get printed. */
async function addDefaults(r: SimRouterInfo): Promise<void> {
  const ports = ((await rest(r, "/interface/ethernet")).body as Row[]).map((p) => required(p.name, "ethernet name"));
  await put(r, "/interface/vlan", { name: "t-vlan", interface: at(ports, 0), "vlan-id": "3999" });
  if (hasMenu(r, "/interface/macvlan")) await put(r, "/interface/macvlan", { name: "t-macvlan", interface: at(ports, 0) });
  await put(r, "/interface/macsec", { name: "t-macsec", interface: at(ports, -1) });
  await put(r, "/interface/bridge", { name: "t-bridge" });
  await put(r, "/interface/list", { name: "t-list" });
  await put(r, "/interface/list/member", { list: "t-list", interface: "t-bridge" });
  await put(r, "/interface/macsec/profile", { name: "t-profile" });
  await put(r, "/ip/address", { address: "192.0.2.1/24", interface: "t-bridge" });
  await put(r, "/ip/pool", { name: "t-pool", ranges: "192.0.2.10-192.0.2.20" });
  await put(r, "/ip/dhcp-server", { name: "t-dhcp", interface: "t-bridge" });
  await put(r, "/ip/dhcp-server/network", { address: "192.0.2.0/24" });
  await put(r, "/ip/dhcp-server/lease", { address: "192.0.2.50", "mac-address": "02:00:00:00:00:01" });
  await put(r, "/ip/firewall/filter", { chain: "input", log: "yes" });
  await put(r, "/ip/firewall/nat", { chain: "srcnat", action: "masquerade" });
  await put(r, "/user", { name: "t-user", group: "read" });
  if (takesArg(r, "/interface/vlan", "set", "mvrp")) {
    expect((await rest(r, "/interface/vlan/t-vlan", { method: "PATCH", body: { mvrp: "yes" } })).status).toBe(200);
  }
  expect((await rest(r, "/system/clock/set", { method: "POST", body: { "time-zone-autodetect": "yes" } })).status).toBe(200);
}

async function printAll(r: SimRouterInfo): Promise<Printed[]> {
  const out: Printed[] = [];
  for (const menu of Object.keys(MENUS).filter((m) => hasMenu(r, m))) {
    const reply = await rest(r, menu);
    if (reply.status !== 200) throw new Error(`${r.name} ${r.version} GET ${menu}: ${reply.status} ${reply.raw}`);
    const rows = Array.isArray(reply.body) ? (reply.body as Row[]) : [reply.body as Row];
    out.push({ router: r.name, version: r.version, menu, rows });
  }
  if (supportsFeature(r.version, "macsecStats")) {
    const stats = await rest(r, "/interface/macsec/print", { method: "POST", body: { stats: "" } });
    if (stats.status !== 200) throw new Error(`${r.name} ${r.version} print stats: ${stats.raw}`);
    out.push({ router: r.name, version: r.version, menu: "/interface/macsec", rows: stats.body as Row[] });
  }
  return out;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: ROUTERS, seed: 1, clock: () => T0 });
  const firstOfVersion = new Map<string, SimRouterInfo>();
  for (const r of sim.routers) if (!firstOfVersion.has(r.version)) firstOfVersion.set(r.version, r);
  for (const r of firstOfVersion.values()) await addDefaults(r);
  printed = (await Promise.all(sim.routers.map(printAll))).flat();
});
afterAll(() => sim.close());

/** True when an inspect type text is a boolean (`yes | no`). */
function isBooleanType(type: string | undefined): boolean {
  return (
    type !== undefined &&
    type
      .split("|")
      .map((t) => t.trim())
      .sort()
      .join("|") === "no|yes"
  );
}

const BOOLEAN_FLAGS = new Set(["disabled", "running", "dynamic", "invalid", "inactive", "slave"]);

describe("printed fields", () => {
  it("the fleet covers every schema version", () => {
    expect(new Set(sim.routers.map((r) => r.version))).toEqual(new Set(schemas.versions));
  });

  it("nearestPrintedVersion clamps below and above the dumps and picks the nearest between", () => {
    expect(nearestPrintedVersion("7.9.2")).toBe("7.21.5");
    expect(nearestPrintedVersion("7.21.5")).toBe("7.21.5");
    expect(nearestPrintedVersion("7.21.9")).toBe("7.21.5");
    expect(nearestPrintedVersion("7.22")).toBe("7.22.3");
    expect(nearestPrintedVersion("7.24")).toBe("7.22.3");
  });

  it("adds a later version's new add/set arguments, and knows undumped menus only from fallbacks", () => {
    expect(realPrintedFields("7.22.3", "/interface/macsec/profile")?.has("ciphers")).toBe(false);
    expect(realPrintedFields("7.23.3", "/interface/macsec/profile")?.has("ciphers")).toBe(true);
    expect(realPrintedFields("7.24", "/system/identity")).toEqual(new Set(["name"]));
    expect(realPrintedFields("7.24", "/system/no-such-menu")).toBeUndefined();
  });

  it("every field the simulator prints is one real RouterOS prints for that version and menu", () => {
    expect(printed.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const p of printed) {
      const real = realPrintedFields(p.version, p.menu);
      if (!real) {
        problems.push(`${p.router} ${p.version} ${p.menu}: no list of real printed fields`);
        continue;
      }
      const fields = new Set(p.rows.flatMap((row) => Object.keys(row)).filter((f) => f !== ".id"));
      for (const f of fields) if (!real.has(f)) problems.push(`${p.router} ${p.version} ${p.menu}: ${f}`);
    }
    expect(problems).toEqual([]);
  });

  it("no boolean prints yes/no", () => {
    const problems: string[] = [];
    for (const p of printed) {
      const commands = schemas.menu(p.version, p.menu) ?? {};
      for (const row of p.rows) {
        for (const [f, v] of Object.entries(row)) {
          const boolean = BOOLEAN_FLAGS.has(f) || isBooleanType(commands.set?.[f]) || isBooleanType(commands.add?.[f]);
          if (boolean && (v === "yes" || v === "no")) problems.push(`${p.router} ${p.version} ${p.menu}: ${f}=${v}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const vlans = printed.filter((p) => p.menu === "/interface/vlan").flatMap((p) => p.rows);
    expect(vlans.some((v) => v.mvrp === "true")).toBe(true);
    expect(vlans.every((v) => v.mvrp === undefined || v.mvrp === "true" || v.mvrp === "false")).toBe(true);
    const clocks = printed.filter((p) => p.menu === "/system/clock").flatMap((p) => p.rows);
    expect(clocks.some((c) => c["time-zone-autodetect"] === "true")).toBe(true);
  });

  it("/interface rows print dynamic, inactive and slave false, and last-link-down-time after a link down", () => {
    const rows = printed.filter((p) => p.menu === "/interface").flatMap((p) => p.rows);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect([row.name, row.dynamic, row.inactive, row.slave]).toEqual([row.name, "false", "false", "false"]);
      expect([row.name, row["last-link-down-time"] !== undefined]).toEqual([row.name, Number(row["link-downs"]) > 0]);
    }
    expect(rows.some((r) => r["last-link-down-time"] !== undefined)).toBe(true);
  });
});

describe("DHCP lease server=all", () => {
  it("is left out of the print and still counts for the (mac-address, server) duplicate check", async () => {
    const r = routerNamed(sim.routers, "guide-isp-dhcp");
    const mac = "02:00:00:00:00:AA";
    const added = await put(r, "/ip/dhcp-server/lease", { address: "223.203.225.40", "mac-address": mac, server: "all" });
    expect(added["mac-address"]).toBe(mac);
    expect(added).not.toHaveProperty("server");
    const again = await rest(r, "/ip/dhcp-server/lease", { method: "PUT", body: { address: "223.203.225.41", "mac-address": mac } });
    expect(again.status).toBe(400);
    const named = await put(r, "/ip/dhcp-server/lease", { address: "223.203.225.42", "mac-address": mac, server: "dhcp-vlan32" });
    expect(named.server).toBe("dhcp-vlan32");
    const patched = await rest(r, `/ip/dhcp-server/lease/${named[".id"]}`, { method: "PATCH", body: { server: "all" } });
    expect(patched.status).toBe(400);
  });
});

describe("MACsec add without keys", () => {
  it("generates a 32-hex-digit CAK and a 64-hex-digit CKN", async () => {
    const r = routerNamed(sim.routers, "guide-macsec-a");
    const a = await put(r, "/interface/macsec", { name: "t-keys-a", interface: "ether3" });
    const b = await put(r, "/interface/macsec", { name: "t-keys-b", interface: "ether4" });
    const shown = await rest(r, "/interface/macsec/print", { method: "POST", body: { "show-sensitive": "" } });
    const rows = shown.body as Row[];
    const keysOf = (added: Row) => rows.find((row) => row[".id"] === required(added[".id"], "added .id")) ?? {};
    expect(keysOf(a).ckn).toMatch(/^[0-9a-f]{64}$/);
    expect(keysOf(a).cak).toMatch(/^[0-9a-f]{32}$/);
    expect(keysOf(b).ckn).not.toBe(keysOf(a).ckn);
  });
});
