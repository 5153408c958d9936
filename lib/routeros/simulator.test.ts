import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimRouterInfo } from "../../sim/server";
import { RouterOsClient, type RouterOsCallInfo, type RouterOsTarget } from "./client";
import {
  RouterOsApiError,
  RouterOsBadResponseError,
  RouterOsPermissionError,
  RouterOsTimeoutError,
  RouterOsUnauthorizedError,
  RouterOsUnreachableError,
} from "./errors";
import { listInterfaceCounters, monitorTraffic } from "./menus/interfaces";
import { listMacsec, listMacsecStats } from "./menus/macsec";
import { getMacServerSettings, listMacServerSessions } from "./menus/mac-server";
import { listMacvlans } from "./menus/macvlan";
import { getSystemFacts } from "./menus/system";
import { supportsFeature } from "./version";

let sim: Simulator;
const clients: RouterOsClient[] = [];
/** Added to the wall clock the simulator sees (ms), so that a test can move to a time with MAC-server sessions. */
let clockOffsetMs = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 25, clock: () => Date.now() + clockOffsetMs });
});

afterEach(async () => {
  clockOffsetMs = 0;
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sim.routers.map((r) => fetch(`${sim.url}/_sim/routers/${r.name}/fault`, { method: "DELETE" })));
});

afterAll(async () => {
  await sim.close();
});

function router(name: string): SimRouterInfo {
  const info = sim.routers.find((r) => r.name === name);
  if (!info) throw new Error(`simulator has no router ${name}`);
  return info;
}

function clientFor(info: SimRouterInfo, extra: Partial<RouterOsTarget> = {}): RouterOsClient {
  const client = new RouterOsClient({ apiUrl: info.apiUrl, username: info.username, password: info.password, retryDelayMs: 5, ...extra });
  clients.push(client);
  return client;
}

