import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { rest, routerNamed } from "../../sim/test-client";
import { closeRouterViewClients } from "../devices/router-view-client";
import { requireEnv } from "../env";
import { insertSimulatorDevices, setSimFault } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { parseLogQuery, readRouterLogView } from "./log-view";

let sim: Simulator;
let t: TestDb;
const ROUTER = "guide-macserver";

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 4 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  await insertSimulatorDevices(t.db, sim.routers, requireEnv("SECRET_KEY"));
});
afterAll(async () => {
  await closeRouterViewClients();
  await t.cleanup();
  await sim.close();
});

describe("the router log view", () => {
  it("reads /log on demand: newest first, filtered by topic and text, bounded", async () => {
    const r = routerNamed(sim.routers, ROUTER);
    await rest(r, "/ip/address", { method: "PUT", body: { address: "10.66.0.1/24", interface: "ether2" } });
    const all = await readRouterLogView(t.db, `dev-${ROUTER}`, parseLogQuery({}));
    if (!all?.ok) throw new Error("log not read");
    expect(all.view.entries[0]).toMatchObject({ topics: ["system", "info"], message: "address added by noc-api" });
    expect(all.view.entries.at(-1)?.message).toBe("router rebooted");
    expect(all.view.total).toBe(all.view.matched);

    await closeRouterViewClients();
    const links = await readRouterLogView(t.db, `dev-${ROUTER}`, parseLogQuery({ q: "LINK UP", limit: "2" }));
    if (!links?.ok) throw new Error("log not read");
    expect(links.view.entries).toHaveLength(2);
    expect(links.view.matched).toBeGreaterThan(2);
    for (const e of links.view.entries) expect(e.message).toMatch(/link up/);

    await closeRouterViewClients();
    const system = await readRouterLogView(t.db, `dev-${ROUTER}`, parseLogQuery({ topic: "system", q: "router" }));
    expect(system?.ok && system.view.entries.map((e) => e.message)).toEqual(["router rebooted"]);
    expect(parseLogQuery({ topic: "nope", limit: "99999" })).toEqual({ topic: null, text: "", limit: 500 });
  });

  it("says which topics the router logs to memory: enabled rules to a memory action, without negated topics", async () => {
    const r = routerNamed(sim.routers, ROUTER);
    await closeRouterViewClients();
    const start = await readRouterLogView(t.db, `dev-${ROUTER}`, parseLogQuery({ topic: "info" }));
    expect(start?.ok && start.view.loggedTopics).toEqual(["error", "info", "warning"]);
    expect(start?.ok && start.view.entries.every((e) => e.topics.includes("info"))).toBe(true);

    await rest(r, "/system/logging", { method: "PUT", body: { topics: "mac-server,!debug" } });
    await rest(r, "/system/logging", { method: "PUT", body: { topics: "dhcp", action: "disk" } });
    await rest(r, "/system/logging", { method: "PUT", body: { topics: "macsec", disabled: "yes" } });
    await closeRouterViewClients();
    const after = await readRouterLogView(t.db, `dev-${ROUTER}`, parseLogQuery({}));
    expect(after?.ok && after.view.loggedTopics).toEqual(["error", "info", "mac-server", "warning"]);
    expect(parseLogQuery({ topic: "warning" }).topic).toBe("warning");
  });

  it("says why when the router cannot be read; null for an unknown device", async () => {
    await closeRouterViewClients();
    await setSimFault(sim.url, ROUTER, { mode: "unauthorized" });
    try {
      const res = await readRouterLogView(t.db, `dev-${ROUTER}`, parseLogQuery({}));
      expect(res).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    } finally {
      await setSimFault(sim.url, ROUTER, null);
    }
    expect(await readRouterLogView(t.db, "dev-none", parseLogQuery({}))).toBeNull();
  });
});
