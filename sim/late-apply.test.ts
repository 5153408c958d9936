import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { SimRouterInfo } from "./types";

let sim: Simulator;
let r: SimRouterInfo;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 3 });
  r = routerNamed(sim.routers, "guide-macserver");
});
afterAll(() => sim.close());

describe("late-apply fault", () => {
  it("holds a write for latencyMs and only then performs it: absent right after the client gave up, present later", async () => {
    const put = await fetch(`${sim.url}/_sim/routers/${r.name}/fault`, {
      method: "PUT",
      body: JSON.stringify({ mode: "late-apply", methods: ["PUT"], latencyMs: 600, count: 1 }),
    });
    expect(put.status).toBe(200);
    await expect(rest(r, "/interface/list", { method: "PUT", body: { name: "late-list" }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await rest(r, "/interface/list?name=late-list")).body).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(((await rest(r, "/interface/list?name=late-list")).body as { name: string }[]).map((x) => x.name)).toEqual(["late-list"]);
  });
});
