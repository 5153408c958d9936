import { describe, expect, it } from "vitest";
import type { RouterOsCallInfo, RouterOsClient } from "../../routeros";
import { HOSTILE_NAMES, NON_UNICAST_MACS } from "../../testing/hostile-values";
import { required } from "../../testing/required";
import { leaseRef } from "./dhcp-lease";
import { leaseImportKind, lineRanges } from "./dhcp-lease-import";
import { IMPORT_MAX_ROWS } from "./dhcp-lease-import-schema";
import { driftCheck } from "../engine/verify";
import { applyThroughEngine, menuSnapshot, undoThroughEngine } from "./testdata/engine-run";
import { expectPlanError, simPerTest } from "./testdata/sim-fixture";

const fx = simPerTest({ routers: 6 });
const ROUTER = "guide-isp-dhcp";
const SERVER = "dhcp-vlan32";
const LEASES = "/ip/dhcp-server/lease";

type Row = { macAddress: string; address: string; comment?: string; line?: number };

/** Row `i` of a big plan: MAC 02:00:00:00:hh:ll, address 10.50.0.10 + i (inside 10.50.0.0/22, see addBigNetwork). */
function bigRow(i: number): Row {
  const hex = (n: number) => n.toString(16).padStart(2, "0").toUpperCase();
  const host = 10 + i;
  return { macAddress: `02:00:00:00:${hex(i >> 8)}:${hex(i & 255)}`, address: `10.50.${host >> 8}.${host & 255}`, comment: `host ${i}`, line: i + 2 };
}

/** Gives the guide router's vlan-32 (DHCP server dhcp-vlan32) a second network, 10.50.0.0/22, big enough for 1,000 leases. */
async function addBigNetwork(client: RouterOsClient): Promise<void> {
  await client.add("/ip/address", { address: "10.50.0.1/22", interface: "vlan-32" });
  await client.add("/ip/dhcp-server/network", { address: "10.50.0.0/22", gateway: "10.50.0.1" });
}

/** Plans with a client that counts its REST calls. */
async function planCounted(params: unknown, router = ROUTER) {
  const calls: RouterOsCallInfo[] = [];
  const plan = await leaseImportKind.plan(leaseImportKind.schema.parse(params), { client: fx.client(router, (c) => calls.push(c)), device: fx.device(router) });
  return { plan, calls };
}

describe("dhcp-lease.import schema", () => {
  const good: Row = { macAddress: "0a-0b-0c-0d-0e-0f", address: "223.203.225.30", comment: "customer C", line: 2 };

  it("normalises MACs and refuses bad rows under rows, naming the CSV line", () => {
    expect(leaseImportKind.schema.parse({ server: SERVER, rows: [good] }).rows).toEqual([{ ...good, macAddress: "0A:0B:0C:0D:0E:0F" }]);
    const r = leaseImportKind.schema.safeParse({
      server: SERVER,
      rows: [
        good,
        { macAddress: "01:00:5E:00:00:FB", address: "223.203.225.31", line: 3 },
        { macAddress: "02:00:00:00:00:01", address: "10.0.0.300", line: 4 },
      ],
    });
    expect(r.success).toBe(false);
    expect(new Set(r.error?.issues.map((i) => i.path.join(".")))).toEqual(new Set(["rows"]));
    expect(r.error?.issues.map((i) => i.message.split(": ").slice(0, 2).join(": "))).toEqual(["line 3: macAddress", "line 4: address", "line 4: address"]);
    expect(r.error?.issues[0]?.message).toMatch(/^line 3: macAddress: MAC address 01:00:5E:00:00:FB is a multicast/);
  });

  it("refuses MACs and addresses repeated in the file, naming both lines", () => {
    const rows: Row[] = [
      good,
      { macAddress: "0A:0B:0C:0D:0E:0F", address: "223.203.225.31", line: 5 },
      { macAddress: "02:00:00:00:00:02", address: "223.203.225.30", line: 9 },
    ];
    const r = leaseImportKind.schema.safeParse({ server: SERVER, rows });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      "line 5: mac-address 0A:0B:0C:0D:0E:0F is already on line 2",
      "line 9: address 223.203.225.30 is already on line 2",
    ]);
  });

  it("takes 1 to 5,000 rows and caps the messages at 50", () => {
    expect(leaseImportKind.schema.safeParse({ server: SERVER, rows: [] }).success).toBe(false);
    const many = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => bigRow(i));
    expect(leaseImportKind.schema.safeParse({ server: SERVER, rows: many }).success).toBe(false);
    const bad = Array.from({ length: 80 }, (_, i) => ({ ...bigRow(i), macAddress: "FF:FF:FF:FF:FF:FF" }));
    const issues = leaseImportKind.schema.safeParse({ server: SERVER, rows: bad }).error?.issues ?? [];
    expect(issues).toHaveLength(51);
    expect(issues.at(-1)?.message).toBe("… and 30 more");
  });

  it.each([
    ["comment", HOSTILE_NAMES],
    ["macAddress", NON_UNICAST_MACS],
  ] as const)("refuses every hostile %s in a row under rows", (field, table) => {
    expect(table.length).toBeGreaterThan(0);
    for (const [label, value] of table) {
      const r = leaseImportKind.schema.safeParse({ server: SERVER, rows: [{ ...good, [field]: value }] });
      expect(
        r.error?.issues.map((i) => i.path[0]),
        `${field}: ${label}`,
      ).toEqual(["rows"]);
      expect(r.error?.issues[0]?.message, `${field}: ${label}`).toMatch(/^line 2: /);
    }
  });

  it("prints line numbers as ranges", () => {
    expect(lineRanges([9, 2, 3, 4, 7])).toBe("2–4, 7, 9");
    expect(lineRanges([1, 3, 5], 2)).toBe("1, 3, …");
  });
});

