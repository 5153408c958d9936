import { describe, expect, it } from "vitest";
import { fixtureClient } from "../testdata/fixture-client";
import { json } from "../testdata/fixture-server";
import { listDhcpLeases, listDhcpNetworks, listDhcpServers, listIpPools } from "./dhcp";
import { listInterfaceListMembers, listInterfaceLists } from "./interface-list";
import { listIpAddresses } from "./ip-address";
import { listMacsec, listMacsecProfiles, listMacsecStats } from "./macsec";

const CAK = "0123456789abcdef0123456789abcdef";
const CKN = "AB".repeat(32);

const fixture = fixtureClient();
const clientFor = fixture.clientFor;

describe("macsec", () => {
  it("requests a .proplist without cak and never returns a CAK even if the router sends one", async () => {
    const c = await clientFor({
      "GET /rest/interface/macsec": json([
        { ".id": "*3", name: "macsec1", interface: "ether2", cak: CAK, ckn: CKN, profile: "default", mtu: "1468", status: "open-encrypted", running: "true" },
        { ".id": "*4", name: "macsec2", interface: "ether3", ckn: CKN, profile: "default", mtu: "1468", status: "negotiating", disabled: "false" },
      ]),
    });
    const rows = await listMacsec(c);
    const proplist = fixture.server?.requests[0]?.query.get(".proplist")?.split(",") ?? [];
    expect(proplist).toContain("ckn");
    expect(proplist).not.toContain("cak");
    expect(rows[0]).toEqual({
      id: "*3",
      name: "macsec1",
      parent: "ether2",
      ckn: CKN.toLowerCase(),
      profile: "default",
      mtu: 1468,
      status: "open-encrypted",
      running: true,
      disabled: false,
      comment: null,
    });
    expect(rows[1]).toMatchObject({ status: "negotiating", running: false });
    expect(JSON.stringify(rows)).not.toContain(CAK);
  });

  it("parses profiles with and without ciphers (7.23+)", async () => {
    const c = await clientFor({
      "GET /rest/interface/macsec/profile": json([
        { ".id": "*0", name: "default", "server-priority": "10" },
        { ".id": "*1", name: "strong", "server-priority": "5", ciphers: "gcm-aes-256,gcm-aes-xpn-256" },
      ]),
    });
    expect(await listMacsecProfiles(c)).toEqual([
      { id: "*0", name: "default", serverPriority: 10, ciphers: null },
      { id: "*1", name: "strong", serverPriority: 5, ciphers: ["gcm-aes-256", "gcm-aes-xpn-256"] },
    ]);
  });

  it("reads print stats with a .proplist of name and the counters, and maps them to IEEE 802.1AE names", async () => {
    const c = await clientFor({
      "POST /rest/interface/macsec/print": json([
        {
          name: "macsec1",
          "rx-sc-ok": "1000",
          "rx-sc-not-valid": "2",
          "rx-sc-late": "1",
          "tx-sc-protected-packet": "990",
          "tx-sc-encrypted-byte": "123456789012",
        },
      ]),
    });
    const stats = await listMacsecStats(c);
    const body = JSON.parse(fixture.server?.requests[0]?.body ?? "") as Record<string, unknown>;
    expect(body.stats).toBe("");
    expect(body[".proplist"]).toContain("rx-sc-ok");
    expect(body[".proplist"]).not.toContain("cak");
    expect(stats).toEqual([
      {
        name: "macsec1",
        counters: {
          InPktsOK: BigInt(1000),
          InPktsNotValid: BigInt(2),
          InPktsLate: BigInt(1),
          OutPktsProtected: BigInt(990),
          OutOctetsEncrypted: BigInt("123456789012"),
        },
      },
    ]);
  });
});

describe("interface lists", () => {
  it("parses lists and members, filtering members by list", async () => {
    const c = await clientFor({
      "GET /rest/interface/list": json([
        { ".id": "*2000000", name: "all", builtin: "true", dynamic: "false" },
        { ".id": "*2000010", name: "mgmt", comment: "MAC server access" },
      ]),
      "GET /rest/interface/list/member": json([{ ".id": "*1", list: "mgmt", interface: "vlan-68" }]),
    });
    expect(await listInterfaceLists(c)).toEqual([
      { id: "*2000000", name: "all", builtin: true, dynamic: false, include: [], exclude: [], comment: null },
      { id: "*2000010", name: "mgmt", builtin: false, dynamic: false, include: [], exclude: [], comment: "MAC server access" },
    ]);
    expect(await listInterfaceListMembers(c, "mgmt")).toEqual([
      { id: "*1", list: "mgmt", interface: "vlan-68", disabled: false, dynamic: false, comment: null },
    ]);
    expect(fixture.server?.requests[1]?.query.get("list")).toBe("mgmt");
  });
});

