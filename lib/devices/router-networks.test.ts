import { createServer, type Server } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { verifyAuditChain } from "../audit/log";
import { resetEnvForTests } from "../env";
import { ROUTER_ADDRESS_DENIED_MESSAGE } from "../net/router-networks";
import { createTestDb, type TestDb } from "../testing/test-db";
import { testConnectionFromForm } from "./connection-check";
import { DeviceServiceError } from "./errors";
import {
  addRouterNetwork,
  addRouterNetworkSchema,
  allowedRouterNetworks,
  queryRouterNetworks,
  removeRouterNetwork,
  resetRouterNetworks,
} from "./router-networks";
import { createDeviceSchema, testConnectionSchema, updateDeviceSchema } from "./schema";
import { createDevice, updateDevice } from "./service";
import { required } from "../testing/required";

const actor = { id: "admin-1", email: "admin@example.net" };
const NEUTRAL = `Router unreachable: ${ROUTER_ADDRESS_DENIED_MESSAGE} [ROUTER_ADDRESS_DENIED]`;
const savedEnv = { PORT: process.env.PORT, NEXTAUTH_URL: process.env.NEXTAUTH_URL };

function setEnv(values: Partial<Record<"PORT" | "NEXTAUTH_URL", string>>): void {
  for (const key of ["PORT", "NEXTAUTH_URL"] as const) {
    const value = key in values ? values[key] : savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
}

async function add(t: TestDb, cidr: string, comment = "") {
  return addRouterNetwork(t.db, actor, addRouterNetworkSchema.parse({ cidr, comment }));
}

function deviceForm(apiUrl: string, name = `d-${Math.random().toString(36).slice(2, 8)}`) {
  return createDeviceSchema.parse({ name, site: "Lab", apiUrl, username: "noc", password: "pw" });
}

async function refusedSave(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeviceServiceError);
  const fieldErrors = (err as DeviceServiceError).fieldErrors ?? {};
  expect(Object.keys(fieldErrors)).toEqual(["apiUrl"]);
  return required(fieldErrors.apiUrl?.[0], "an apiUrl field error");
}

afterEach(() => setEnv({}));

describe("the router networks list (SQLite)", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.cleanup());

  it("applies the private ranges while empty; the first network added copies them in; every change is audited", async () => {
    expect(await queryRouterNetworks(t.db)).toMatchObject({
      networks: [],
      usingDefaults: true,
      defaults: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
    });
    expect((await allowedRouterNetworks(t.db)).length).toBe(4);

    const first = await add(t, "127.0.0.1/32", "simulator");
    expect(first.copiedDefaults).toEqual(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]);
    const second = await add(t, "100.64.0.0/10");
    expect(second.copiedDefaults).toEqual([]);
    const view = await queryRouterNetworks(t.db);
    expect(view.usingDefaults).toBe(false);
    expect(view.networks.map((n) => n.cidr)).toEqual(expect.arrayContaining(["127.0.0.1/32", "100.64.0.0/10", "10.0.0.0/8", "fc00::/7"]));
    expect(view.networks).toHaveLength(6);

    const events = await t.db.auditEvent.findMany({ where: { action: "router_network.add" }, orderBy: { id: "asc" } });
    expect(events.map((e) => JSON.parse(e.after ?? "null"))).toEqual([
      { cidr: "127.0.0.1/32", comment: "simulator", copiedDefaults: first.copiedDefaults },
      { cidr: "100.64.0.0/10", comment: "", copiedDefaults: [] },
    ]);
    expect(events.map((e) => e.actorEmail)).toEqual(["admin@example.net", "admin@example.net"]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses a duplicate, removing the last network, and an unknown id; reset brings the defaults back", async () => {
    await add(t, "10.20.0.0/16");
    const dup = await add(t, "10.20.0.0/16").catch((e: unknown) => e);
    expect((dup as DeviceServiceError).fieldErrors?.cidr).toEqual(["this network is already listed"]);
    const rows = await t.db.routerNetwork.findMany();
    for (const row of rows.slice(1)) await removeRouterNetwork(t.db, actor, { id: row.id });
    await expect(removeRouterNetwork(t.db, actor, { id: required(rows[0], "the last network").id })).rejects.toThrow(/last network cannot be removed/);
    await expect(removeRouterNetwork(t.db, actor, { id: "missing" })).rejects.toThrow(/no longer in the list/);
    expect(await t.db.auditEvent.count({ where: { action: "router_network.remove" } })).toBe(rows.length - 1);

    const { removed } = await resetRouterNetworks(t.db, actor);
    expect(removed).toEqual([rows[0]?.cidr]);
    expect((await queryRouterNetworks(t.db)).usingDefaults).toBe(true);
    const reset = await t.db.auditEvent.findFirstOrThrow({ where: { action: "router_network.reset" } });
    expect(JSON.parse(reset.before ?? "null")).toEqual({ networks: removed });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it.each([
    ["10.20.1.2/16", /host bits are set/],
    ["169.254.169.254/32", /never allowed/],
    ["fe80::/10", /never allowed/],
    ["0.0.0.0/0", /loopback|never/],
    ["::/0", /loopback/],
    ["2130706433/32", /address\/prefix/],
    ["10.0.0.0", /address\/prefix/],
    ["", /required/],
  ])("the add form refuses the network %j, naming cidr", (cidr, why) => {
    const r = addRouterNetworkSchema.safeParse({ cidr, comment: "" });
    expect(r.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["cidr", expect.stringMatching(why)]]);
  });

  it("the add form refuses a comment with a bidi override, naming comment", () => {
    expect(addRouterNetworkSchema.safeParse({ cidr: "10.0.0.0/8", comment: "lab\u202e" }).error?.issues[0]?.path).toEqual(["comment"]);
  });
});

