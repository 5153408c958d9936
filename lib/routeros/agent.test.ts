import { readFileSync } from "node:fs";
import path from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterAddressDeniedError, effectiveNetworks, vetRouterTarget, type ResolvedAddress } from "../net/router-networks";
import { createRouterOsAgent, type ConnectGuard } from "./agent";
import { RouterOsUnreachableError } from "./errors";
import { json, startFixtureServer, type FixtureServer } from "./testdata/fixture-server";

const certPem = readFileSync(path.join(__dirname, "testdata/router-cert.pem"), "utf8");
const keyPem = readFileSync(path.join(__dirname, "testdata/router-key.pem"), "utf8");

let https: FixtureServer;
let http: FixtureServer;

beforeAll(async () => {
  https = await startFixtureServer({ "GET /rest/system/identity": json({ name: "tls-router" }) }, { key: keyPem, cert: certPem });
  http = await startFixtureServer({ "GET /rest/system/identity": json({ name: "plain-router" }) });
});
afterAll(async () => {
  await https.close();
  await http.close();
});

/** A guard over a fixed list that resolves names with `resolve` (no DNS): what the device guard does with the database. */
function guard(networks: string[], resolve: (host: string) => ResolvedAddress[]): ConnectGuard {
  return ({ hostname, port }) =>
    vetRouterTarget(hostname, port, { networks: async () => effectiveNetworks(networks), selfPorts: [], resolve: async (h) => resolve(h) });
}

const loopback = (): ResolvedAddress[] => [{ address: "127.0.0.1", family: 4 }];

/** GET /rest/system/identity through a fresh agent; the reply's JSON or the error. */
async function identity(url: string, options: Parameters<typeof createRouterOsAgent>[0]): Promise<unknown> {
  const agent = createRouterOsAgent(options);
  try {
    const res = await request(`${url}/rest/system/identity`, { dispatcher: agent });
    return await res.body.json();
  } catch (err) {
    return err;
  } finally {
    await agent.close();
  }
}

const port = (server: FixtureServer) => new URL(server.url).port;
const base = { connectTimeoutMs: 2_000, timeoutMs: 2_000 };

describe("createRouterOsAgent with a connect guard", () => {
  it("connects to the vetted address of a name no resolver knows, and TLS still checks the certificate against the name", async () => {
    const allow = guard(["127.0.0.1/32"], loopback);
    expect(await identity(`https://localhost:${port(https)}`, { ...base, caPem: certPem, guard: allow })).toEqual({ name: "tls-router" });
    const err = await identity(`https://router.invalid:${port(https)}`, { ...base, caPem: certPem, guard: allow });
    expect((err as { code?: string }).code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("refuses before any packet: the neutral unreachable error, no connection accepted", async () => {
    const before = http.connections();
    const err = await identity(`http://router.invalid:${port(http)}`, { ...base, guard: guard([], loopback) });
    expect(err).toBeInstanceOf(RouterOsUnreachableError);
    expect((err as RouterOsUnreachableError).code).toBe("ROUTER_ADDRESS_DENIED");
    expect((err as Error).cause).toBeInstanceOf(RouterAddressDeniedError);
    expect(http.connections()).toBe(before);
  });

  it("vets every new connection: a name that now resolves elsewhere is refused on the next connect", async () => {
    const answers: ResolvedAddress[][] = [loopback(), [{ address: "169.254.169.254", family: 4 }]];
    const rebinding = guard(["127.0.0.1/32"], () => answers.shift() ?? []);
    const agent = createRouterOsAgent({ ...base, guard: rebinding });
    try {
      const first = await request(`http://router.invalid:${port(http)}/rest/system/identity`, { dispatcher: agent, reset: true });
      expect(await first.body.json()).toEqual({ name: "plain-router" });
      const second = await request(`http://router.invalid:${port(http)}/rest/system/identity`, { dispatcher: agent }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(RouterOsUnreachableError);
    } finally {
      await agent.close();
    }
  });

  it("a guard that never answers ends as a connect timeout, not a hang", async () => {
    const err = await identity(`http://router.invalid:${port(http)}`, { connectTimeoutMs: 100, timeoutMs: 2_000, guard: () => new Promise(() => undefined) });
    expect((err as { code?: string }).code).toBe("UND_ERR_CONNECT_TIMEOUT");
  });
});
