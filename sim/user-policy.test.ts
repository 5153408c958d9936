import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { at } from "../lib/testing/at";
import { required } from "../lib/testing/required";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import { DEFAULT_POLICIES, type SimRouterInfo } from "./types";

let sim: Simulator;
let r: SimRouterInfo;

type Row = Record<string, string>;

async function setPolicies(name: string, policies: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/user`, { method: "PUT", body: JSON.stringify({ policies }) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 3 });
  r = routerNamed(sim.routers, "guide-macsec-a");
});
afterAll(() => sim.close());
afterEach(async () => {
  await setPolicies(r.name, DEFAULT_POLICIES);
});

const NOT_ENOUGH_PERMISSIONS = { status: 500, body: { error: 500, message: "Internal Server Error", detail: "not enough permissions (9)" } };

describe("the REST user's policies (PUT /_sim/routers/<name>/user)", () => {
  it("lists the default policies, sensitive included", async () => {
    expect(r.policies).toEqual(["read", "write", "api", "rest-api", "sensitive"]);
    const res = await fetch(`${sim.url}/_sim/routers/${r.name}/user`);
    expect(await res.json()).toEqual({ name: r.name, username: "noc-api", policies: ["read", "write", "api", "rest-api", "sensitive"] });
    expect((await setPolicies(r.name, ["read", "root"])).status).toBe(400);
  });

  const sensitivePrint = { method: "POST", body: { "show-sensitive": "", ".proplist": ["name", "cak"] } };

  it("without sensitive, cak is left out of every reply even with show-sensitive; writing it still works", async () => {
    const cak = at((await rest(r, "/interface/macsec/print", sensitivePrint)).body as Row[], 0).cak;
    expect(cak).toMatch(/^[0-9a-f]{32}$/);
    const set = await setPolicies(r.name, ["read", "write", "api", "rest-api"]);
    expect(set).toEqual({ status: 200, body: { name: r.name, username: "noc-api", policies: ["read", "write", "api", "rest-api"] } });
    const listed = (await (await fetch(`${sim.url}/_sim/routers`)).json()) as SimRouterInfo[];
    expect(listed.find((x) => x.name === r.name)?.policies).not.toContain("sensitive");

    const get = at((await rest(r, "/interface/macsec?.proplist=.id,name,cak,ckn")).body as Row[], 0);
    expect(get).toMatchObject({ name: "macsec1" });
    expect(get.ckn).toMatch(/^[0-9a-f]{64}$/);
    expect(get.cak).toBeUndefined();
    expect(((await rest(r, "/interface/macsec/macsec1")).body as Row).cak).toBeUndefined();
    const printed = (await rest(r, "/interface/macsec/print", sensitivePrint)).body as Row[];
    expect(at(printed, 0).cak).toBeUndefined();
    const stats = (await rest(r, "/interface/macsec/print", { method: "POST", body: { stats: "" } })).body as Row[];
    expect(at(stats, 0).cak).toBeUndefined();
    const id = required(get[".id"], "macsec1 .id");
    const newCak = "00112233445566778899aabbccddeeff";
    const patched = await rest(r, `/interface/macsec/${id}`, { method: "PATCH", body: { cak: newCak } });
    expect(patched.status).toBe(200);
    expect((patched.body as Row).cak).toBeUndefined();

    await setPolicies(r.name, ["read", "write", "api", "rest-api", "sensitive"]);
    expect(at((await rest(r, "/interface/macsec/print", sensitivePrint)).body as Row[], 0).cak).toBe(newCak);
    expect(newCak).not.toBe(cak);
  });

  it("without read, GET and POST print / get / monitor-traffic answer 500 not enough permissions; writes still work (7.23 field reports)", async () => {
    await setPolicies(r.name, ["write", "api", "rest-api", "sensitive"]);
    expect(await rest(r, "/system/identity")).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/interface/macsec/macsec1")).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/interface/print", { method: "POST", body: { ".proplist": ["name"] } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/system/identity/get", { method: "POST", body: { "value-name": "name" } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/interface/monitor-traffic", { method: "POST", body: { interface: "ether1", once: "" } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect((await rest(r, "/interface/macsec/profile", { method: "PUT", body: { name: "no-read" } })).status).toBe(200);
    await setPolicies(r.name, DEFAULT_POLICIES);
    const profiles = (await rest(r, "/interface/macsec/profile")).body as Row[];
    expect(profiles.map((p) => p.name)).toContain("no-read");
    expect((await rest(r, `/interface/macsec/profile/no-read`, { method: "DELETE" })).status).toBe(204);
  });

  it("without write, PUT / PATCH / DELETE and POST commands answer 500 not enough permissions and change nothing; reads work", async () => {
    await setPolicies(r.name, ["read", "api", "rest-api", "sensitive"]);
    expect(await rest(r, "/interface/macsec/profile", { method: "PUT", body: { name: "no-write" } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/interface/macsec/macsec1", { method: "PATCH", body: { comment: "no-write" } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/interface/macsec/macsec1", { method: "DELETE" })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/system/identity/set", { method: "POST", body: { name: "no-write" } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/interface/macsec/disable", { method: "POST", body: { numbers: "macsec1" } })).toMatchObject(NOT_ENOUGH_PERMISSIONS);
    expect(await rest(r, "/system/identity")).toMatchObject({ status: 200, body: { name: r.name } });
    const [macsec] = (await rest(r, "/interface/macsec/print", { method: "POST", body: { ".proplist": ["name", "comment", "disabled"] } })).body as Row[];
    expect(macsec).toEqual({ name: "macsec1", disabled: "false" });
    const profiles = (await rest(r, "/interface/macsec/profile")).body as Row[];
    expect(profiles.map((p) => p.name)).not.toContain("no-write");
  });

  it("without rest-api, every request is 401 (assumed)", async () => {
    await setPolicies(r.name, ["read", "write", "api", "sensitive"]);
    expect(await rest(r, "/system/identity")).toMatchObject({ status: 401, body: { error: 401, message: "Unauthorized" } });
  });
});
