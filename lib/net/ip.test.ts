import { isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { cidrContains, cidrCovers, formatCidr, formatIp, lastAddress, parseCidr, parseIp } from "./ip";

const text = (t: string) => {
  const ip = parseIp(t);
  return ip ? `${formatIp(ip)} v${ip.family}` : null;
};

describe("parseIp / formatIp", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1 v4"],
    ["::1", "::1 v6"],
    ["[::1]", "::1 v6"],
    ["0:0:0:0:0:0:0:1", "::1 v6"],
    ["::ffff:127.0.0.1", "127.0.0.1 v4"],
    ["::ffff:7f00:1", "127.0.0.1 v4"],
    ["::FFFF:A9FE:A9FE", "169.254.169.254 v4"],
    ["::127.0.0.1", "::7f00:1 v6"],
    ["FD00:EC2:0:0:0:0:0:254", "fd00:ec2::254 v6"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1 v6"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304 v6"],
    ["::", ":: v6"],
  ])("reads %s as %s (IPv4-mapped IPv6 as IPv4)", (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    "127.1",
    "0x7f.1",
    "2130706433",
    "0177.0.0.1",
    "01.2.3.4",
    "256.0.0.1",
    "1.2.3",
    "fe80::1%eth0",
    "1::2::3",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "12345::",
    "localhost",
    "",
  ])("refuses the non-canonical or non-address form %j", (input) => {
    expect(parseIp(input)).toBeNull();
  });

  it("agrees with node:net on which strings are IPv6 addresses (random strings of address characters)", () => {
    const chars = "0123456789abcdef:.";
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: 1 + Math.floor(next() * 14) }, () => chars[Math.floor(next() * chars.length)]).join("");
      if (s.includes(".")) continue;
      expect(parseIp(s) !== null, s).toBe(isIP(s) === 6);
    }
  });
});

describe("WHATWG URL hosts (what the client connects to)", () => {
  it.each([
    ["2130706433", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0", "0.0.0.0"],
    ["[0:0:0:0:0:0:0:1]", "::1"],
    ["[::ffff:127.0.0.1]", "127.0.0.1"],
  ])("http://%s/ is normalised before the address check (→ %s)", (host, expected) => {
    const hostname = new URL(`http://${host}/`).hostname;
    expect(text(hostname)?.split(" ")[0]).toBe(expected);
  });
});

describe("CIDRs", () => {
  it("parses, canonicalises and reports host bits", () => {
    expect(parseCidr("10.1.2.3/8")).toMatchObject({ hostBitsSet: true });
    expect(formatCidr(parseCidr("10.0.0.0/8")?.cidr ?? { family: 4, network: 0n, prefix: 0 })).toBe("10.0.0.0/8");
    expect(formatCidr(parseCidr("FC00:0::/7")?.cidr ?? { family: 4, network: 0n, prefix: 0 })).toBe("fc00::/7");
    for (const bad of ["10.0.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/08", "::ffff:10.0.0.0/104", "10.0.0.0/-1", "x/8"]) expect(parseCidr(bad), bad).toBeNull();
  });

  it("contains, covers and knows the last address", () => {
    const net = parseCidr("192.168.1.0/24")?.cidr;
    const wide = parseCidr("192.168.0.0/16")?.cidr;
    if (!net || !wide) throw new Error("unparsed");
    expect(cidrContains(net, { family: 4, value: 0xc0a80105n })).toBe(true);
    expect(cidrContains(net, { family: 4, value: 0xc0a80205n })).toBe(false);
    expect(cidrCovers(wide, net)).toBe(true);
    expect(cidrCovers(net, wide)).toBe(false);
    expect(formatIp({ family: 4, value: lastAddress(net) })).toBe("192.168.1.255");
  });
});
