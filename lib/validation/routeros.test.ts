import { describe, expect, it } from "vitest";
import { BAD_INTERFACE_ADDRESSES, HOSTILE_NAMES, NON_UNICAST_MACS } from "../testing/hostile-values";
import {
  apiBaseUrl,
  formatRouterOsDuration,
  hostIpv4Address,
  interfaceAddress,
  interfaceListName,
  interfaceName,
  macAddress,
  macsecCak,
  macsecCkn,
  parseRouterOsDate,
  parseRouterOsDuration,
  routerOsComment,
  routerOsCounter,
  routerOsDuration,
  routerOsInt,
  routerOsName,
  sha256Fingerprint,
  unicastMac,
} from "./routeros";

describe("RouterOS durations", () => {
  it.each([
    ["1w2d3h4m5s", 604_800 + 2 * 86_400 + 3 * 3_600 + 4 * 60 + 5],
    ["3h4m", 3 * 3_600 + 240],
    ["45s", 45],
    ["500ms", 0.5],
    ["00:01:02", 62],
    ["1d00:01:02", 86_400 + 62],
    ["2w3d 04:05:06", 2 * 604_800 + 3 * 86_400 + 4 * 3_600 + 5 * 60 + 6],
  ])("%s = %d s", (text, seconds) => {
    expect(parseRouterOsDuration(text)).toBeCloseTo(seconds, 6);
  });

  it.each(["", "abc", "5x", "1h junk", "12:3", "0s0s", "5s1w", "1m1h", "500ms1s", "0:60:00", "0:00:60", `${"9".repeat(303)}w`, "9007199254740992s"])(
    "refuses %j",
    (text) => {
      expect(parseRouterOsDuration(text)).toBeNull();
    },
  );

  it("routerOsDuration's issue names no value", () => {
    const r = routerOsDuration.safeParse("s3cretvalue");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).not.toContain("s3cretvalue");
  });

  it("formats back to RouterOS form", () => {
    expect(formatRouterOsDuration(691_249)).toBe("1w1d49s");
    expect(formatRouterOsDuration(0)).toBe("0s");
    expect(parseRouterOsDuration(formatRouterOsDuration(93_784))).toBe(93_784);
  });
});