describe("dhcp-lease.import plans", () => {
  it("classifies rows as new, changed and unchanged from one read of each menu, and applies and undoes them", async () => {
    const rows: Row[] = [
      { macAddress: "00:11:22:33:44:55", address: "223.203.225.10", line: 2 },
      { macAddress: "00:11:22:33:44:55".replace("55", "56"), address: "223.203.225.40", comment: "new one", line: 3 },
      { macAddress: "AA:BB:CC:DD:EE:FF", address: "223.203.225.21", comment: "customer B2", line: 4 },
      { macAddress: "02:00:00:00:00:41", address: "223.203.225.41", line: 5 },
    ];
    const { plan, calls } = await planCounted({ server: SERVER, rows });
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      "GET /rest/ip/address",
      "GET /rest/ip/dhcp-server",
      "GET /rest/ip/dhcp-server/lease",
      "GET /rest/ip/dhcp-server/network",
    ]);
    expect(plan.notes).toEqual(["4 rows: 2 new (add), 1 changed (set), 1 unchanged", "new: lines 3, 5", "changed: lines 4", "unchanged: lines 2"]);
    expect(plan.ops).toEqual([
      {
        op: "add",
        ref: leaseRef(SERVER, "00:11:22:33:44:56"),
        values: { server: SERVER, "mac-address": "00:11:22:33:44:56", address: "223.203.225.40", comment: "new one" },
      },
      { op: "set", ref: leaseRef(SERVER, "AA:BB:CC:DD:EE:FF"), values: { address: "223.203.225.21", comment: "customer B2" } },
      { op: "add", ref: leaseRef(SERVER, "02:00:00:00:00:41"), values: { server: SERVER, "mac-address": "02:00:00:00:00:41", address: "223.203.225.41" } },
    ]);
    const client = fx.client(ROUTER);
    const before = await menuSnapshot(client, [LEASES]);
    const { outcome, ctx } = await applyThroughEngine(fx, ROUTER, plan);
    expect(outcome).toEqual({ status: "APPLIED", error: null });
    const leases = await client.print(LEASES, { where: { server: SERVER }, proplist: ["mac-address", "address", "comment"] });
    expect(leases).toEqual(
      expect.arrayContaining([
        { "mac-address": "AA:BB:CC:DD:EE:FF", address: "223.203.225.21", comment: "customer B2" },
        { "mac-address": "00:11:22:33:44:56", address: "223.203.225.40", comment: "new one" },
      ]),
    );
    const again = await planCounted({ server: SERVER, rows });
    expect(again.plan.ops).toEqual([]);
    expect(again.plan.notes[0]).toBe("4 rows: 0 new (add), 0 changed (set), 4 unchanged");
    await undoThroughEngine(ctx, plan);
    expect(await menuSnapshot(client, [LEASES])).toEqual(before);
  });

  it("refuses each conflict with the router, naming the CSV line under rows", async () => {
    const rows: Row[] = [
      { macAddress: "02:00:00:00:00:01", address: "223.203.225.10", line: 2 },
      { macAddress: "02:00:00:00:00:02", address: "192.168.1.10", line: 3 },
      { macAddress: "02:00:00:00:00:03", address: "223.203.225.0", line: 4 },
      { macAddress: "02:00:00:00:00:04", address: "223.203.225.255", line: 5 },
      { macAddress: "02:00:00:00:00:05", address: "223.203.225.1", line: 6 },
      { macAddress: "02:00:00:00:00:06", address: "223.203.225.50", line: 7 },
    ];
    const err = await expectPlanError(
      planCounted({ server: SERVER, rows }).then((r) => r.plan),
      "rows",
    );
    expect(err.fieldErrors?.rows).toEqual([
      "line 2: 223.203.225.10 is already leased to 00:11:22:33:44:55 on dhcp-vlan32 (static lease)",
      "line 3: 192.168.1.10 is outside the network of DHCP server dhcp-vlan32 (223.203.225.0/24)",
      "line 4: 223.203.225.0 is the network address of 223.203.225.0/24",
      "line 5: 223.203.225.255 is the broadcast address of 223.203.225.0/24",
      "line 6: 223.203.225.1 is the gateway of 223.203.225.0/24",
    ]);
    expect(err.message).toMatch(/^the address plan does not fit DHCP server dhcp-vlan32: 5 problem\(s\), first line 2: /);
    await expectPlanError(
      planCounted({ server: "dhcp9", rows }).then((r) => r.plan),
      "server",
    );
  });

  it("refuses a MAC that has a dynamic lease on the server", async () => {
    const generated = required(fx.sim.routers[5], "a simulator router").name;
    const leases = await fx.client(generated).print(LEASES, { where: { dynamic: "true" }, proplist: ["mac-address", "server", "address"] });
    const { server, "mac-address": mac } = required(leases[0], "a dynamic lease");
    const err = await expectPlanError(
      planCounted({ server, rows: [{ macAddress: mac, address: "10.99.99.99", line: 7 }] }, generated).then((r) => r.plan),
      "rows",
    );
    expect(err.fieldErrors?.rows?.join("\n")).toMatch(/^line 7: .* has a dynamic lease .*making it static is not offered/m);
  });
});