async function setFault(name: string, fault: { mode: string; latencyMs?: number; count?: number }): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/fault`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.status).toBe(200);
}

describe("menu readers against the simulator", () => {
  it("reads system facts from every router in the fleet, matching its advertised version", async () => {
    expect(sim.routers).toHaveLength(25);
    for (const info of sim.routers) {
      const facts = await getSystemFacts(clientFor(info));
      expect(facts.identity).toBe(info.name);
      expect(facts.version.raw.startsWith(info.version)).toBe(true);
      expect(facts.totalMemory).toBeGreaterThan(facts.freeMemory);
    }
  });

  it("reads MAC server settings and sessions on the MAC server guide router", async () => {
    const client = clientFor(router("guide-macserver"));
    const settings = await getMacServerSettings(client);
    expect(settings.telnetAllowedList).not.toBe("");
    // Sessions come and go with the clock (sim/dynamics.ts): step in 5-minute slots until some are open.
    let sessions = await listMacServerSessions(client);
    for (let i = 0; i < 48 && sessions.length === 0; i++) {
      clockOffsetMs += 300_000;
      sessions = await listMacServerSessions(client);
    }
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect(s.srcAddress).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
      expect(s.uptimeSec).toBeGreaterThanOrEqual(0);
    }
  });

  it("reads MACVLANs, their counters and live rates, gated by version", async () => {
    const seen = { refused: 0, macvlans: 0, rates: 0 };
    for (const info of sim.routers) {
      const client = clientFor(info);
      if (!supportsFeature(info.version, "macvlan")) {
        await expect(listMacvlans(client)).rejects.toBeInstanceOf(RouterOsApiError);
        seen.refused++;
        continue;
      }
      const macvlans = await listMacvlans(client);
      seen.macvlans += macvlans.length;
      const counters = await listInterfaceCounters(client, "macvlan");
      expect(counters.map((c) => c.name).sort()).toEqual(macvlans.map((m) => m.name).sort());
      const macsecNames = (await listInterfaceCounters(client, "macsec")).map((c) => c.name);
      const both = await listInterfaceCounters(client, ["macvlan", "macsec"]);
      expect(both.map((c) => c.name).sort()).toEqual([...counters.map((c) => c.name), ...macsecNames].sort());
      for (const m of macvlans.slice(0, 1)) {
        const rate = await monitorTraffic(client, m.name);
        expect(rate.name).toBe(m.name);
        expect(rate.rxBitsPerSecond).toBeGreaterThanOrEqual(0);
        seen.rates++;
      }
    }
    // The fleet mixes versions before and after MACVLAN (7.12): both branches ran, on real interfaces.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.macvlans).toBeGreaterThan(0);
    expect(seen.rates).toBeGreaterThan(0);
  });

  it("reads MACsec interfaces without the CAK and stats only where RouterOS has them (7.21+)", async () => {
    const seen = { macsec: 0, refused: 0, stats: 0 };
    for (const info of sim.routers) {
      const client = clientFor(info);
      const macsec = await listMacsec(client);
      expect(JSON.stringify(macsec)).not.toMatch(/cak/i);
      seen.macsec += macsec.length;
      if (!supportsFeature(info.version, "macsecStats")) {
        await expect(listMacsecStats(client)).rejects.toMatchObject({ status: 400 });
        seen.refused++;
        continue;
      }
      const stats = await listMacsecStats(client);
      expect(stats.map((s) => s.name).sort()).toEqual(macsec.map((m) => m.name).sort());
      for (const s of stats) expect(typeof s.counters.InPktsOK).toBe("bigint");
      seen.stats += stats.length;
    }
    expect(seen.macsec).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.stats).toBeGreaterThan(0);
  });

  it("listMacsec and listMacsecStats never return the CAK that show-sensitive would show", async () => {
    const client = clientFor(router("guide-macsec-a"));
    const [raw] = await client.print("/interface/macsec", { args: { "show-sensitive": "" } });
    expect(raw?.cak).toMatch(/^[0-9a-f]{32}$/);
    const cak = raw?.cak ?? "unreachable";
    const macsec = await listMacsec(client);
    const stats = await listMacsecStats(client);
    expect(macsec.map((m) => m.name)).toEqual(["macsec1"]);
    expect(stats.map((s) => s.name)).toEqual(["macsec1"]);
    const printed = JSON.stringify([macsec, stats], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(printed).not.toContain(cak);
    expect(printed).not.toMatch(/cak/i);
  });
});

describe("writes against the simulator", () => {
  it("adds, sets and removes a MACVLAN; a duplicate add is a 400 with the router's detail", async () => {
    const client = clientFor(router("guide-soho-macvlan"));
    const created = await client.add("/interface/macvlan", { name: "macvlan-test", interface: "ether2", mode: "private" });
    const id = created[".id"];
    expect(id).toMatch(/^\*[0-9A-F]+$/);
    if (id === undefined) throw new Error("add returned no .id");
    const dup = await client.add("/interface/macvlan", { name: "macvlan-test", interface: "ether2" }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(RouterOsApiError);
    expect(dup).toMatchObject({ status: 400, detail: expect.stringMatching(/already have/) });
    const updated = await client.set("/interface/macvlan", id, { comment: "from test" });
    expect(updated.comment).toBe("from test");
    expect((await listMacvlans(client)).find((m) => m.name === "macvlan-test")).toMatchObject({ mode: "private", comment: "from test" });
    await client.remove("/interface/macvlan", id);
    await expect(client.getOne("/interface/macvlan", id)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a bad parent interface with the router's detail", async () => {
    const client = clientFor(router("guide-soho-macvlan"));
    await expect(client.add("/interface/macvlan", { name: "macvlan-x", interface: "no-such-if" })).rejects.toMatchObject({
      status: 400,
      detail: "input does not match any value of interface",
    });
  });
});

async function setPolicies(name: string, policies: string[]): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/user`, { method: "PUT", body: JSON.stringify({ policies }) });
  expect(res.status).toBe(200);
}

