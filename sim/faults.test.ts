import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { required } from "../lib/testing/required";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { SimRouterInfo } from "./types";

let sim: Simulator;
let r: SimRouterInfo;
let other: SimRouterInfo;

async function setFault(name: string, fault: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/fault`, { method: "PUT", body: JSON.stringify(fault) });
  return res.status;
}

async function clearFault(name: string): Promise<void> {
  await fetch(`${sim.url}/_sim/routers/${name}/fault`, { method: "DELETE" });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 8, seed: 3, monitorCutMs: 300 });
  r = routerNamed(sim.routers, "guide-macserver");
  other = routerNamed(sim.routers, "guide-isp-dhcp");
});
afterAll(() => sim.close());

describe("fault injection (control API)", () => {
  it("lists routers with credentials and dumps one router's state", async () => {
    const list = (await (await fetch(`${sim.url}/_sim/routers`)).json()) as SimRouterInfo[];
    expect(list.map((x) => x.name)).toEqual(sim.routers.map((x) => x.name));
    expect(list[0]).toMatchObject({ name: "guide-macserver", apiUrl: `${sim.url}/guide-macserver`, username: "noc-api" });
    const dump = (await (await fetch(`${sim.url}/_sim/routers/guide-macserver`)).json()) as { tables: Record<string, unknown[]> };
    expect(required(dump.tables["/interface/list/member"], "/interface/list/member table").length).toBeGreaterThan(0);
    expect(await setFault("guide-macserver", { mode: "explode" })).toBe(400);
  });

  it("latency delays the answer, then clears", async () => {
    expect(await setFault(r.name, { mode: "latency", latencyMs: 400, count: 1 })).toBe(200);
    const t0 = Date.now();
    expect((await rest(r, "/system/identity")).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    const t1 = Date.now();
    await rest(r, "/system/identity");
    expect(Date.now() - t1).toBeLessThan(380);
  });

  it("hang never answers until the client gives up", async () => {
    await setFault(r.name, { mode: "hang", count: 1 });
    await expect(rest(r, "/system/identity", { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await rest(r, "/system/identity")).status).toBe(200);
  });

  it("reset destroys the socket", async () => {
    await setFault(r.name, { mode: "reset", count: 1 });
    await expect(rest(r, "/system/identity")).rejects.toThrow();
    expect((await rest(r, "/system/identity")).status).toBe(200);
  });

  it("http500, garbage and unauthorized are observable and only hit that router", async () => {
    await setFault(r.name, { mode: "http500" });
    expect((await rest(r, "/system/identity")).status).toBe(500);
    expect((await rest(r, "/system/identity")).status).toBe(500);
    expect((await rest(other, "/system/identity")).status).toBe(200);
    await setFault(r.name, { mode: "garbage" });
    const g = await rest(r, "/interface");
    expect(g.status).toBe(200);
    expect(() => JSON.parse(g.raw)).toThrow();
    await setFault(r.name, { mode: "unauthorized" });
    expect((await rest(r, "/interface")).body).toEqual({ error: 401, message: "Unauthorized" });
    await clearFault(r.name);
    expect((await rest(r, "/system/identity")).status).toBe(200);
  });

  it("skip and methods target one write: reads and POST print pass, the second write fails, then it clears", async () => {
    await setFault(r.name, { mode: "http500", methods: ["PUT", "PATCH", "DELETE", "POST"], skip: 1, count: 1 });
    expect((await rest(r, "/interface/list")).status).toBe(200);
    expect((await rest(r, "/interface/list/print", { method: "POST", body: { ".proplist": ["name"] } })).status).toBe(200);
    expect((await rest(r, "/interface/list", { method: "PUT", body: { name: "fault-a" } })).status).toBe(200);
    const second = await rest(r, "/interface/list", { method: "PUT", body: { name: "fault-b" } });
    expect(second.status).toBe(500);
    expect((await rest(r, "/interface/list", { method: "PUT", body: { name: "fault-c" } })).status).toBe(200);
    const names = ((await rest(r, "/interface/list?.proplist=name")).body as { name: string }[]).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["fault-a", "fault-c"]));
    expect(names).not.toContain("fault-b");
    expect(await setFault(r.name, { mode: "http500", methods: ["WRITE"] })).toBe(400);
  });

  it("apply-then-hang performs the write and withholds the reply; the object exists after the client gives up", async () => {
    await setFault(r.name, { mode: "apply-then-hang", methods: ["PUT"], count: 1 });
    const t0 = Date.now();
    await expect(rest(r, "/interface/list", { method: "PUT", body: { name: "fault-hang" }, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(2_000);
    const rows = (await rest(r, "/interface/list?name=fault-hang")).body as { name: string }[];
    expect(rows.map((x) => x.name)).toEqual(["fault-hang"]);
    await setFault(r.name, { mode: "apply-then-hang", latencyMs: 300, count: 1 });
    const t1 = Date.now();
    expect((await rest(r, "/interface/list", { method: "PUT", body: { name: "fault-late" } })).status).toBe(200);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(280);
  });

  it("a monitor without once or duration ends with 400 Session closed", async () => {
    const res = await rest(r, "/interface/monitor-traffic", { method: "POST", body: { interface: "vlan-68" } });
    expect(res.body).toEqual({ error: 400, message: "Bad Request", detail: "Session closed" });
  });
});
