import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "@/sim/server";
import { ROLES, can, type RoleName } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db-client";
import { closeRouterViewClients } from "@/lib/devices/router-view-client";
import { requireEnv } from "@/lib/env";
import { insertSimulatorDevices, setSimFault } from "@/lib/testing/sim-devices";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import type { SessionUser } from "@/lib/auth/session";
import type {
  AddressingViewDto,
  FirewallViewDto,
  InterfaceListsViewDto,
  MacvlanParentsViewDto,
  RouterView,
  RouterViewResult,
} from "@/lib/devices/router-view-dto";

// The four route handlers run inside Next's request scope: the session is replaced by a chosen user and the web
// server's database by a real SQLite test file; the data layer, the router views, the RouterOS client and the
// simulator are real.
const scope = vi.hoisted(() => ({ db: null as Db | null, user: null as SessionUser | null }));
vi.mock("@/lib/db", () => ({
  get db() {
    return scope.db;
  },
}));
vi.mock("@/lib/auth/request-meta", () => ({ clientIpFromHeaders: () => null }));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const { ForbiddenError, UnauthenticatedError } = await import("@/lib/auth/permissions");
  return {
    ...original,
    getCurrentUser: async () => scope.user,
    requirePermission: async (permission: Parameters<typeof can>[1]) => {
      if (!scope.user) throw new UnauthenticatedError();
      if (!can(scope.user.role, permission)) throw new ForbiddenError(permission);
      return scope.user;
    },
  };
});

type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
const ROUTES: Record<RouterView, Handler> = {
  addressing: (await import("./addressing/route")).GET,
  firewall: (await import("./firewall/route")).GET,
  "interface-lists": (await import("./interface-lists/route")).GET,
  "macvlan-parents": (await import("./macvlan-parents/route")).GET,
};

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
let t: TestDb;
const userOf = (role: RoleName): SessionUser => ({ id: `u-${role}`, email: `${role.toLowerCase()}@noc.local`, name: role, role });

async function get<T>(view: RouterView, router: string, query = ""): Promise<{ status: number; body: RouterViewResult<T> & { error?: unknown } }> {
  const id = `dev-${router}`;
  const res = await ROUTES[view](new Request(`http://noc.test/api/devices/${id}/router/${view}${query}`), { params: Promise.resolve({ id }) });
  return { status: res.status, body: (await res.json()) as RouterViewResult<T> & { error?: unknown } };
}

/** The view of a successful read; fails the test with the error otherwise. */
async function view<T>(name: RouterView, router: string): Promise<T> {
  const { status, body } = await get<T>(name, router);
  expect(status).toBe(200);
  if (!body.ok) throw new Error(`${name} on ${router}: ${JSON.stringify(body.error)}`);
  return body.view;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 5, seed: 1 });
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  scope.db = t.db;
  await insertSimulatorDevices(t.db, sim.routers, requireEnv("SECRET_KEY"));
});
afterEach(async () => {
  scope.user = userOf("VIEWER");
  await closeRouterViewClients();
  await Promise.all(sim.routers.map((r) => setSimFault(sim.url, r.name, null)));
});
afterAll(async () => {
  await t?.cleanup();
  await sim?.close();
});

describe("authorization (devices.read)", () => {
  it("answers 401 signed out, and 200 to every role holding devices.read; refusals are audited", async () => {
    const views = Object.keys(ROUTES) as RouterView[];
    expect(views).toHaveLength(4);
    for (const name of views) {
      scope.user = null;
      expect(`${name}: ${(await get(name, "guide-soho-macvlan")).status}`).toBe(`${name}: 401`);
      for (const role of ROLES) {
        scope.user = userOf(role);
        const expected = can(role, "devices.read") ? 200 : 403;
        expect(`${name} as ${role}: ${(await get(name, "guide-soho-macvlan")).status}`).toBe(`${name} as ${role}: ${expected}`);
      }
    }
    expect(await t.db.auditEvent.count({ where: { action: "auth.refused" } })).toBeGreaterThanOrEqual(4);
  });

  it("answers 404 for an unknown device and 400 for a query parameter", async () => {
    scope.user = userOf("VIEWER");
    expect((await get("firewall", "no-such-router")).status).toBe(404);
    expect((await get("firewall", "guide-soho-macvlan", "?chain=input")).status).toBe(400);
  });
});

