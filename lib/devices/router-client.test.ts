import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { applyChange, approveChange, previewChange, proposeChange, scheduleChange } from "../changes/workflow";
import { startHarness, type Harness } from "../changes/engine/testdata/harness";
import { devicePasswordAad, seal } from "../crypto/seal";
import { ROUTER_ADDRESS_DENIED_MESSAGE } from "../net/router-networks";
import { startPoller } from "../polling/poller";
import { RouterOsClient } from "../routeros";
import { createTestDb, type TestDb } from "../testing/test-db";
import { addRouterNetwork, addRouterNetworkSchema, resetRouterNetworks, routerConnectGuard } from "./router-networks";
import { required } from "../testing/required";

const actor = { id: "admin-1", email: "admin@example.net" };

/**
 * A TCP forwarder standing in for the router's side of the connection: counts the connections it accepts and can
 * drop them all (as a router closes idle connections), so the next poll must connect again.
 */
interface Forwarder {
  port: number;
  accepted: number;
  dropAll(): Promise<void>;
  close(): Promise<void>;
}

async function startForwarder(targetPort: number): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  const fwd: Forwarder = {
    port: 0,
    accepted: 0,
    async dropAll() {
      const closing = [...sockets].map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once("close", () => resolve()))));
      for (const s of sockets) s.destroy();
      await Promise.all(closing);
    },
    async close() {
      await fwd.dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((client) => {
    fwd.accepted++;
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  fwd.port = typeof address === "object" && address ? address.port : 0;
  return fwd;
}

describe("the poller connects only inside the router networks", () => {
  let sim: Simulator;
  let t: TestDb;
  let fwd: Forwarder;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, routers: 1, seed: 4 });
    fwd = await startForwarder(Number(new URL(sim.url).port));
    t = await createTestDb({ routerNetworks: ["127.0.0.0/8", "::1/128"] });
  });
  afterAll(async () => {
    await fwd.close();
    await sim.close();
    await t.cleanup();
  });

  it("polls a device whose name resolves into the networks, and refuses to connect once it resolves outside them", async () => {
    const r = required(sim.routers[0], "a simulator router");
    await t.db.site.create({ data: { id: "s", name: "Lab" } });
    await t.db.device.create({
      data: {
        id: "d",
        name: r.name,
        siteId: "s",
        apiUrl: `http://localhost:${fwd.port}/${r.name}`,
        username: r.username,
        passwordSealed: seal(r.password, devicePasswordAad("d")),
      },
    });
    const poller = startPoller({
      db: t.db,
      loop: false,
      concurrency: 1,
      requestTimeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      maxRetries: 1,
      rollupEveryMs: 0,
      jitter: 0,
    });
    try {
      const first = await poller.runOnce();
      expect(first.results.map((x) => [x.status, x.error])).toEqual([["up", null]]);
      expect(fwd.accepted).toBeGreaterThan(0);

      await resetRouterNetworks(t.db, actor);
      await fwd.dropAll();
      fwd.accepted = 0;
      const second = await poller.runOnce();
      expect(second.results.map((x) => x.status)).toEqual(["down"]);
      const device = await t.db.device.findUniqueOrThrow({ where: { id: "d" } });
      expect(device.status).toBe("down");
      expect(device.lastError).toContain(ROUTER_ADDRESS_DENIED_MESSAGE);
      expect(fwd.accepted).toBe(0);
    } finally {
      await poller.stop();
    }
  });

  it("a kept-alive connection is not reused forever: the guard runs again after at most 100 requests", async () => {
    const r = required(sim.routers[0], "a simulator router");
    await addRouterNetwork(t.db, actor, addRouterNetworkSchema.parse({ cidr: "127.0.0.1/32" }));
    const client = new RouterOsClient({ apiUrl: r.apiUrl, username: r.username, password: r.password, maxRetries: 0, guard: routerConnectGuard(t.db) });
    try {
      await client.singleton("/system/identity");
      await resetRouterNetworks(t.db, actor);
      const outcomes: string[] = [];
      for (let i = 0; i < 110; i++) {
        outcomes.push(
          await client.singleton("/system/identity").then(
            () => "ok",
            (e: unknown) => (e instanceof Error ? e.message : String(e)),
          ),
        );
      }
      const firstRefusal = outcomes.findIndex((o) => o !== "ok");
      expect(firstRefusal).toBeGreaterThanOrEqual(0);
      expect(firstRefusal).toBeLessThanOrEqual(101);
      expect(new Set(outcomes.slice(firstRefusal))).toEqual(new Set([`Router unreachable: ${ROUTER_ADDRESS_DENIED_MESSAGE} [ROUTER_ADDRESS_DENIED]`]));
    } finally {
      await client.close();
    }
  });
});

describe("the change planner and runner connect only inside the router networks", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ routers: 2 });
  });
  afterAll(() => h.close());

  it("an approved change whose router left the networks fails without a write, and a new proposal cannot be planned", async () => {
    const router = required(h.sim.routers[0], "a simulator router").name;
    const deviceId = await h.deviceId(router);
    const { id, hash } = await proposeChange(h.t.db, h.operator, {
      kind: "macvlan.add",
      params: { name: "macvlan-net", interface: "ether2" },
      deviceIds: [deviceId],
    });
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });

    await resetRouterNetworks(h.t.db, actor);
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("FAILED");
    const target = await h.t.db.changeTarget.findFirstOrThrow({ where: { changeRequestId: id } });
    expect(target.error).toContain(ROUTER_ADDRESS_DENIED_MESSAGE);
    expect(await h.rows(router, "/interface/macvlan?name=macvlan-net")).toEqual([]);

    const preview = await previewChange(h.t.db, { kind: "macvlan.add", params: { name: "macvlan-net2", interface: "ether2" }, deviceIds: [deviceId] });
    expect(preview.targets.map((x) => [x.ok, x.error])).toEqual([[false, expect.stringContaining(ROUTER_ADDRESS_DENIED_MESSAGE)]]);
    await h.expectChainOk();
  });
});
