import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { testRouterConnection } from "./test-connection";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 7 });
});

afterAll(async () => {
  await sim.close();
});

function router(index = 0) {
  const r = sim.routers[index];
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
    const info = sim.routers[0];
    const res = await testRouterConnection(router(0));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.facts.identity).toBe(info.name);
    expect(res.facts.version).toContain(info.version);
    expect(res.facts.boardName).toBeTruthy();
    expect(res.facts.uptimeSec).toBeGreaterThan(0);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a 401 as kind unauthorized, without echoing the password", async () => {
    const res = await testRouterConnection({ ...router(1), password: "wrong-password-123" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe("unauthorized");
    expect(res.error.status).toBe(401);
    expect(JSON.stringify(res)).not.toContain("wrong-password-123");
  });

  it("reports a URL with no router behind it as an API error with the HTTP status", async () => {
    const res = await testRouterConnection({ ...router(0), apiUrl: `${sim.url}/no-such-router` });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe("api");
    expect(res.error.status).toBe(404);
  });

  it("reports a closed port as unreachable", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv: Server = createServer();
      srv.listen(0, "127.0.0.1", () => {
        const address = srv.address();
        const p = typeof address === "object" && address ? address.port : 0;
        srv.close(() => resolve(p));
      });
    });
    const res = await testRouterConnection({ ...router(0), apiUrl: `http://127.0.0.1:${port}` });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe("unreachable");
  });

  it("reports an injected HTTP 500 fault as an API error (no retries: the first answer is shown)", async () => {
    const info = sim.routers[2];
    await setFault(info.name, { mode: "http500", count: 1 });
    const res = await testRouterConnection(router(2));
    await setFault(info.name, null);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.status).toBe(500);
  });
});