describe("the views, read from the simulator", () => {
  it("IP: addresses, the DHCP server, its network and static leases", async () => {
    scope.user = userOf("VIEWER");
    const v = await view<AddressingViewDto>("addressing", "guide-isp-dhcp");
    expect(v.addresses).toContainEqual(
      expect.objectContaining({ address: "223.203.225.1/24", network: "223.203.225.0", interface: "vlan-32", dynamic: false }),
    );
    expect(v.dhcpServers).toEqual([expect.objectContaining({ name: "dhcp-vlan32", interface: "vlan-32", addressPool: "pool-vlan32", leaseTimeSec: 1800 })]);
    expect(v.dhcpNetworks).toEqual([expect.objectContaining({ address: "223.203.225.0/24", gateway: "223.203.225.1", dnsServers: ["223.203.225.1"] })]);
    expect(v.leases.map((l) => [l.address, l.macAddress, l.dynamic, l.status, l.comment, l.lastSeenAt, l.expiresAt])).toEqual([
      ["223.203.225.10", "00:11:22:33:44:55", false, "waiting", "customer A", null, null],
      ["223.203.225.20", "AA:BB:CC:DD:EE:FF", false, "waiting", "customer B", null, null],
    ]);
  });

  it("Firewall: filter and NAT rules in order with their position, matchers and counters", async () => {
    scope.user = userOf("OPERATOR");
    const v = await view<FirewallViewDto>("firewall", "guide-soho-macvlan");
    expect(v.filter.map((r) => [r.position, r.chain, r.action])).toEqual([
      [0, "forward", "accept"],
      [1, "forward", "drop"],
      [2, "forward", "drop"],
      [3, "input", "drop"],
    ]);
    expect(v.filter[0]?.matchers).toEqual(["connection-state=established,related"]);
    expect(v.filter[1]?.matchers).toEqual(["in-interface=macvlan-iot", "out-interface-list=LAN"]);
    expect(v.nat).toEqual([expect.objectContaining({ position: 0, chain: "srcnat", action: "masquerade", matchers: ["out-interface-list=WAN"], targets: [] })]);
    for (const r of [...v.filter, ...v.nat]) {
      expect(Number.isSafeInteger(r.packets)).toBe(true);
      expect(r.bytes).toBeGreaterThanOrEqual(r.packets * 64);
    }
  });

  it("interface lists: members, the lists the MAC server uses and the interfaces it answers on", async () => {
    const v = await view<InterfaceListsViewDto>("interface-lists", "guide-macserver");
    const allowed = v.lists.find((l) => l.name === "mac-allowed");
    expect(allowed).toMatchObject({ builtin: false, usedBy: ["mac-telnet", "mac-winbox"] });
    expect(allowed?.members.map((m) => m.interface)).toEqual(["vlan-68"]);
    expect(v.lists.find((l) => l.name === "all")).toMatchObject({ builtin: true, usedBy: [] });
    expect(v.reach).toEqual([
      { service: "mac-telnet", allowedInterfaceList: "mac-allowed", kind: "members", interfaces: ["vlan-68"] },
      { service: "mac-winbox", allowedInterfaceList: "mac-allowed", kind: "members", interfaces: ["vlan-68"] },
    ]);
  });

  it("MACVLAN parents: type, state and MTU of each parent; nothing read on a router before 7.12", async () => {
    const v = await view<MacvlanParentsViewDto>("macvlan-parents", "guide-soho-macvlan");
    expect(v).toEqual({
      supported: true,
      parents: [expect.objectContaining({ name: "ether2", type: "ether", disabled: false, mtu: "1500", l2mtu: 1592, macvlans: ["macvlan-iot"] })],
    });
    await t.db.device.update({ where: { id: "dev-guide-soho-macvlan" }, data: { version: "7.9.2" } });
    try {
      await setSimFault(sim.url, "guide-soho-macvlan", { mode: "http500" });
      await closeRouterViewClients();
      expect(await view<MacvlanParentsViewDto>("macvlan-parents", "guide-soho-macvlan")).toEqual({ supported: false, parents: [] });
    } finally {
      await t.db.device.update({ where: { id: "dev-guide-soho-macvlan" }, data: { version: null } });
    }
  });
});

describe("a router that cannot be read", () => {
  it("answers 200 with the error kind and message for garbage, a refused login and a reset connection", async () => {
    for (const [mode, kind] of [
      ["garbage", "bad-response"],
      ["unauthorized", "unauthorized"],
      ["reset", "unreachable"],
    ] as const) {
      await setSimFault(sim.url, "guide-macserver", { mode });
      await closeRouterViewClients();
      const { status, body } = await get("interface-lists", "guide-macserver");
      expect(`${mode}: ${status} ${body.ok ? "ok" : body.error.kind}`).toBe(`${mode}: 200 ${kind}`);
      if (!body.ok) expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  it("does not contact the router of a disabled device", async () => {
    await t.db.device.update({ where: { id: "dev-guide-isp-dhcp" }, data: { enabled: false } });
    try {
      const { body } = await get("addressing", "guide-isp-dhcp");
      expect(body).toMatchObject({ ok: false, error: { kind: "disabled" } });
    } finally {
      await t.db.device.update({ where: { id: "dev-guide-isp-dhcp" }, data: { enabled: true } });
    }
  });

  it("shares one read between concurrent viewers of a device and view", async () => {
    // The next single request of the router fails: a second, separate read would succeed.
    await setSimFault(sim.url, "guide-soho-macvlan", { mode: "http500", count: 1 });
    const [a, b] = await Promise.all([get("firewall", "guide-soho-macvlan"), get("firewall", "guide-soho-macvlan")]);
    expect([a.body.ok, b.body.ok]).toEqual([false, false]);
    expect(b.body.readAt).toBe(a.body.readAt);
    await closeRouterViewClients();
    expect((await get("firewall", "guide-soho-macvlan")).body.ok).toBe(true);
  });
});