describe("dhcp and addresses", () => {
  it("parses servers, static and dynamic leases, networks and pools", async () => {
    const c = await clientFor({
      "GET /rest/ip/dhcp-server": json([{ ".id": "*1", name: "dhcp-iot", interface: "macvlan-iot", "address-pool": "pool-iot", "lease-time": "30m" }]),
      "GET /rest/ip/dhcp-server/lease": json([
        {
          ".id": "*5",
          address: "192.168.99.20",
          "mac-address": "aa:bb:cc:dd:ee:01",
          server: "dhcp-iot",
          comment: "camera",
          status: "bound",
          "active-address": "192.168.99.20",
          "host-name": "cam-1",
          "last-seen": "1m5s",
          "expires-after": "9m50s",
        },
        {
          ".id": "*6",
          address: "192.168.99.50",
          "mac-address": "AA:BB:CC:DD:EE:02",
          server: "dhcp-iot",
          dynamic: "true",
          status: "waiting",
          "last-seen": "never",
        },
      ]),
      "GET /rest/ip/dhcp-server/network": json([{ ".id": "*1", address: "192.168.99.0/24", gateway: "192.168.99.1", "dns-server": "192.168.99.1,9.9.9.9" }]),
      "GET /rest/ip/pool": json([{ ".id": "*1", name: "pool-iot", ranges: "192.168.99.10-192.168.99.254" }]),
    });
    expect(await listDhcpServers(c)).toEqual([
      { id: "*1", name: "dhcp-iot", interface: "macvlan-iot", addressPool: "pool-iot", leaseTimeSec: 1800, disabled: false, invalid: false },
    ]);
    const leases = await listDhcpLeases(c, "dhcp-iot");
    expect(leases[0]).toEqual({
      id: "*5",
      address: "192.168.99.20",
      macAddress: "AA:BB:CC:DD:EE:01",
      server: "dhcp-iot",
      comment: "camera",
      disabled: false,
      status: "bound",
      dynamic: false,
      activeAddress: "192.168.99.20",
      hostName: "cam-1",
      lastSeenSec: 65,
      expiresAfterSec: 590,
    });
    expect(leases[1]).toMatchObject({ dynamic: true, lastSeenSec: null, expiresAfterSec: null, comment: null });
    expect(await listDhcpNetworks(c)).toEqual([
      { id: "*1", address: "192.168.99.0/24", gateway: "192.168.99.1", dnsServers: ["192.168.99.1", "9.9.9.9"], comment: null },
    ]);
    expect(await listIpPools(c)).toEqual([{ id: "*1", name: "pool-iot", ranges: ["192.168.99.10-192.168.99.254"], comment: null }]);
  });

  it("parses /ip/address rows and filters by interface", async () => {
    const c = await clientFor({
      "GET /rest/ip/address": json([
        { ".id": "*1", address: "192.168.99.1/24", network: "192.168.99.0", interface: "macvlan-iot", "actual-interface": "macvlan-iot" },
        { ".id": "*2", address: "10.0.0.5/24", network: "10.0.0.0", interface: "ether1", dynamic: "true", invalid: "true" },
      ]),
    });
    expect(await listIpAddresses(c, "macvlan-iot")).toEqual([
      {
        id: "*1",
        address: "192.168.99.1/24",
        network: "192.168.99.0",
        interface: "macvlan-iot",
        disabled: false,
        dynamic: false,
        invalid: false,
        comment: null,
      },
      { id: "*2", address: "10.0.0.5/24", network: "10.0.0.0", interface: "ether1", disabled: false, dynamic: true, invalid: true, comment: null },
    ]);
    expect(fixture.server?.requests[0]?.query.get("interface")).toBe("macvlan-iot");
  });
});
