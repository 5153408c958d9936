import { describe, expect, it } from "vitest";
import { ipAddressAddKind, ipAddressRef, ipAddressRemoveKind } from "./ip-address";
import { applyThenUndo } from "./testdata/engine-run";
import { expectPlanError, planFor, simPerTest } from "./testdata/sim-fixture";
import { RouterOsClient } from "../../routeros";

const fx = simPerTest({ routers: 5 });
const ROUTER = "guide-soho-macvlan";
const MENUS = ["/ip/address"];

describe("ip-address schemas", () => {
  it("refuses bad input, naming the field", () => {
    const s = ipAddressAddKind.schema;
    const field = (params: Record<string, unknown>) => [...new Set(s.safeParse(params).error?.issues.map((i) => i.path[0]))];
    expect(s.parse({ address: " 10.20.30.1/24 ", interface: "ether4", comment: "" })).toEqual({ address: "10.20.30.1/24", interface: "ether4" });
    expect(field({ address: "10.20.30.1", interface: "ether4" })).toEqual(["address"]);
    expect(field({ address: "10.20.30.0/24", interface: "ether4" })).toEqual(["address"]);
    expect(field({ address: "10.20.30.1/24", interface: "ether 4" })).toEqual(["interface"]);
    expect(field({ address: "10.20.30.1/24", interface: "ether4", network: "10.20.30.0" })).toEqual([undefined]);
    expect(ipAddressRemoveKind.schema.safeParse({ address: "10.20.30.0/24", interface: "ether4" }).success).toBe(true);
    expect(ipAddressRemoveKind.schema.safeParse({ address: "10.20.30.1", interface: "ether4" }).success).toBe(false);
  });
});

describe("ip-address.add", () => {
  it("plans the add keyed by (address, interface), applies it through the engine, and the undo removes it", async () => {
    const plan = await planFor(ipAddressAddKind, { address: "10.20.30.1/24", interface: "ether4", comment: "lab" }, fx, ROUTER);
    expect(plan.base.map((b) => [b.ref.label, b.values === null])).toEqual([
      ["/interface ether4", false],
      ["/ip/address 10.20.30.1/24 on ether4", true],
      ["/ip/address 10.20.30.1/24 on any interface", true],
    ]);
    expect(plan.ops).toEqual([
      { op: "add", ref: ipAddressRef("10.20.30.1/24", "ether4"), values: { address: "10.20.30.1/24", interface: "ether4", comment: "lab" } },
    ]);
    expect(plan.notes).toEqual([]);
    const client = fx.client(ROUTER);
    await applyThenUndo(client, plan, MENUS, async () => {
      const [row] = await client.print("/ip/address", { where: { address: "10.20.30.1/24" } });
      expect(row).toMatchObject({ interface: "ether4", network: "10.20.30.0", comment: "lab", disabled: "false" });
    });
  });

  it("refuses a missing interface and an address already on the router, whatever its prefix or interface", async () => {
    const iface = await expectPlanError(planFor(ipAddressAddKind, { address: "10.20.30.1/24", interface: "ether99" }, fx, ROUTER), "interface");
    expect(iface.message).toBe("interface ether99 does not exist on this router");
    const same = await expectPlanError(planFor(ipAddressAddKind, { address: "192.168.88.1/24", interface: "ether3" }, fx, ROUTER), "address");
    expect(same.message).toBe("192.168.88.1 is already on ether3 as 192.168.88.1/24");
    const elsewhere = await expectPlanError(planFor(ipAddressAddKind, { address: "192.168.88.1/25", interface: "ether4" }, fx, ROUTER), "address");
    expect(elsewhere.message).toBe("192.168.88.1 is already on ether3 as 192.168.88.1/24");
  });

  it("notes a subnet that overlaps another address's network", async () => {
    const plan = await planFor(ipAddressAddKind, { address: "192.168.88.2/23", interface: "ether4" }, fx, ROUTER);
    expect(plan.notes).toEqual(["192.168.88.0/23 overlaps 192.168.88.0/24 of 192.168.88.1/24 on ether3: the subnet will be reachable through two interfaces"]);
    const same = await planFor(ipAddressAddKind, { address: "192.168.99.7/24", interface: "macvlan-iot" }, fx, ROUTER);
    expect(same.notes).toEqual(["192.168.99.0/24 overlaps 192.168.99.0/24 of 192.168.99.1/24 also on macvlan-iot"]);
  });
});

describe("ip-address.remove", () => {
  it("removes a static address through the engine; the undo re-adds it with its comment", async () => {
    const plan = await planFor(ipAddressRemoveKind, { address: "192.168.88.1/24", interface: "ether3" }, fx, ROUTER);
    expect(plan.base[0]?.values).toMatchObject({ address: "192.168.88.1/24", interface: "ether3", network: "192.168.88.0", comment: "LAN" });
    expect(plan.ops).toEqual([{ op: "remove", ref: ipAddressRef("192.168.88.1/24", "ether3") }]);
    expect(plan.disruptsInterfaces).toEqual([]);
    await applyThenUndo(fx.client(ROUTER), plan, MENUS);
  });

  it("notes a DHCP server left without an address on its interface", async () => {
    const plan = await planFor(ipAddressRemoveKind, { address: "192.168.99.1/24", interface: "macvlan-iot" }, fx, ROUTER);
    expect(plan.notes).toEqual(["DHCP server dhcp-iot on macvlan-iot will have no address of its own on that interface to serve from"]);
  });

  it("restores a point-to-point address's network on undo", async () => {
    const client = fx.client(ROUTER);
    await client.add("/ip/address", { address: "10.9.9.1/32", network: "10.9.9.2", interface: "ether4" });
    const plan = await planFor(ipAddressRemoveKind, { address: "10.9.9.1/32", interface: "ether4" }, fx, ROUTER);
    expect(plan.base[0]?.values?.network).toBe("10.9.9.2");
    await applyThenUndo(client, plan, MENUS);
  });

  it("refuses an address that is not on that interface", async () => {
    const err = await expectPlanError(planFor(ipAddressRemoveKind, { address: "192.168.88.1/24", interface: "ether4" }, fx, ROUTER), "address");
    expect(err.message).toBe("192.168.88.1/24 is not on interface ether4");
  });

  it("lists the interface as disrupted when the address is the one the app reaches the router at", async () => {
    const client = fx.client(ROUTER);
    const host = new URL(client.apiUrl).hostname;
    await client.add("/ip/address", { address: `${host}/8`, interface: "ether5" });
    const kind = ipAddressRemoveKind;
    const plan = await kind.plan(kind.schema.parse({ address: `${host}/8`, interface: "ether5" }), { client, device: fx.device(ROUTER) });
    expect(plan.disruptsInterfaces).toEqual(["ether5"]);
    expect(plan.notes[0]).toMatch(/cuts the management path/);
    const info = fx.info(ROUTER);
    const other = new RouterOsClient({
      apiUrl: info.apiUrl.replace("127.0.0.1", "localhost"),
      username: info.username,
      password: info.password,
      maxRetries: 0,
    });
    try {
      const viaName = await kind.plan(kind.schema.parse({ address: `${host}/8`, interface: "ether5" }), { client: other, device: fx.device(ROUTER) });
      expect(viaName.disruptsInterfaces).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