describe("dhcp-lease.import drift", () => {
  it("sees a lease added for a planned address between proposal and apply (one print of the leases)", async () => {
    const client = fx.client(ROUTER);
    await addBigNetwork(client);
    const { plan } = await planCounted({ server: SERVER, rows: Array.from({ length: 20 }, (_, i) => bigRow(i)) });
    expect(await driftCheck(client, plan.base)).toEqual([]);
    await client.add(LEASES, { server: SERVER, "mac-address": "02:00:00:00:FF:01", address: bigRow(7).address });
    const calls: RouterOsCallInfo[] = [];
    expect(
      await driftCheck(
        fx.client(ROUTER, (c) => calls.push(c)),
        plan.base,
      ),
    ).toEqual([`/ip/dhcp-server/lease address ${bigRow(7).address} on ${SERVER}: (exists) no → yes`]);
    expect(calls.filter((c) => c.path === `/rest${LEASES}`)).toHaveLength(1);
  });
});

describe("dhcp-lease.import at scale", () => {
  it("plans 1,000 rows with four reads, applies them all and rolls them back to the menu as before", async () => {
    const client = fx.client(ROUTER);
    await addBigNetwork(client);
    const rows = Array.from({ length: 1_000 }, (_, i) => bigRow(i));
    const { plan, calls } = await planCounted({ server: SERVER, rows });
    expect(calls).toHaveLength(4);
    expect(plan.ops).toHaveLength(1_000);
    expect(plan.notes[0]).toBe("1000 rows: 1000 new (add), 0 changed (set), 0 unchanged");
    const before = await menuSnapshot(client, [LEASES]);
    const { outcome, ctx } = await applyThroughEngine(fx, ROUTER, plan);
    expect(outcome).toEqual({ status: "APPLIED", error: null });
    expect((await menuSnapshot(client, [LEASES]))[LEASES]?.length).toBe((before[LEASES]?.length ?? 0) + 1_000);
    const writes = ctx.recorder.steps.filter((s) => s.method === "PUT");
    expect(writes).toHaveLength(1_000);
    await undoThroughEngine(ctx, plan);
    expect(await menuSnapshot(client, [LEASES])).toEqual(before);
  }, 120_000);
});