describe("a router user whose group lacks a policy", () => {
  const DEFAULT = ["read", "write", "api", "rest-api", "sensitive"];
  afterEach(async () => {
    await Promise.all(["guide-isp-dhcp", "guide-soho-macvlan"].map((name) => setPolicies(name, DEFAULT)));
  });

  it("without read: RouterOsPermissionError naming read, not retried", async () => {
    await setPolicies("guide-isp-dhcp", ["write", "api", "rest-api"]);
    const calls: RouterOsCallInfo[] = [];
    const client = clientFor(router("guide-isp-dhcp"), { onResponse: (c) => calls.push(c) });
    const err = await client.singleton("/system/identity").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsPermissionError);
    expect(err).toMatchObject({ kind: "permission", status: 500, policy: "read", detail: "not enough permissions (9)" });
    expect((err as Error).message).toMatch(/lacks the read policy/);
    expect(calls).toHaveLength(1);
    await expect(getSystemFacts(client)).rejects.toMatchObject({ kind: "permission", policy: "read" });
  });

  it("without write: RouterOsPermissionError naming write, nothing applied", async () => {
    await setPolicies("guide-soho-macvlan", ["read", "api", "rest-api", "sensitive"]);
    const client = clientFor(router("guide-soho-macvlan"));
    await expect(client.add("/interface/macvlan", { name: "macvlan-denied", interface: "ether2" })).rejects.toMatchObject({
      kind: "permission",
      policy: "write",
    });
    expect((await listMacvlans(client)).some((m) => m.name === "macvlan-denied")).toBe(false);
  });
});

describe("errors from simulator faults", () => {
  it("wrong password → RouterOsUnauthorizedError", async () => {
    const info = router("guide-macserver");
    const client = clientFor({ ...info, password: "wrong" });
    await expect(getSystemFacts(client)).rejects.toBeInstanceOf(RouterOsUnauthorizedError);
  });

  it("unauthorized fault → RouterOsUnauthorizedError", async () => {
    await setFault("guide-isp-dhcp", { mode: "unauthorized" });
    await expect(clientFor(router("guide-isp-dhcp")).singleton("/system/identity")).rejects.toBeInstanceOf(RouterOsUnauthorizedError);
  });

  it("http500 → retried reads recover when the fault clears, else RouterOsApiError 500", async () => {
    await setFault("guide-isp-dhcp", { mode: "http500", count: 2 });
    expect(await clientFor(router("guide-isp-dhcp")).singleton("/system/identity")).toEqual({ name: "guide-isp-dhcp" });
    await setFault("guide-isp-dhcp", { mode: "http500" });
    await expect(clientFor(router("guide-isp-dhcp")).singleton("/system/identity")).rejects.toMatchObject({ kind: "api", status: 500 });
  });

  it("http500 on a write is not retried", async () => {
    await setFault("guide-soho-macvlan", { mode: "http500", count: 1 });
    const client = clientFor(router("guide-soho-macvlan"));
    await expect(client.add("/interface/macvlan", { name: "macvlan-y", interface: "ether2" })).rejects.toMatchObject({ status: 500 });
    expect((await listMacvlans(client)).some((m) => m.name === "macvlan-y")).toBe(false);
  });

  it("garbage → RouterOsBadResponseError", async () => {
    await setFault("guide-macserver", { mode: "garbage" });
    await expect(clientFor(router("guide-macserver")).print("/interface")).rejects.toBeInstanceOf(RouterOsBadResponseError);
  });

  it("reset → RouterOsUnreachableError", async () => {
    await setFault("guide-macserver", { mode: "reset" });
    await expect(clientFor(router("guide-macserver"), { maxRetries: 1 }).print("/interface")).rejects.toBeInstanceOf(RouterOsUnreachableError);
  });

  it("hang → RouterOsTimeoutError after timeoutMs", async () => {
    await setFault("guide-macserver", { mode: "hang" });
    const started = Date.now();
    await expect(clientFor(router("guide-macserver"), { timeoutMs: 300, maxRetries: 0 }).print("/interface")).rejects.toBeInstanceOf(RouterOsTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("latency below the timeout succeeds; above it times out", async () => {
    await setFault("guide-macserver", { mode: "latency", latencyMs: 150, count: 1 });
    const started = Date.now();
    expect(await clientFor(router("guide-macserver"), { timeoutMs: 2_000 }).singleton("/system/identity")).toEqual({ name: "guide-macserver" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await setFault("guide-macserver", { mode: "latency", latencyMs: 1_000 });
    await expect(clientFor(router("guide-macserver"), { timeoutMs: 200, maxRetries: 0 }).singleton("/system/identity")).rejects.toMatchObject({
      kind: "timeout",
    });
  });
});
