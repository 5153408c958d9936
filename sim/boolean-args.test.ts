import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 3 });
});
afterAll(() => sim.close());

describe("boolean arguments print as true/false (RouterOS v7 REST)", () => {
  it("/tool/mac-server/ping set enabled=no prints enabled=false, yes prints true", async () => {
    const r = routerNamed(sim.routers, "guide-macserver");
    expect((await rest(r, "/tool/mac-server/ping/set", { method: "POST", body: { enabled: "no" } })).status).toBe(200);
    expect((await rest(r, "/tool/mac-server/ping")).body).toEqual({ enabled: "false" });
    await rest(r, "/tool/mac-server/ping/set", { method: "POST", body: { enabled: "yes" } });
    expect((await rest(r, "/tool/mac-server/ping")).body).toEqual({ enabled: "true" });
  });

  it("disabled=yes on a table row prints disabled=true", async () => {
    const r = routerNamed(sim.routers, "guide-soho-macvlan");
    await rest(r, "/interface/macvlan/macvlan-iot", { method: "PATCH", body: { disabled: "yes" } });
    expect((await rest(r, "/interface/macvlan?name=macvlan-iot&.proplist=disabled")).body).toEqual([{ disabled: "true" }]);
  });
});