/** Loopback in every numeric form WHATWG URLs normalise, IPv6 loopback, metadata and other never-allowed hosts. */
const REFUSED_HOSTS: [string, RegExp][] = [
  ["127.0.0.1", /127\.0\.0\.1 is a loopback address/],
  ["2130706433", /127\.0\.0\.1 is a loopback address/],
  ["0x7f.1", /127\.0\.0\.1 is a loopback address/],
  ["127.1", /127\.0\.0\.1 is a loopback address/],
  ["0177.0.0.1", /127\.0\.0\.1 is a loopback address/],
  ["017700000001", /127\.0\.0\.1 is a loopback address/],
  ["[::ffff:127.0.0.1]", /127\.0\.0\.1 is a loopback address/],
  ["[::1]", /::1 is a loopback address/],
  ["[0:0:0:0:0:0:0:1]", /::1 is a loopback address/],
  ["localhost", /^localhost resolves to .* loopback address/],
  ["0", /0\.0\.0\.0 is an unspecified/],
  ["169.254.169.254", /169\.254\.169\.254 is a link-local address/],
  ["[::ffff:169.254.169.254]", /169\.254\.169\.254 is a link-local address/],
  ["100.100.100.200", /metadata address/],
  ["[fd00:ec2::254]", /metadata address/],
  ["[fe80::1]", /link-local/],
  ["224.0.0.1", /multicast/],
  ["8.8.8.8", /not in the allowed router networks/],
];

describe("device save against the router networks", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.cleanup());

  it.each(REFUSED_HOSTS)("refuses a device at http://%s:8728 with the default networks, naming apiUrl", async (host, why) => {
    expect(await refusedSave(createDevice(t.db, actor, deviceForm(`http://${host}:8728`)))).toMatch(why);
    expect(await t.db.device.count()).toBe(0);
  });

  it("accepts the private ranges by default, and loopback (every numeric form) once an admin adds 127.0.0.1/32; metadata stays refused", async () => {
    await createDevice(t.db, actor, deviceForm("https://10.1.2.3"));
    await createDevice(t.db, actor, deviceForm("https://[fd12:3456::1]:8443"));
    await add(t, "127.0.0.1/32", "simulator");
    for (const host of ["127.0.0.1", "2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]"])
      await createDevice(t.db, actor, deviceForm(`http://${host}:8728/r`));
    await refusedSave(createDevice(t.db, actor, deviceForm("http://[::1]:8728")));
    await refusedSave(createDevice(t.db, actor, deviceForm("http://127.0.0.2:8728")));
    await refusedSave(createDevice(t.db, actor, deviceForm("http://169.254.169.254")));
    expect(await t.db.device.count()).toBe(7);
  });

  it("accepts a name only when every address it resolves to is allowed", async () => {
    await add(t, "127.0.0.1/32");
    const localhostAddresses = await import("node:dns/promises").then((dns) => dns.lookup("localhost", { all: true }));
    if (localhostAddresses.some((a) => a.family === 6)) await refusedSave(createDevice(t.db, actor, deviceForm("http://localhost:8728")));
    await add(t, "::1/128");
    await createDevice(t.db, actor, deviceForm("http://localhost:8728"));
  });

  it("refuses the NOC's own port on loopback (PORT and NEXTAUTH_URL), even with loopback allowed", async () => {
    await add(t, "127.0.0.0/8");
    setEnv({ PORT: "3210", NEXTAUTH_URL: "http://noc.example:3443" });
    expect(await refusedSave(createDevice(t.db, actor, deviceForm("http://127.0.0.1:3210")))).toBe("127.0.0.1 port 3210 is this NOC server itself");
    expect(await refusedSave(createDevice(t.db, actor, deviceForm("http://2130706433:3443")))).toBe("127.0.0.1 port 3443 is this NOC server itself");
    await createDevice(t.db, actor, deviceForm("http://127.0.0.1:3211"));
  });

  it("checks an edit, but lets a device outside the networks be saved disabled with its URL unchanged", async () => {
    await add(t, "127.0.0.1/32");
    const form = { name: "core-1", site: "Lab", apiUrl: "http://127.0.0.1:8728", username: "noc", password: "pw" };
    const { id } = await createDevice(t.db, actor, createDeviceSchema.parse(form));
    await refusedSave(updateDevice(t.db, actor, updateDeviceSchema.parse({ ...form, id, apiUrl: "http://169.254.169.254" })));
    await resetRouterNetworks(t.db, actor);
    await refusedSave(updateDevice(t.db, actor, updateDeviceSchema.parse({ ...form, id, enabled: "on", password: "" })));
    await updateDevice(t.db, actor, updateDeviceSchema.parse({ ...form, id, site: "Attic", password: "" }));
    expect(await t.db.device.findUniqueOrThrow({ where: { id }, select: { enabled: true, apiUrl: true } })).toEqual({
      enabled: false,
      apiUrl: "http://127.0.0.1:8728",
    });
  });
});

