import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realPrintedFields } from "./printed-fields";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";

type Row = Record<string, string>;
let sim: Simulator;
let now = Date.parse("2026-11-21T12:00:00Z");

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 3, clock: () => now });
});
afterAll(() => sim.close());

async function rows(name: string, path: string): Promise<Row[]> {
  return (await rest(routerNamed(sim.routers, name), path)).body as Row[];
}

async function forceSession(name: string, iface: string, mac: string): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/condition`, {
    method: "PUT",
    body: JSON.stringify({ macServerSession: { interface: iface, "src-address": mac } }),
  });
  expect(res.status).toBe(200);
}

describe("/system/logging and /system/logging/action", () => {
  it("start with the default rules and actions, printed with real field names", async () => {
    const r = routerNamed(sim.routers, "guide-macserver");
    const rules = await rows(r.name, "/system/logging");
    expect(rules.map((x) => [x.topics, x.action, x.default])).toEqual([
      ["info", "memory", "true"],
      ["error", "memory", "true"],
      ["warning", "memory", "true"],
      ["critical", "echo", "true"],
    ]);
    const actions = await rows(r.name, "/system/logging/action");
    expect(actions.map((a) => [a.name, a.target])).toEqual([
      ["memory", "memory"],
      ["disk", "disk"],
      ["echo", "echo"],
      ["remote", "remote"],
    ]);
    for (const [menu, printed] of [
      ["/system/logging", rules],
      ["/system/logging/action", actions],
    ] as const) {
      const real = realPrintedFields(r.version, menu);
      for (const field of printed.flatMap((x) => Object.keys(x))) if (field !== ".id") expect(real?.has(field), `${menu} ${field}`).toBe(true);
    }
  });

  it("refuses unknown topics and actions and the removal of default rules", async () => {
    const r = routerNamed(sim.routers, "guide-macserver");
    const bad = await rest(r, "/system/logging", { method: "PUT", body: { topics: "mac-server,nonsense" } });
    expect(bad.status).toBe(400);
    expect((bad.body as Row).detail).toBe("input does not match any value of topics");
    const noAction = await rest(r, "/system/logging", { method: "PUT", body: { topics: "dhcp", action: "nowhere" } });
    expect((noAction.body as Row).detail).toBe("input does not match any value of action");
    const info = (await rows(r.name, "/system/logging")).find((x) => x.topics === "info");
    const removed = await rest(r, `/system/logging/${info?.[".id"] ?? ""}`, { method: "DELETE" });
    expect(removed.status).toBe(400);
    const byCommand = await rest(r, "/system/logging/remove", { method: "POST", body: { numbers: info?.[".id"] ?? "" } });
    expect(byCommand.status).toBe(400);
    expect(await rows(r.name, "/system/logging")).toHaveLength(4);
  });

  it("logs a topic that is off by default (mac-server) only once a rule names it, and exports the rule", async () => {
    const r = routerNamed(sim.routers, "guide-macserver");
    await rest(r, "/log");
    now += 1000;
    await forceSession(r.name, "vlan-68", "02:AB:CD:00:00:01");
    now += 1000;
    const before = await rows(r.name, "/log");
    expect(before.filter((e) => e.topics?.startsWith("mac-server"))).toEqual([]);

    const added = await rest(r, "/system/logging", { method: "PUT", body: { topics: "mac-server", prefix: "MS" } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ topics: "mac-server", action: "memory", prefix: "MS", disabled: "false", default: "false" });
    now += 1000;
    await forceSession(r.name, "vlan-68", "02:AB:CD:00:00:02");
    now += 1000;
    const after = await rows(r.name, "/log");
    const ms = after.filter((e) => e.topics === "mac-server,debug");
    expect(ms.map((e) => e.message)).toEqual(["session from 02:AB:CD:00:00:02 on vlan-68 started"]);

    const exported = (await rest(r, "/export", { method: "POST", body: {} })).body as Row;
    expect(exported.ret).toContain("/system logging\nadd prefix=MS topics=mac-server\n");
    expect(exported.ret).not.toContain("topics=info");

    await rest(r, `/system/logging/${(added.body as Row)[".id"] ?? ""}`, { method: "DELETE" });
    now += 1000;
    await forceSession(r.name, "vlan-68", "02:AB:CD:00:00:03");
    now += 1000;
    expect((await rows(r.name, "/log")).filter((e) => e.topics === "mac-server,debug")).toHaveLength(1);
  });
});
