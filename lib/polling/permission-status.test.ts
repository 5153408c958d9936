import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { routerConnectGuard } from "../devices/router-networks";
import { testRouterConnection } from "../devices/test-connection";
import { RouterOsClient } from "../routeros";
import { createTestDb, type TestDb } from "../testing/test-db";
import { pollDevice } from "./poll-device";

let sim: Simulator;
let t: TestDb;

async function setPolicies(name: string, policies: string[]): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${name}/user`, { method: "PUT", body: JSON.stringify({ policies }) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 2 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
});

afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("a router user without the read policy", () => {
  it("is polled as unauthorized with the missing policy in lastError, and named by the connection test", async () => {
    const info = sim.routers[0];
    if (!info) throw new Error("the simulator has no router");
    await t.db.site.create({ data: { id: "site-1", name: "Site 1" } });
    const device = await t.db.device.create({
      data: { id: "dev-1", name: info.name, siteId: "site-1", apiUrl: info.apiUrl, username: info.username, passwordSealed: "unused" },
    });
    await setPolicies(info.name, ["write", "api", "rest-api"]);
    const client = new RouterOsClient({ apiUrl: info.apiUrl, username: info.username, password: info.password, retryDelayMs: 5 });
    try {
      const result = await pollDevice(t.db, device, client);
      expect(result.status).toBe("unauthorized");
      expect(result.error).toMatch(/lacks the read policy: \/user group set <group> policy=\.\.\.,read/);
    } finally {
      await client.close();
    }
    const stored = await t.db.device.findUniqueOrThrow({ where: { id: device.id } });
    expect(stored.status).toBe("unauthorized");
    expect(stored.lastError).toMatch(/lacks the read policy/);

    const test = await testRouterConnection({ apiUrl: info.apiUrl, username: info.username, password: info.password }, routerConnectGuard(t.db));
    expect(test.ok).toBe(false);
    if (test.ok) return;
    expect(test.error).toMatchObject({ kind: "permission", status: 500, detail: "not enough permissions (9)" });
    expect(test.error.message).toMatch(/lacks the read policy/);
  });
});