describe("RouterOS dates", () => {
  it("parses the v6 format", () => {
    expect(parseRouterOsDate("dec/04/2020 13:01:02")?.toISOString()).toBe("2020-12-04T13:01:02.000Z");
    expect(parseRouterOsDate("jan/31/2021")?.toISOString()).toBe("2021-01-31T00:00:00.000Z");
  });
  it("parses the v7 ISO format", () => {
    expect(parseRouterOsDate("2020-12-04 13:01:02")?.toISOString()).toBe("2020-12-04T13:01:02.000Z");
    expect(parseRouterOsDate("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });
  it("reads years 0000-0099 as themselves", () => {
    expect(parseRouterOsDate("0099-12-31")?.toISOString()).toBe("0099-12-31T00:00:00.000Z");
    expect(parseRouterOsDate("jan/01/0000 00:00:01")?.getUTCFullYear()).toBe(0);
  });
  it("refuses impossible and unknown dates", () => {
    for (const text of ["2020-12-04 24:00:00", "2020-12-04 00:60:00", "2020-12-04 00:00:60", "dec/04/2020 00:60:00"])
      expect(parseRouterOsDate(text), text).toBeNull();
    expect(parseRouterOsDate("2023-02-29")).toBeNull();
    expect(parseRouterOsDate("foo/01/2020")).toBeNull();
    expect(parseRouterOsDate("yesterday")).toBeNull();
  });
});

describe("RouterOS integers and counters", () => {
  it("routerOsInt reads safe integers exactly and refuses anything it would round", () => {
    expect(routerOsInt.parse("1500")).toBe(1500);
    expect(routerOsInt.parse("-9007199254740991")).toBe(-9007199254740991);
    for (const v of ["9007199254740992", "9007199254740993", "1.5", 1.5, 2 ** 53]) expect(routerOsInt.safeParse(v).success, String(v)).toBe(false);
  });

  it("routerOsCounter reads non-negative integers as exact bigints, refuses the rest without throwing", () => {
    expect(routerOsCounter.parse("18446744073709551615")).toBe(BigInt("18446744073709551615"));
    expect(routerOsCounter.parse(42)).toBe(BigInt(42));
    for (const v of [1.5, 5e-324, -1, "-1", 2 ** 53, Number.NaN]) expect(routerOsCounter.safeParse(v).success, String(v)).toBe(false);
  });
});

describe("value schemas", () => {
  it("normalises MAC addresses in every RouterOS separator style", () => {
    for (const v of ["aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff".replace(/\./g, ""), "AA.BB.CC.DD.EE.FF"]) {
      expect(macAddress.parse(v)).toBe("AA:BB:CC:DD:EE:FF");
    }
    expect(macAddress.safeParse("AA:BB:CC:DD:EE").success).toBe(false);
    expect(macAddress.safeParse("AA:BB-CC:DD:EE:FF").success).toBe(false);
    expect(macAddress.safeParse("GG:BB:CC:DD:EE:FF").success).toBe(false);
  });

  it("checks CAK and CKN hex lengths", () => {
    expect(macsecCak.parse("0123456789ABCDEF0123456789abcdef")).toBe("0123456789abcdef0123456789abcdef");
    expect(macsecCak.safeParse("0123456789abcdef").success).toBe(false);
    expect(macsecCak.safeParse("z123456789abcdef0123456789abcdef").success).toBe(false);
    expect(macsecCkn.safeParse("ab".repeat(32)).success).toBe(true);
    expect(macsecCkn.safeParse("ab".repeat(31)).success).toBe(false);
  });

  it("accepts RouterOS interface names and refuses spaces and quotes", () => {
    for (const n of ["ether1", "vlan-68", "macvlan-iot", "sfp-sfpplus1", "wlan1.100"]) expect(interfaceName.safeParse(n).success).toBe(true);
    for (const n of ["", "ether 1", 'a"b', "-x", "x".repeat(65)]) expect(interfaceName.safeParse(n).success).toBe(false);
  });

  it("normalises API URLs and fingerprints", () => {
    expect(apiBaseUrl.parse("https://10.0.0.1/rest/")).toBe("https://10.0.0.1");
    expect(apiBaseUrl.parse("http://127.0.0.1:18728/core-1")).toBe("http://127.0.0.1:18728/core-1");
    expect(apiBaseUrl.safeParse("ftp://router").success).toBe(false);
    expect(apiBaseUrl.parse("https://10.0.0.1:8443/noc@edge")).toBe("https://10.0.0.1:8443/noc@edge");
    expect(sha256Fingerprint.parse("AB:".repeat(31) + "AB")).toBe("ab".repeat(32));
    expect(sha256Fingerprint.safeParse("abcd").success).toBe(false);
  });
});

describe("apiBaseUrl refusals", () => {
  const messages = (input: string) => apiBaseUrl.safeParse(input).error?.issues.map((i) => i.message) ?? [];

  it.each([
    ["https://noc:hunter2@10.0.0.1", /user name or password/],
    ["https://noc@10.0.0.1/rest", /user name or password/],
    ["https://@10.0.0.1", /user name or password/],
    ["https://10.0.0.1/rest?x=1", /query/],
    ["https://10.0.0.1/?", /query/],
    ["https://10.0.0.1/rest#frag", /fragment/],
  ])("refuses %s", (input, message) => {
    const found = messages(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((m) => message.test(m))).toBe(true);
  });

  it("reports each problem of a URL with credentials, query and fragment", () => {
    expect(messages("https://noc:hunter2@10.0.0.1/?a=b#c")).toHaveLength(3);
  });
});

describe("well-formed but wrong values (issue 8.3)", () => {
  it.each(NON_UNICAST_MACS)("unicastMac refuses a %s MAC (%s), naming it", (_label, mac) => {
    const r = unicastMac.safeParse(mac);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^MAC address [0-9A-F:]{17} is (all zeros|the broadcast address|a multicast)/);
  });

  it("unicastMac accepts station MACs in every separator style, normalised", () => {
    for (const mac of ["02:00:00:00:00:31", "48-a9-8a-00-00-01", "4C5E0C000001", "FE:FF:FF:FF:FF:FF"])
      expect(unicastMac.safeParse(mac).success, mac).toBe(true);
    expect(unicastMac.parse("48-a9-8a-00-00-01")).toBe("48:A9:8A:00:00:01");
  });

  it.each(BAD_INTERFACE_ADDRESSES)("interfaceAddress refuses a %s (%s)", (_label, address) => {
    const r = interfaceAddress.safeParse(address);
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((i) => /^interface address |address must look like/.test(i.message))).toBe(true);
  });

  it("interfaceAddress accepts host addresses, /31 and /32 included", () => {
    for (const a of ["192.168.99.1/24", "10.0.0.5/30", "10.0.0.0/31", "10.0.0.1/31", "203.0.113.7/32", "100.64.0.1/10", "172.16.0.1/12"]) {
      expect(interfaceAddress.safeParse(a).success, a).toBe(true);
    }
  });

  it.each([
    ["0.0.0.0", /unspecified/],
    ["127.0.0.1", /loopback/],
    ["169.254.169.254", /link-local/],
    ["224.0.0.251", /multicast/],
    ["240.0.0.1", /reserved/],
    ["255.255.255.255", /broadcast/],
    ["192.168.01.1", /must look like 192\.168\.99\.10|without leading zeros/],
  ])("hostIpv4Address refuses %s", (address, why) => {
    expect(hostIpv4Address.safeParse(address).error?.issues[0]?.message).toMatch(why);
  });

  it.each(HOSTILE_NAMES)("interface, list and object names refuse a %s", (_label, value) => {
    for (const schema of [interfaceName, interfaceListName, routerOsName]) expect(schema.safeParse(value).success).toBe(false);
  });

  it.each(HOSTILE_NAMES)("comments refuse a %s", (_label, value) => {
    const r = routerOsComment.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^comment /);
  });

  it("comments keep ordinary text, accents and emoji", () => {
    for (const c of ["", "customer A", "Zürich – IoT (VLAN 99)", "printer 😀"]) expect(routerOsComment.parse(c)).toBe(c);
  });

  it("caps API URLs at 2,048 characters", () => {
    const base = "https://10.0.0.1/";
    expect(apiBaseUrl.safeParse(base + "a".repeat(2048 - base.length)).success).toBe(true);
    expect(apiBaseUrl.safeParse(base + "a".repeat(2049 - base.length)).error?.issues.map((i) => i.message)).toContain("API URL is at most 2048 characters");
  });

  it.each(["not a url", "http://[::1", "http://10.0.0.1:99999", "http://exa mple.com"])("reports %j as a bad URL instead of throwing", (input) => {
    expect(apiBaseUrl.safeParse(input).success).toBe(false);
  });
});
