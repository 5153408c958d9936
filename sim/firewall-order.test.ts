import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row, SimRouterInfo } from "./types";

/**
 * Firewall rule order and the list arguments the firewall and MACsec profile kinds write (docs/routeros.md:
 * `place-before` on add, `move`, `connection-state`, `connection-nat-state`, profile `ciphers` from 7.23).
 */

let sim: Simulator;
let soho: SimRouterInfo;
let macsecA: SimRouterInfo;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 11 });
  soho = routerNamed(sim.routers, "guide-soho-macvlan");
  macsecA = routerNamed(sim.routers, "guide-macsec-a");
});
afterAll(() => sim.close());

async function order(): Promise<Row[]> {
  return (await rest(soho, "/ip/firewall/filter")).body as Row[];
}

describe("firewall rule order", () => {
  it("place-before inserts right before that .id; without it the rule goes last; an unknown .id is refused", async () => {
    const rows = await order();
    const second = rows[1]?.[".id"] ?? "";
    const put = await rest(soho, "/ip/firewall/filter", {
      method: "PUT",
      body: { chain: "forward", action: "accept", comment: "placed", "place-before": second },
    });
    expect(put.status).toBe(200);
    expect(put.body).not.toHaveProperty("place-before");
    const after = await order();
    expect(after.map((r) => r.comment)).toEqual([rows[0]?.comment, "placed", ...rows.slice(1).map((r) => r.comment)]);
    await rest(soho, "/ip/firewall/filter", { method: "PUT", body: { chain: "input", action: "drop", comment: "last" } });
    expect((await order()).at(-1)?.comment).toBe("last");
    const bad = await rest(soho, "/ip/firewall/filter", { method: "PUT", body: { chain: "input", action: "drop", "place-before": "*FFFF" } });
    expect(bad.body).toEqual({ error: 400, message: "Bad Request", detail: "input does not match any value of place-before" });
  });

  it("move puts numbers before destination, or last without one", async () => {
    const rows = await order();
    const [first, , third] = rows;
    await rest(soho, "/ip/firewall/filter/move", { method: "POST", body: { numbers: third?.[".id"], destination: first?.[".id"] } });
    expect((await order())[0]?.[".id"]).toBe(third?.[".id"]);
    await rest(soho, "/ip/firewall/filter/move", { method: "POST", body: { numbers: third?.[".id"] } });
    expect((await order()).at(-1)?.[".id"]).toBe(third?.[".id"]);
  });

  it("prints connection-nat-state on filter rules and checks the list values of connection-state and connection-nat-state", async () => {
    const ok = await rest(soho, "/ip/firewall/filter", {
      method: "PUT",
      body: { chain: "forward", action: "accept", "connection-state": "new", "connection-nat-state": "dstnat", comment: "nat-state" },
    });
    expect(ok.body).toMatchObject({ "connection-state": "new", "connection-nat-state": "dstnat" });
    const badState = await rest(soho, "/ip/firewall/filter", { method: "PUT", body: { chain: "forward", "connection-state": "new,bogus" } });
    expect(badState.body).toMatchObject({ detail: "invalid value for argument connection-state" });
    const badNat = await rest(soho, "/ip/firewall/filter", { method: "PUT", body: { chain: "forward", "connection-nat-state": "snat" } });
    expect(badNat.body).toMatchObject({ detail: "invalid value for argument connection-nat-state" });
    const natTable = await rest(soho, "/ip/firewall/nat", { method: "PUT", body: { chain: "srcnat", "connection-state": "new" } });
    expect(natTable.body).toMatchObject({ detail: "unknown parameter connection-state" });
  });
});

describe("MACsec profile ciphers", () => {
  it("takes a comma list of the four suites on 7.23+, refuses others; older versions lack the argument", async () => {
    const [profile] = (await rest(macsecA, "/interface/macsec/profile?name=guide-profile")).body as Row[];
    const ok = await rest(macsecA, `/interface/macsec/profile/${profile?.[".id"] ?? ""}`, {
      method: "PATCH",
      body: { ciphers: "gcm-aes-256,gcm-aes-xpn-256" },
    });
    expect(ok.body).toMatchObject({ ciphers: "gcm-aes-256,gcm-aes-xpn-256" });
    const bad = await rest(macsecA, `/interface/macsec/profile/${profile?.[".id"] ?? ""}`, { method: "PATCH", body: { ciphers: "aes-128" } });
    expect(bad.body).toMatchObject({ detail: "invalid value for argument ciphers" });
    const old = routerNamed(sim.routers, "guide-isp-dhcp");
    const refused = await rest(old, "/interface/macsec/profile/default", { method: "PATCH", body: { ciphers: "gcm-aes-256" } });
    expect(refused.body).toMatchObject({ detail: "unknown parameter ciphers" });
  });
});
