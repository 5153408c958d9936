import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./server";
import { rest, routerNamed } from "./test-client";
import type { Row, SimRouterInfo } from "./types";

/**
 * `/ip/address`, `/ip/pool`, `/ip/dhcp-server` and `/ip/dhcp-server/network` as the addressing change kinds use
 * them: the refusals RouterOS gives (docs/routeros.md), `network` of a point-to-point address, and time intervals
 * printed the way RouterOS v7 prints them.
 */

let sim: Simulator;
let soho: SimRouterInfo;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 11 });
  soho = routerNamed(sim.routers, "guide-soho-macvlan");
});
afterAll(() => sim.close());

async function put(path: string, body: Row): Promise<{ status: number; body: unknown }> {
  return rest(soho, path, { method: "PUT", body });
}

describe("/ip/address", () => {
  it("refuses a duplicate (address, interface) and a missing interface with RouterOS's details", async () => {
    expect((await put("/ip/address", { address: "192.168.88.1/24", interface: "ether3" })).body).toMatchObject({
      error: 400,
      detail: "failure: already have such address",
    });
    expect((await put("/ip/address", { address: "10.1.1.1/24", interface: "ether99" })).body).toMatchObject({
      detail: "input does not match any value of interface",
    });
  });

  it("derives network from address unless the add gives it (point-to-point /32 naming its peer)", async () => {
    const derived = await put("/ip/address", { address: "10.7.0.9/29", interface: "ether4" });
    expect(derived.body).toMatchObject({ address: "10.7.0.9/29", network: "10.7.0.8" });
    const ptp = await put("/ip/address", { address: "10.9.9.1/32", network: "10.9.9.2", interface: "ether4" });
    expect(ptp.body).toMatchObject({ address: "10.9.9.1/32", network: "10.9.9.2" });
    const id = String((ptp.body as Row)[".id"]);
    const commented = await rest(soho, `/ip/address/${id}`, { method: "PATCH", body: { comment: "peer" } });
    expect(commented.body).toMatchObject({ network: "10.9.9.2", comment: "peer" });
    const moved = await rest(soho, `/ip/address/${id}`, { method: "PATCH", body: { address: "10.9.8.1/24" } });
    expect(moved.body).toMatchObject({ address: "10.9.8.1/24", network: "10.9.8.0" });
  });
});

describe("/ip/dhcp-server", () => {
  it("refuses a pool or interface that does not exist", async () => {
    expect((await put("/ip/dhcp-server", { name: "dhcp-x", interface: "ether4", "address-pool": "no-such-pool" })).body).toMatchObject({
      detail: "input does not match any value of address-pool",
    });
    expect((await put("/ip/dhcp-server", { name: "dhcp-x", interface: "ether99" })).body).toMatchObject({
      detail: "input does not match any value of interface",
    });
  });

  it("prints lease-time as RouterOS v7 prints durations, whatever form was written", async () => {
    const added = await put("/ip/dhcp-server", { name: "dhcp-t", interface: "ether4", "lease-time": "1d 00:00:00" });
    expect(added.body).toMatchObject({ name: "dhcp-t", "lease-time": "1d", "address-pool": "static-only" });
    const id = String((added.body as Row)[".id"]);
    expect((await rest(soho, `/ip/dhcp-server/${id}`, { method: "PATCH", body: { "lease-time": "90m" } })).body).toMatchObject({ "lease-time": "1h30m" });
    expect((await rest(soho, `/ip/dhcp-server/${id}`, { method: "PATCH", body: { "lease-time": "00:10:00" } })).body).toMatchObject({ "lease-time": "10m" });
    expect((await rest(soho, `/ip/dhcp-server/${id}`, { method: "PATCH", body: { "lease-time": "0s" } })).body).toMatchObject({
      detail: "invalid value for argument lease-time",
    });
  });

  it("refuses a duplicate name, pool name and network", async () => {
    expect((await put("/ip/dhcp-server", { name: "dhcp-iot", interface: "ether4" })).body).toMatchObject({
      detail: "failure: already have server with such name",
    });
    expect((await put("/ip/pool", { name: "pool-iot", ranges: "10.0.0.1-10.0.0.9" })).body).toMatchObject({
      detail: "failure: already have pool with such name",
    });
    expect((await put("/ip/dhcp-server/network", { address: "192.168.99.0/24", gateway: "192.168.99.1" })).body).toMatchObject({
      detail: "failure: already have such network",
    });
  });
});

describe("/ip/dhcp-server/network", () => {
  it("takes a list of DNS servers, each checked as an IP address, where inspect types dns-server as one address", async () => {
    expect(soho.version).toBe("7.21.5");
    const added = await put("/ip/dhcp-server/network", { address: "10.50.0.0/24", gateway: "10.50.0.1", "dns-server": "10.50.0.1,9.9.9.9" });
    expect(added.body).toMatchObject({ address: "10.50.0.0/24", "dns-server": "10.50.0.1,9.9.9.9" });
    expect((await put("/ip/dhcp-server/network", { address: "10.51.0.0/24", "dns-server": "10.51.0.1,nine" })).body).toMatchObject({
      detail: "invalid value for argument dns-server",
    });
  });
});