describe("Test connection against the router networks (simulator + SQLite)", () => {
  let sim: Simulator;
  let t: TestDb;
  /** A listening port that counts every connection it receives. */
  let open: Server;
  let openPort: number;
  let connections = 0;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, routers: 2, seed: 5 });
    open = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => open.listen(0, "127.0.0.1", resolve));
    const address = open.address();
    openPort = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => open.close(() => resolve()));
    await sim.close();
  });
  beforeEach(async () => {
    t = await createTestDb();
    connections = 0;
  });
  afterEach(() => t.cleanup());

  const simPort = () => new URL(sim.url).port;
  const testAt = (apiUrl: string) => {
    const r = required(sim.routers[0], "a simulator router");
    return testConnectionFromForm(t.db, actor, testConnectionSchema.parse({ apiUrl, username: r.username, password: r.password }));
  };

  it("refuses every loopback and metadata form with one neutral answer, identical for the simulator, an open and a closed port", async () => {
    const router = required(sim.routers[0], "a simulator router").name;
    const targets = [
      required(sim.routers[0], "a simulator router").apiUrl,
      `http://2130706433:${simPort()}/${router}`,
      `http://0x7f.1:${simPort()}/${router}`,
      `http://[::ffff:127.0.0.1]:${simPort()}/${router}`,
      `http://localhost:${simPort()}/${router}`,
      `http://[::1]:${simPort()}/${router}`,
      `http://127.0.0.1:${openPort}`,
      `http://127.0.0.1:1`,
      "http://169.254.169.254/latest/meta-data",
      "http://[fd00:ec2::254]/latest/meta-data",
      "http://100.100.100.200/latest/meta-data",
      "http://0:8728",
    ];
    for (const target of targets) {
      const res = await testAt(target);
      expect(res.ok, target).toBe(false);
      if (!res.ok) expect(res.error, target).toEqual({ kind: "unreachable", message: NEUTRAL });
    }
    expect(connections).toBe(0);
    const audited = await t.db.auditEvent.findMany({ where: { action: "device.test_connection" } });
    expect(audited).toHaveLength(targets.length);
    for (const e of audited) expect(JSON.parse(e.after ?? "null")).toMatchObject({ ok: false, errorKind: "unreachable" });
  });

  it("connects once an admin adds 127.0.0.1/32 (the numeric forms too), but never to the NOC's own port", async () => {
    await add(t, "127.0.0.1/32", "simulator");
    const router = required(sim.routers[0], "a simulator router").name;
    for (const target of [
      required(sim.routers[0], "a simulator router").apiUrl,
      `http://2130706433:${simPort()}/${router}`,
      `http://127.1:${simPort()}/${router}`,
    ]) {
      const res = await testAt(target);
      expect(res.ok, target).toBe(true);
      if (res.ok) expect(res.facts.identity).toBe(router);
    }
    setEnv({ PORT: simPort() });
    const own = await testAt(required(sim.routers[0], "a simulator router").apiUrl);
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.error).toEqual({ kind: "unreachable", message: NEUTRAL });
  });

  it("inside the allowed networks keeps the specific error the NOC needs (a closed port is refused)", async () => {
    await add(t, "127.0.0.1/32");
    const res = await testAt("http://127.0.0.1:1");
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/connection refused/);
  });
});
