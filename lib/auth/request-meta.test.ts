import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipInNetworks, ipNetworkListSchema, normalizeIp, type IpNetwork } from "./ip-networks";
import { capturePeerAddresses, PEER_ADDRESS_HEADER } from "./peer-address";
import { clientIpFromHeaders, MAX_USER_AGENT_LENGTH, userAgentFromHeaders } from "./request-meta";

// A real HTTP server (node:http, as Next's) with the peer-address hook installed: its handler answers with the
// request headers it saw, which is what route handlers, server actions and next-auth get from Next.
let server: Server;
let base: string;

beforeAll(async () => {
  capturePeerAddresses();
  server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The headers the app sees for a request sent from this process (peer 127.0.0.1) with `sent` headers. */
async function seenHeaders(sent: Record<string, string>): Promise<Record<string, string | string[] | undefined>> {
  const res = await fetch(base, { headers: sent });
  return (await res.json()) as IncomingHttpHeaders;
}

function networks(list: string): IpNetwork[] {
  return ipNetworkListSchema.parse(list);
}

const SCRIPT = `<script>${"alert(document.cookie);".repeat(300)}</script>`;
const FORGED = ["203.0.113.1", "203.0.113.2, 198.51.100.3", "10.0.0.1", "::1", "unknown", SCRIPT, "1.2.3.4, 127.0.0.1", ""];

describe("clientIpFromHeaders without trusted proxies (the default)", () => {
  it("is the TCP peer whatever X-Forwarded-For / X-Real-IP / the peer header the client sends", async () => {
    const seen = new Set<string | null>();
    for (const xff of FORGED) {
      const h = await seenHeaders({ "x-forwarded-for": xff, "x-real-ip": "203.0.113.99", [PEER_ADDRESS_HEADER]: "203.0.113.77" });
      seen.add(clientIpFromHeaders(h, []));
      seen.add(clientIpFromHeaders(new Headers(h as Record<string, string>), []));
    }
    expect([...seen]).toEqual(["127.0.0.1"]);
  });

  it("is null (unknown) without the hook's header, and for a peer header the client forged", () => {
    expect(clientIpFromHeaders({ "x-forwarded-for": "203.0.113.1" }, [])).toBeNull();
    expect(clientIpFromHeaders({ [PEER_ADDRESS_HEADER]: "203.0.113.77", "x-real-ip": "203.0.113.1" }, [])).toBeNull();
  });
});

describe("clientIpFromHeaders behind a trusted proxy", () => {
  const trusted = networks("127.0.0.0/8, 10.1.0.0/16");

  it("takes the right-most hop that is not a trusted proxy", async () => {
    expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": "203.0.113.5" }), trusted)).toBe("203.0.113.5");
    expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }), trusted)).toBe("203.0.113.5");
    expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.1.2.3" }), trusted)).toBe("203.0.113.5");
    expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": "2001:DB8:0:0::1" }), trusted)).toBe("2001:db8::1");
    expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": "::ffff:198.51.100.4" }), trusted)).toBe("198.51.100.4");
  });

  it("does not let a client prepend hops to change the address (the proxy appends the real one)", async () => {
    const seen = new Set<string | null>();
    for (const forged of ["1.1.1.1", "1.1.1.1, 10.1.0.9", "garbage, 2.2.2.2", SCRIPT]) {
      seen.add(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": `${forged}, 203.0.113.5` }), trusted));
    }
    expect([...seen]).toEqual(["203.0.113.5"]);
  });

  it("falls back to the socket's address when the nearest untrusted hop is not an IP, or every hop is trusted", async () => {
    for (const xff of [SCRIPT, "unknown", "203.0.113.5:4711", "[2001:db8::1]", "fe80::1%eth0", "", "10.1.0.1, 10.1.0.2"]) {
      expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": xff }), trusted), xff.slice(0, 40)).toBe("127.0.0.1");
    }
  });

  it("ignores forwarding headers from a peer that is not trusted", async () => {
    expect(clientIpFromHeaders(await seenHeaders({ "x-forwarded-for": "203.0.113.5" }), networks("10.0.0.0/8"))).toBe("127.0.0.1");
  });
});

describe("ip networks", () => {
  it("normalizes addresses and refuses everything else", () => {
    expect(normalizeIp(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(normalizeIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("2001:0DB8:0000::0001")).toBe("2001:db8::1");
    for (const bad of ["", "localhost", "192.0.2.1:80", "[::1]", "fe80::1%eth0", "1.2.3", "999.1.1.1", `1.1.1.1${" ".repeat(50)}x`, SCRIPT])
      expect(normalizeIp(bad), bad.slice(0, 20)).toBeNull();
  });

  it("parses TRUSTED_PROXIES lists and matches addresses against them", () => {
    const list = networks("10.0.0.0/8, 192.0.2.7,2001:db8::/32 ,");
    expect(list).toEqual([
      { address: "10.0.0.0", prefix: 8, family: "ipv4" },
      { address: "192.0.2.7", prefix: 32, family: "ipv4" },
      { address: "2001:db8::", prefix: 32, family: "ipv6" },
    ]);
    expect(["10.200.1.1", "192.0.2.7", "2001:db8:1::5"].map((ip) => ipInNetworks(ip, list))).toEqual([true, true, true]);
    expect(["11.0.0.1", "192.0.2.8", "2001:db9::1"].map((ip) => ipInNetworks(ip, list))).toEqual([false, false, false]);
    expect(networks("")).toEqual([]);
    for (const bad of ["10.0.0.0/33", "proxy.local", "10.0.0.0/8/1", "10.0.0.0/-1", "::/129"])
      expect(ipNetworkListSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe("userAgentFromHeaders", () => {
  it("keeps at most MAX_USER_AGENT_LENGTH characters", () => {
    expect(userAgentFromHeaders({ "user-agent": "Firefox" })).toBe("Firefox");
    expect(userAgentFromHeaders({ "user-agent": "x".repeat(10_000) })).toHaveLength(MAX_USER_AGENT_LENGTH);
    expect(userAgentFromHeaders({})).toBeNull();
  });
});
