import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cidr } from "../../net/ip";
import { startHarness, type Harness } from "../engine/testdata/harness";
import { approveChange, applyChange, scheduleChange } from "../workflow";
import { ChangeInputError } from "../workflow-types";
import { natCovers, segmentAddresses } from "./isolated-macvlan";
import { previewTemplate, proposeTemplate } from "./service";

/** The isolated MACVLAN segment template end to end against the simulator, on one router with NAT and one without. */

let h: Harness;
const SOHO = "guide-soho-macvlan";
const EDGE = "edge-lys-01";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("segment addresses and NAT cover", () => {
  it("derives gateway, pool and network from the subnet", () => {
    expect(segmentAddresses(cidr("10.20.30.0/24"))).toEqual({
      gateway: "10.20.30.1",
      address: "10.20.30.1/24",
      network: "10.20.30.0/24",
      ranges: "10.20.30.10-10.20.30.254",
    });
    expect(segmentAddresses(cidr("10.9.0.8/29")).ranges).toBe("10.9.0.10-10.9.0.14");
  });

  it("counts only enabled masquerade rules out of the WAN list whose src-address covers the subnet", () => {
    const net = cidr("10.20.30.0/24");
    const rule = { chain: "srcnat", action: "masquerade", "out-interface-list": "WAN" };
    expect(natCovers([rule], "WAN", net)).toBe(true);
    expect(natCovers([{ ...rule, "src-address": "10.20.0.0/16" }], "WAN", net)).toBe(true);
    expect(natCovers([{ ...rule, "src-address": "10.20.31.0/24" }], "WAN", net)).toBe(false);
    expect(natCovers([{ ...rule, disabled: "true" }], "WAN", net)).toBe(false);
    expect(natCovers([{ ...rule, "out-interface-list": "LAN" }], "WAN", net)).toBe(false);
  });
});

describe("isolated MACVLAN segment template", () => {
  it("builds the guide's objects on two routers, rules in order, masquerade only where none covers the subnet; applies them", async () => {
    // EDGE loses its default masquerade, so that only SOHO's covers its segment.
    for (const rule of (await h.rows(EDGE, "/ip/firewall/nat")).filter((r) => r.action === "masquerade"))
      expect((await h.rest(EDGE, "DELETE", `/ip/firewall/nat/${rule[".id"] ?? ""}`)).status).toBe(204);
    const input = {
      name: "macvlan-guest",
      routers: [
        { deviceId: await h.deviceId(SOHO), parent: "ether2", subnet: "10.61.0.0/24" },
        { deviceId: await h.deviceId(EDGE), parent: "ether2", subnet: "10.62.0.0/24" },
      ],
    };
    const preview = await previewTemplate(h.t.db, "isolated-macvlan", input);
    expect(preview.steps.every((s) => s.ok)).toBe(true);
    expect(preview.templateNotes).toEqual([`${SOHO}: a masquerade rule out of WAN already covers 10.61.0.0/24; no NAT rule added`]);
    const kinds = (router: string) => preview.steps.filter((s) => s.deviceName === router).map((s) => s.kind);
    expect(kinds(SOHO)).toEqual(["macvlan.add", "ip-address.add", "ip-pool.add", "dhcp-server.add", "dhcp-network.add", ...Array(6).fill("firewall-rule.add")]);
    expect(kinds(EDGE)).toHaveLength(12);
    const { id, hash } = await proposeTemplate(h.t.db, h.operator, "isolated-macvlan", input);
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    expect(await applyChange(h.t.db, id, { owner: "w" })).toBe("APPLIED");
    for (const router of [SOHO, EDGE]) {
      const filter = await h.rows(router, "/ip/firewall/filter");
      const chain = (name: string) => filter.filter((r) => r.chain === name).map((r) => r.comment ?? "");
      expect(chain("forward").slice(0, 3)).toEqual(["noc:macvlan-guest-est", "noc:macvlan-guest-to-wan", "noc:macvlan-guest-to-lan"]);
      expect(chain("input").slice(0, 3)).toEqual(["noc:macvlan-guest-in-dhcp-dns", "noc:macvlan-guest-in-dns-tcp", "noc:macvlan-guest-in-drop"]);
      const lease = (await h.rows(router, "/ip/dhcp-server")).find((r) => r.name === "dhcp-macvlan-guest");
      expect(lease).toMatchObject({ interface: "macvlan-guest", "address-pool": "pool-macvlan-guest" });
    }
    const nat = (await h.rows(EDGE, "/ip/firewall/nat")).filter((r) => r.comment === "noc:macvlan-guest-nat");
    expect(nat).toMatchObject([{ chain: "srcnat", action: "masquerade", "src-address": "10.62.0.0/24", "out-interface-list": "WAN" }]);
    expect((await h.rows(SOHO, "/ip/firewall/nat")).some((r) => r.comment === "noc:macvlan-guest-nat")).toBe(false);
    await h.expectChainOk();
  });

  it("a failure at a middle step on the second router undoes every step on both routers: their menus read as before", async () => {
    const menus = ["/interface/macvlan", "/ip/address", "/ip/pool", "/ip/dhcp-server", "/ip/dhcp-server/network", "/ip/firewall/filter", "/ip/firewall/nat"];
    const snapshot = async (router: string) =>
      Promise.all(menus.map(async (m) => (await h.rows(router, m)).map(({ ".id": _id, bytes: _b, packets: _p, ...rest }) => rest)));
    const second = "edge-fra-01";
    const before = [await snapshot(SOHO), await snapshot(second)];
    const input = {
      name: "macvlan-undo",
      routers: [
        { deviceId: await h.deviceId(SOHO), parent: "ether2", subnet: "10.63.0.0/24" },
        { deviceId: await h.deviceId(second), parent: "ether2", subnet: "10.64.0.0/24" },
      ],
    };
    const { id, hash } = await proposeTemplate(h.t.db, h.operator, "isolated-macvlan", input);
    await approveChange(h.t.db, h.admin, { id, hash });
    await scheduleChange(h.t.db, h.admin, { id });
    // The second router's fourth write (its DHCP server) answers 500 without being carried out.
    await h.setFault(second, { mode: "http500", methods: ["PUT"], skip: 3, count: 1 });
    const status = await applyChange(h.t.db, id, { owner: "w" });
    await h.clearFault(second);
    expect(status).toBe("ROLLED_BACK");
    expect([await snapshot(SOHO), await snapshot(second)]).toEqual(before);
    const steps = await h.t.db.changeTarget.findMany({
      where: { changeRequestId: id },
      orderBy: { position: "asc" },
      select: { deviceName: true, status: true },
    });
    expect(steps.filter((s) => s.deviceName === SOHO).every((s) => s.status === "ROLLED_BACK")).toBe(true);
    expect(
      steps
        .filter((s) => s.deviceName === second)
        .map((s) => s.status)
        .slice(0, 5),
    ).toEqual(["ROLLED_BACK", "ROLLED_BACK", "ROLLED_BACK", "FAILED", "SKIPPED"]);
    await h.expectChainOk();
  });

  it("refuses bad template input by form field and the same router twice", async () => {
    const deviceId = await h.deviceId(EDGE);
    const err = await previewTemplate(h.t.db, "isolated-macvlan", {
      routers: [
        { deviceId, parent: "ether2", subnet: "10.1.2.3/24" },
        { deviceId, parent: "ether3", subnet: "10.1.3.0/24" },
      ],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeInputError);
    expect((err as ChangeInputError).fieldErrors).toEqual({
      "routers.0.subnet": ["subnet has host bits set: write the network address"],
      "routers.1.deviceId": ["each router once"],
    });
  });
});
