import { describe, expect, it } from "vitest";
import { RouterOsApiError, RouterOsBadResponseError } from "../errors";
import { fixtureClient } from "../testdata/fixture-client";
import { json } from "../testdata/fixture-server";
import { listInterfaceCounters, monitorTraffic } from "./interfaces";
import { listMacvlans } from "./macvlan";

const fixture = fixtureClient();
const clientFor = fixture.clientFor;

describe("listInterfaceCounters", () => {
  it("filters by type with a .proplist and parses counters as bigint, absent flags as false, both date formats", async () => {
    const c = await clientFor({
      "GET /rest/interface": json([
        {
          name: "macvlan-iot",
          type: "macvlan",
          running: "true",
          "rx-byte": "18446744073709551000",
          "tx-byte": "264237",
          "rx-packet": "1200",
          "tx-packet": "1100",
          "rx-drop": "0",
          "tx-drop": "3",
          "rx-error": "0",
          "tx-error": "1",
          "link-downs": "2",
          "last-link-up-time": "2026-11-20 10:20:30",
        },
        {
          name: "macvlan-cam",
          type: "macvlan",
          disabled: "true",
          "rx-byte": "0",
          "tx-byte": "0",
          "rx-packet": "0",
          "tx-packet": "0",
          "rx-drop": "0",
          "tx-drop": "0",
          "rx-error": "0",
          "tx-error": "0",
          "link-downs": "0",
          "last-link-up-time": "dec/04/2020 13:01:02",
        },
      ]),
    });
    const rows = await listInterfaceCounters(c, "macvlan");
    const url = new URL(fixture.server?.requests[0]?.url ?? "", "http://x");
    expect(url.searchParams.get("type")).toBe("macvlan");
    expect(url.searchParams.get(".proplist")?.split(",")).toEqual(expect.arrayContaining(["name", "rx-byte", "tx-error", "link-downs"]));
    expect(rows[0]).toEqual({
      name: "macvlan-iot",
      type: "macvlan",
      running: true,
      disabled: false,
      rxByte: BigInt("18446744073709551000"),
      txByte: BigInt(264237),
      rxPacket: BigInt(1200),
      txPacket: BigInt(1100),
      rxDrop: BigInt(0),
      txDrop: BigInt(3),
      rxError: BigInt(0),
      txError: BigInt(1),
      linkDowns: 2,
      lastLinkUpTime: new Date(Date.UTC(2026, 10, 20, 10, 20, 30)),
    });
    expect(rows[1]).toMatchObject({ running: false, disabled: true, linkDowns: 0, lastLinkUpTime: new Date(Date.UTC(2020, 11, 4, 13, 1, 2)) });
  });

  it("reads several types in one POST print whose .query ORs them", async () => {
    const c = await clientFor({
      "POST /rest/interface/print": json([{ name: "macvlan1", type: "macvlan", "rx-byte": "1", "tx-byte": "2", "rx-packet": "3", "tx-packet": "4" }]),
    });
    const rows = await listInterfaceCounters(c, ["macvlan", "macsec"]);
    const body = JSON.parse(fixture.server?.requests[0]?.body ?? "") as Record<string, string[]>;
    expect(body[".query"]).toEqual(["type=macvlan", "type=macsec", "#|"]);
    expect(body[".proplist"]).toEqual(expect.arrayContaining(["name", "type", "rx-byte", "tx-packet"]));
    expect(rows.map((r) => [r.name, r.rxByte])).toEqual([["macvlan1", 1n]]);
  });

  it("rejects a counter that is not an integer", async () => {
    const c = await clientFor({ "GET /rest/interface": json([{ name: "ether1", type: "ether", "rx-byte": "12.5" }]) });
    const err = await listInterfaceCounters(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsBadResponseError);
    expect((err as Error).message).toMatch(/ether1.*rx-byte/);
  });
});

