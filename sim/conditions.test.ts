import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row, SimRouterInfo } from "./types";

/** Forced world conditions (sim/README.md "Conditions"): MACsec status, a not-valid burst, a session from a given MAC. */

let now = Date.parse("2026-12-01T10:00:00Z");
let sim: Simulator;
let a: SimRouterInfo;

async function setCondition(name: string, body: unknown): Promise<number> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/condition`, {
    method: body === null ? "DELETE" : "PUT",
    body: body === null ? undefined : JSON.stringify(body),
  });
  return res.status;
}

async function macsec(): Promise<Row> {
  const { body } = await rest(a, "/interface/macsec/print", { method: "POST", body: { stats: "" } });
  const row = (body as Row[]).find((r) => r.name === "macsec1");
  if (!row) throw new Error("no macsec1 stats");
  return row;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 6, seed: 1, clock: () => now });
  a = routerNamed(sim.routers, "guide-macsec-a");
});
afterAll(() => sim.close());

describe("forced conditions (control API)", () => {
  it("forces a MACsec status until the condition is cleared", async () => {
    now += 120_000;
    const status = async () => ((await rest(a, "/interface/macsec")).body as Row[]).find((r) => r.name === "macsec1")?.status;
    expect(await status()).toBe("open-encrypted");
    expect(await setCondition(a.name, { macsecStatus: { interface: "macsec1", status: "negotiating" } })).toBe(200);
    expect(await status()).toBe("negotiating");
    expect(((await rest(a, "/interface/macsec")).body as Row[]).find((r) => r.name === "macsec1")?.running).toBe("false");
    expect(await setCondition(a.name, null)).toBe(200);
    expect(await status()).toBe("open-encrypted");
    expect(await setCondition(a.name, { macsecStatus: { interface: "ether1", status: "negotiating" } })).toBe(400);
  });

  it("adds a burst of rx-sc-not-valid packets that the counter keeps", async () => {
    const beforeRow = await macsec();
    const before = Number(beforeRow["rx-sc-not-valid"]);
    expect(await setCondition(a.name, { macsecNotValid: { interface: "macsec1", packets: 5000 } })).toBe(200);
    const after = await macsec();
    expect(Number(after["rx-sc-not-valid"]) - before).toBe(5000);
    expect(Number(after["rx-sa-not-valid"])).toBe(Number(after["rx-sc-not-valid"]));
    expect(Number(after["rx-sc-ok"])).toBeGreaterThanOrEqual(Number(beforeRow["rx-sc-ok"]));
    await setCondition(a.name, null);
    expect(Number((await macsec())["rx-sc-not-valid"]) - before).toBe(5000);
  });

  it("opens a MAC-server session from a given MAC, ended by clearing", async () => {
    const sessions = async () => (await rest(a, "/tool/mac-server/sessions")).body as Row[];
    const mac = "02:AB:CD:00:00:01";
    expect((await sessions()).some((s) => s["src-address"] === mac)).toBe(false);
    expect(await setCondition(a.name, { macServerSession: { interface: "ether2", "src-address": "02-ab-cd-00-00-01" } })).toBe(200);
    now += 5_000;
    const opened = (await sessions()).find((s) => s["src-address"] === mac);
    expect(opened).toMatchObject({ interface: "ether2", uptime: "5s" });
    expect(await setCondition(a.name, { macServerSession: { interface: "ether2", "src-address": "not-a-mac" } })).toBe(400);
    await setCondition(a.name, null);
    expect((await sessions()).some((s) => s["src-address"] === mac)).toBe(false);
  });
});
