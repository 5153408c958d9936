import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
import { LOG_MEMORY_LINES } from "./router-log";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";

type Row = Record<string, string>;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 2 });
});
afterAll(() => sim.close());

describe("/log", () => {
  it("starts with the boot's entries, logs REST writes (not reads) and keeps the newest 1000", async () => {
    const r = routerNamed(sim.routers, "guide-soho-macvlan");
    const boot = (await rest(r, "/log")).body as Row[];
    expect(at(boot, 0)).toMatchObject({ topics: "system,info", message: "router rebooted" });
    expect(boot.filter((e) => e.topics === "interface,info" && / link up /.test(e.message ?? "")).length).toBeGreaterThan(1);
    expect(Object.keys(at(boot, 0))).toEqual([".id", "time", "topics", "message"]);

    const added = await rest(r, "/ip/address", { method: "PUT", body: { address: "10.77.0.1/24", interface: "ether2" } });
    await rest(r, `/ip/address/${(added.body as Row)[".id"] ?? ""}`, { method: "PATCH", body: { comment: "x" } });
    await rest(r, "/ip/address/print", { method: "POST", body: {} });
    await rest(r, "/ip/address/remove", { method: "POST", body: { numbers: (added.body as Row)[".id"] ?? "" } });
    const log = (await rest(r, "/log")).body as Row[];
    expect(log.slice(boot.length).map((e) => e.message)).toEqual(["address added by noc-api", "address changed by noc-api", "address removed by noc-api"]);
    expect((await rest(r, "/log", { method: "PUT", body: { message: "x" } })).status).toBe(406);

    for (let i = log.length; i <= LOG_MEMORY_LINES; i++) await rest(r, "/system/identity/set", { method: "POST", body: { name: "guide-soho-macvlan" } });
    const full = (await rest(r, "/log")).body as Row[];
    expect(full).toHaveLength(LOG_MEMORY_LINES);
    expect(at(full, 0).message).not.toBe("router rebooted");
    expect(full.at(-1)?.message).toBe("identity changed by noc-api");
  });
});
