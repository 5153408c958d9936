import { describe, expect, it } from "vitest";
import { parseIp } from "./ip";
import {
  DEFAULT_ROUTER_NETWORKS,
  ROUTER_ADDRESS_DENIED_MESSAGE,
  RouterAddressDeniedError,
  addressRefusal,
  checkNetworkEntry,
  effectiveNetworks,
  vetRouterTarget,
  type ResolvedAddress,
  type RouterTargetPolicy,
} from "./router-networks";

const refusal = (address: string, admin: string[] = []) => {
  const ip = parseIp(address);
  if (!ip) throw new Error(`not an address: ${address}`);
  return addressRefusal(ip, effectiveNetworks(admin));
};

function policy(admin: string[], extra: Partial<RouterTargetPolicy> = {}): RouterTargetPolicy {
  return { networks: async () => effectiveNetworks(admin), selfPorts: [], ...extra };
}

async function denial(promise: Promise<unknown>): Promise<RouterAddressDeniedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RouterAddressDeniedError);
  return err as RouterAddressDeniedError;
}

describe("addressRefusal with the default networks (empty admin list)", () => {
  it.each(["10.0.0.1", "172.16.5.5", "172.31.255.254", "192.168.88.1", "fd12:3456::1", "::ffff:10.1.2.3"])("allows the private address %s", (a) => {
    expect(refusal(a)).toBeNull();
  });

  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["::1", /loopback/],
    ["::ffff:127.0.0.1", /loopback/],
    ["169.254.169.254", /link-local.*never allowed/],
    ["fe80::1", /link-local.*never allowed/],
    ["100.100.100.200", /metadata.*never allowed/],
    ["fd00:ec2::254", /metadata.*never allowed/],
    ["0.0.0.0", /unspecified.*never allowed/],
    ["::", /unspecified.*never allowed/],
    ["224.0.0.1", /multicast/],
    ["ff02::1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["8.8.8.8", /not in the allowed router networks/],
    ["172.32.0.1", /not in the allowed router networks/],
    ["2001:db8::1", /not in the allowed router networks/],
  ])("refuses %s", (a, why) => {
    expect(refusal(a)).toMatch(why);
  });
});

describe("addressRefusal with an admin list", () => {
  it("allows loopback only through a network inside loopback, and never the never-allowed ranges", () => {
    expect(refusal("127.0.0.1", ["127.0.0.1/32"])).toBeNull();
    expect(refusal("::ffff:127.0.0.1", ["127.0.0.1/32"])).toBeNull();
    expect(refusal("127.0.0.2", ["127.0.0.1/32"])).toMatch(/loopback/);
    expect(refusal("::1", ["127.0.0.1/32"])).toMatch(/loopback/);
    expect(refusal("10.0.0.1", ["127.0.0.1/32"])).toMatch(/not in the allowed/);
    expect(refusal("fd00:ec2::254", ["fd00::/8"])).toMatch(/never allowed/);
    expect(refusal("127.0.0.1", ["0.0.0.0/1"])).toMatch(/loopback/);
  });

  it("an unparsable stored entry allows nothing (and the defaults do not come back)", () => {
    expect(refusal("10.0.0.1", ["not-a-cidr"])).toMatch(/not in the allowed/);
  });
});

describe("checkNetworkEntry (the admin's add form)", () => {
  it.each([
    ["10.20.0.0/16", "10.20.0.0/16"],
    ["127.0.0.1/32", "127.0.0.1/32"],
    ["::1/128", "::1/128"],
    ["FD12:3456::/48", "fd12:3456::/48"],
  ])("accepts %s as %s", (input, canonical) => {
    expect(checkNetworkEntry(input)).toEqual({ cidr: canonical });
  });

  it.each([
    ["10.20.1.2/16", /host bits are set: did you mean 10\.20\.0\.0\/16/],
    ["0.0.0.0/0", /contains loopback|never allowed/],
    ["::/0", /contains loopback/],
    ["126.0.0.0/7", /contains loopback/],
    ["169.254.0.0/16", /never allowed/],
    ["169.254.169.254/32", /never allowed/],
    ["fe80::/64", /never allowed/],
    ["fd00:ec2::254/128", /never allowed/],
    ["10.0.0.0", /address\/prefix/],
    ["2130706433/32", /address\/prefix/],
    ["10.0.0.0/33", /address\/prefix/],
  ])("refuses %s", (input, why) => {
    const r = checkNetworkEntry(input);
    expect("error" in r && r.error).toMatch(why);
  });

  it("keeps the documented defaults valid entries", () => {
    for (const d of DEFAULT_ROUTER_NETWORKS) expect(checkNetworkEntry(d)).toEqual({ cidr: d });
  });
});

describe("vetRouterTarget", () => {
  it("refuses a name when any address it resolves to is outside, with the neutral message", async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => [
      { address: "10.0.0.5", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    const err = await denial(vetRouterTarget("router.example", 443, policy([], { resolve })));
    expect(err.message).toBe(ROUTER_ADDRESS_DENIED_MESSAGE);
    expect(err.reason).toBe("router.example resolves to 127.0.0.1; 127.0.0.1 is a loopback address: add it under Router networks to allow it");
  });

  it("returns exactly the addresses it checked, and checks again at every call (a name that now resolves elsewhere)", async () => {
    const answers: ResolvedAddress[][] = [[{ address: "10.0.0.5", family: 4 }], [{ address: "169.254.169.254", family: 4 }]];
    const resolve = async () => answers.shift() ?? [];
    const p = policy([], { resolve });
    expect(await vetRouterTarget("router.example", 443, p)).toEqual([{ address: "10.0.0.5", family: 4 }]);
    expect((await denial(vetRouterTarget("router.example", 443, p))).reason).toMatch(/169\.254\.169\.254 is a link-local address/);
  });

  it("reads the networks at every call: an admin's change applies to the next connection", async () => {
    let admin = ["127.0.0.1/32"];
    const p: RouterTargetPolicy = { networks: async () => effectiveNetworks(admin), selfPorts: [] };
    await expect(vetRouterTarget("127.0.0.1", 80, p)).resolves.toEqual([{ address: "127.0.0.1", family: 4 }]);
    admin = [];
    await denial(vetRouterTarget("127.0.0.1", 80, p));
  });

  it("refuses the app's own port on loopback even when loopback is allowed, and other ports pass", async () => {
    const p = policy(["127.0.0.0/8", "::1/128"], { selfPorts: [3210] });
    expect((await denial(vetRouterTarget("127.0.0.1", 3210, p))).reason).toBe("127.0.0.1 port 3210 is this NOC server itself");
    expect((await denial(vetRouterTarget("[::1]", 3210, p))).reason).toMatch(/::1 port 3210 is this NOC server itself/);
    await expect(vetRouterTarget("127.0.0.1", 18728, p)).resolves.toHaveLength(1);
  });

  it("refuses a name that resolves to nothing usable", async () => {
    await denial(vetRouterTarget("empty.example", 443, policy([], { resolve: async () => [] })));
    await denial(vetRouterTarget("odd.example", 443, policy([], { resolve: async () => [{ address: "not-an-ip", family: 4 }] })));
  });

  it("resolves localhost with node:dns and refuses it while loopback is not allowed", async () => {
    const err = await denial(vetRouterTarget("localhost", 8728, policy([])));
    expect(err.reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1); .* loopback address/);
  });
});
