import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { effectiveNetworks, vetRouterTarget } from "../net/router-networks";
import type { ConnectGuard } from "../routeros";
import { testRouterConnection } from "./test-connection";
import { required } from "../testing/required";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

/** A connect guard over a fixed list (the DB-backed one is tested in router-networks.test.ts). */
function guardOf(networks: string[]): ConnectGuard {
  return ({ hostname, port }) => vetRouterTarget(hostname, port, { networks: async () => effectiveNetworks(networks), selfPorts: [] });
}

/** The simulator's loopback address allowed explicitly, as the demo does. */
const loopbackAllowed = guardOf(["127.0.0.1/32"]);

/** A port nothing listens on (opened, then closed). */
async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const srv: Server = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const p = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(p));
    });
  });
}

function router(index = 0) {
  const r = required(sim.routers[index], "a simulator router");
  return { apiUrl: r.apiUrl, username: r.username, password: r.password };
}

async function setFault(name: string, fault: Record<string, unknown> | null): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/fault`, {
    method: fault ? "PUT" : "DELETE",
    headers: { "content-type": "application/json" },
    body: fault ? JSON.stringify(fault) : undefined,
  });
  expect(res.ok).toBe(true);
}

describe("testRouterConnection (against the simulator)", () => {
  it("reads identity, board, version and uptime with the right credentials", async () => {
    const info = required(sim.routers[0], "a simulator router");
    const res = await testRouterConnection(router(0), loopbackAllowed);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.facts.identity).toBe(info.name);
    expect(res.facts.version).toContain(info.version);
    expect(res.facts.boardName).toBeTruthy();
    expect(res.facts.uptimeSec).toBeGreaterThan(0);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a 401 as kind unauthorized, without echoing the password", async () => {
    const res = await testRouterConnection({ ...router(1), password: "wrong-password-123" }, loopbackAllowed);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe("unauthorized");
    expect(res.error.status).toBe(401);
    expect(JSON.stringify(res)).not.toContain("wrong-password-123");
  });

  it("reports a URL with no router behind it as an API error with the HTTP status", async () => {
    const res = await testRouterConnection({ ...router(0), apiUrl: `${sim.url}/no-such-router` }, loopbackAllowed);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe("api");
    expect(res.error.status).toBe(404);
  });

  it("reports a closed port inside the allowed networks as unreachable, saying it was refused (useful to the NOC)", async () => {
    const res = await testRouterConnection({ ...router(0), apiUrl: `http://127.0.0.1:${await closedPort()}` }, loopbackAllowed);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe("unreachable");
    expect(res.error.message).toMatch(/connection refused/);
  });

  it("gives the same neutral answer for an open and a closed port outside the allowed networks, and connects to neither", async () => {
    let connections = 0;
    const open: Server = createServer((socket) => {
      connections++;
      socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}");
    });
    await new Promise<void>((resolve) => open.listen(0, "127.0.0.1", resolve));
    const address = open.address();
    const openPort = typeof address === "object" && address ? address.port : 0;
    try {
      const defaults = guardOf([]);
      const results = await Promise.all(
        [openPort, await closedPort(), required(sim.routers[0], "a simulator router").apiUrl].map((target) =>
          testRouterConnection({ ...router(0), apiUrl: typeof target === "number" ? `http://127.0.0.1:${target}` : target }, defaults),
        ),
      );
      const errors = results.map((r) => (r.ok ? null : r.error));
      expect(errors[0]).toEqual({
        kind: "unreachable",
        message:
          "Router unreachable: the router's address is not allowed (outside the allowed router networks, or the NOC server itself) [ROUTER_ADDRESS_DENIED]",
      });
      expect(errors[1]).toEqual(errors[0]);
      expect(errors[2]).toEqual(errors[0]);
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => open.close(() => resolve()));
    }
  });

  it("reports an injected HTTP 500 fault as an API error (no retries: the first answer is shown)", async () => {
    const info = required(sim.routers[2], "a simulator router");
    await setFault(info.name, { mode: "http500", count: 1 });
    const res = await testRouterConnection(router(2), loopbackAllowed);
    await setFault(info.name, null);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.status).toBe(500);
  });
});
