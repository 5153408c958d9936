import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row, SimRouterInfo } from "./types";

/**
 * What the device page's IP and Firewall tabs read that the simulator computes or prints: firewall rules'
 * `packets`/`bytes` (real RouterOS counts what each rule matches) and a bound lease's `expires-after`.
 */

let now = Date.parse("2026-11-20T10:00:00Z");
let sim: Simulator;
let soho: SimRouterInfo;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 7, seed: 3, clock: () => now });
  soho = routerNamed(sim.routers, "guide-soho-macvlan");
});
afterAll(() => sim.close());

async function rules(router: SimRouterInfo, table: "filter" | "nat"): Promise<Row[]> {
  const res = await rest(router, `/ip/firewall/${table}?.proplist=.id,chain,disabled,packets,bytes`);
  expect(res.status).toBe(200);
  return res.body as Row[];
}

describe("firewall rule counters", () => {
  it("grow with time on rules that match, bytes a whole number of packets, and never go down", async () => {
    const before = [...(await rules(soho, "filter")), ...(await rules(soho, "nat"))];
    expect(before.length).toBe(5);
    now += 60_000;
    const after = [...(await rules(soho, "filter")), ...(await rules(soho, "nat"))];
    let grew = 0;
    for (const [i, rule] of after.entries()) {
      const packets = BigInt(rule.packets ?? "x");
      const bytes = BigInt(rule.bytes ?? "x");
      expect(packets).toBeGreaterThanOrEqual(BigInt(before[i]?.packets ?? "x"));
      expect(bytes >= packets * 64n && bytes <= packets * 1400n).toBe(true);
      if (packets > BigInt(before[i]?.packets ?? "0")) grew += 1;
    }
    expect(grew).toBeGreaterThan(0);
  });

  it("start from 0 on a rule added now and stay at 0 while a rule is disabled", async () => {
    const added = await rest(soho, "/ip/firewall/filter", { method: "PUT", body: { chain: "input", action: "accept", protocol: "icmp" } });
    const id = String((added.body as Row)[".id"]);
    expect((await rules(soho, "filter")).find((r) => r[".id"] === id)).toMatchObject({ packets: "0", bytes: "0" });
    await rest(soho, `/ip/firewall/filter/${id}`, { method: "PATCH", body: { disabled: "yes" } });
    now += 3_600_000;
    expect((await rules(soho, "filter")).find((r) => r[".id"] === id)).toMatchObject({ disabled: "true", packets: "0", bytes: "0" });
  });
});

describe("/ip/dhcp-server/lease", () => {
  it("prints expires-after on bound dynamic leases and not on static leases that are waiting", async () => {
    const generated = sim.routers.filter((r) => !r.name.startsWith("guide-"));
    expect(generated.length).toBeGreaterThan(0);
    const leases = (await Promise.all(generated.map(async (r) => (await rest(r, "/ip/dhcp-server/lease")).body as Row[]))).flat();
    const dynamic = leases.filter((l) => l.dynamic === "true");
    const waiting = leases.filter((l) => l.dynamic === "false" && l.status === "waiting");
    expect(dynamic.length).toBeGreaterThan(0);
    expect(waiting.length).toBeGreaterThan(0);
    for (const l of dynamic) expect(l["expires-after"]).toMatch(/^(\d+[wdhms])+$/);
    for (const l of waiting) expect(l["expires-after"]).toBeUndefined();
  });
});