describe("monitorTraffic", () => {
  it("posts monitor-traffic with once and parses the rates (bits/s, packets/s)", async () => {
    const c = await clientFor({
      "POST /rest/interface/monitor-traffic": json([
        {
          name: "macvlan-iot",
          "rx-bits-per-second": "92400000",
          "tx-bits-per-second": "45100000",
          "rx-packets-per-second": "8213",
          "tx-packets-per-second": "4107",
          "fp-rx-bits-per-second": "0",
        },
      ]),
    });
    expect(await monitorTraffic(c, "macvlan-iot")).toEqual({
      name: "macvlan-iot",
      rxBitsPerSecond: 92_400_000,
      txBitsPerSecond: 45_100_000,
      rxPacketsPerSecond: 8213,
      txPacketsPerSecond: 4107,
    });
    expect(JSON.parse(fixture.server?.requests[0]?.body ?? "")).toEqual({ interface: "macvlan-iot", once: "" });
  });

  it("refuses a rate beyond 2^53 - 1 or below 0 instead of rounding it, without quoting it", async () => {
    for (const value of ["9007199254740993", "-1"]) {
      const c = await clientFor({
        "POST /rest/interface/monitor-traffic": json([
          { name: "ether1", "rx-bits-per-second": "0", "tx-bits-per-second": value, "rx-packets-per-second": "0", "tx-packets-per-second": "0" },
        ]),
      });
      const err = await monitorTraffic(c, "ether1").catch((e: unknown) => e);
      expect(err, value).toBeInstanceOf(RouterOsBadResponseError);
      expect((err as Error).message).toMatch(/tx-bits-per-second/);
      expect((err as Error).message).not.toContain(value);
    }
  });

  it("never reports another interface's rates as those of the one asked for", async () => {
    const c = await clientFor({
      "POST /rest/interface/monitor-traffic": json([
        { name: "ether2", "rx-bits-per-second": "1", "tx-bits-per-second": "2", "rx-packets-per-second": "3", "tx-packets-per-second": "4" },
      ]),
    });
    await expect(monitorTraffic(c, "ether1")).rejects.toBeInstanceOf(RouterOsBadResponseError);
  });

  it("passes on the router's error for an unknown interface", async () => {
    const c = await clientFor({
      "POST /rest/interface/monitor-traffic": json({ error: 400, message: "Bad Request", detail: "no such item (4)" }, 400),
    });
    await expect(monitorTraffic(c, "nope")).rejects.toBeInstanceOf(RouterOsApiError);
  });
});

describe("listMacvlans", () => {
  it("parses macvlan rows: parent from interface, normalised MAC, defaults for absent fields", async () => {
    const c = await clientFor({
      "GET /rest/interface/macvlan": json([
        {
          ".id": "*1B",
          name: "macvlan-iot",
          interface: "vlan-68",
          "mac-address": "02:ab:cd:00:00:01",
          mode: "private",
          mtu: "1500",
          arp: "enabled",
          running: "true",
          comment: "IoT segment",
        },
        { ".id": "*1C", name: "macvlan2", interface: "ether2", "mac-address": "02:AB:CD:00:00:02", mtu: "1400", arp: "enabled", disabled: "true" },
      ]),
    });
    expect(await listMacvlans(c)).toEqual([
      {
        id: "*1B",
        name: "macvlan-iot",
        parent: "vlan-68",
        macAddress: "02:AB:CD:00:00:01",
        mode: "private",
        mtu: 1500,
        arp: "enabled",
        running: true,
        disabled: false,
        comment: "IoT segment",
      },
      {
        id: "*1C",
        name: "macvlan2",
        parent: "ether2",
        macAddress: "02:AB:CD:00:00:02",
        mode: "bridge",
        mtu: 1400,
        arp: "enabled",
        running: false,
        disabled: true,
        comment: null,
      },
    ]);
    expect(fixture.server?.requests[0]?.query.get(".proplist")).toBe(".id,name,interface,mac-address,mode,mtu,arp,running,disabled,comment");
  });

  it("rejects a row with a malformed .id", async () => {
    const c = await clientFor({ "GET /rest/interface/macvlan": json([{ ".id": "1B", name: "m", interface: "e", "mac-address": "02:00:00:00:00:01" }]) });
    await expect(listMacvlans(c)).rejects.toThrow(/\.id/);
  });
});
