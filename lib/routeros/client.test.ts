import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { RouterOsClient, normaliseMenu, type RouterOsCallInfo, type RouterOsTarget } from "./client";
import {
  RouterOsApiError,
  RouterOsBadResponseError,
  RouterOsPermissionError,
  RouterOsTimeoutError,
  RouterOsUnauthorizedError,
  RouterOsUnreachableError,
  describeRouterOsError,
} from "./errors";
import { errorFromResponse, isRetryable } from "./error-mapping";
import { json, startFixtureServer, type FixtureRoute, type FixtureServer } from "./testdata/fixture-server";

let server: FixtureServer | undefined;
let client: RouterOsClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(routes: Record<string, FixtureRoute>, target: Partial<RouterOsTarget> = {}): Promise<{ server: FixtureServer; client: RouterOsClient }> {
  server = await startFixtureServer(routes);
  client = new RouterOsClient({ apiUrl: server.url, username: "noc", password: "pä:ss", retryDelayMs: 5, ...target });
  return { server, client };
}

describe("normaliseMenu", () => {
  it("accepts both spellings and rejects non-menu paths", () => {
    expect(normaliseMenu("/interface/macvlan")).toBe("interface/macvlan");
    expect(normaliseMenu("interface/macvlan/")).toBe("interface/macvlan");
    expect(() => normaliseMenu("/interface/../user")).toThrow(RangeError);
    expect(() => normaliseMenu("")).toThrow(RangeError);
  });
});

describe("describeRouterOsError", () => {
  it("describes configuration mistakes and foreign errors readably", () => {
    const bad = (() => {
      try {
        return new RouterOsClient({ apiUrl: "ftp://router", username: "a", password: "b" });
      } catch (err) {
        return err;
      }
    })();
    expect(describeRouterOsError(bad)).toEqual({ kind: "config", message: "API URL must be an http:// or https:// URL" });
    expect(describeRouterOsError(new TypeError("boom"))).toEqual({ kind: "internal", message: "boom" });
    expect(describeRouterOsError("text")).toEqual({ kind: "internal", message: "text" });
  });
});

describe("RouterOsClient requests", () => {
  it("prints with GET, literal .proplist commas, where filters and Basic auth", async () => {
    const { server, client } = await setup({ "GET /rest/interface": json([{ name: "macvlan1", type: "macvlan" }]) });
    const rows = await client.print("/interface", { proplist: ["name", "type"], where: { type: "macvlan" } });
    expect(rows).toEqual([{ name: "macvlan1", type: "macvlan" }]);
    const req = at(server.requests, 0);
    expect(req.url).toBe("/rest/interface?type=macvlan&.proplist=name,type");
    expect(req.authorization).toBe(`Basic ${Buffer.from("noc:pä:ss", "utf8").toString("base64")}`);
  });

  it("prints with POST /print when query or args are given, where filters becoming .query words", async () => {
    const { server, client } = await setup({ "POST /rest/interface/print": json([]) });
    expect(
      await client.print("interface", { proplist: ["name"], where: { disabled: "false" }, query: ["type=ether", "type=vlan", "#|"], args: { stats: "" } }),
    ).toEqual([]);
    expect(JSON.parse(at(server.requests, 0).body)).toEqual({
      stats: "",
      ".proplist": ["name"],
      ".query": ["disabled=false", "type=ether", "type=vlan", "#|"],
    });
  });

  it("keeps a path prefix of the API URL (the simulator's /<router> prefix) and strips a trailing /rest", async () => {
    server = await startFixtureServer({ "GET /r1/rest/system/identity": json({ name: "r1" }) });
    client = new RouterOsClient({ apiUrl: `${server.url}/r1/rest/`, username: "a", password: "b" });
    expect(await client.singleton("/system/identity")).toEqual({ name: "r1" });
  });

  it("accepts a singleton as an object or a one-element array, and rejects other shapes", async () => {
    const { client } = await setup({
      "GET /rest/system/identity": json({ name: "core-1" }),
      "GET /rest/system/resource": json([{ version: "7.23.3 (stable)" }]),
      "GET /rest/tool/mac-server": json([]),
      "GET /rest/tool/mac-server/ping": json([{ enabled: "true" }, { enabled: "false" }]),
    });
    expect(await client.singleton("/system/identity")).toEqual({ name: "core-1" });
    expect(await client.singleton("/system/resource")).toEqual({ version: "7.23.3 (stable)" });
    await expect(client.singleton("/tool/mac-server")).rejects.toBeInstanceOf(RouterOsBadResponseError);
    await expect(client.singleton("/tool/mac-server/ping")).rejects.toThrow(/expected one record, got 2/);
  });

  it("sends add as PUT, set as PATCH, remove as DELETE and commands as POST", async () => {
    const { server, client } = await setup({
      "PUT /rest/interface/macvlan": json({ ".id": "*1B", name: "macvlan-iot", interface: "ether2" }),
      "PATCH /rest/interface/macvlan/*1B": json({ ".id": "*1B", name: "macvlan-iot", comment: "iot" }),
      "DELETE /rest/interface/macvlan/*1B": { status: 204 },
      "POST /rest/system/identity/set": json([]),
      "GET /rest/interface/macvlan/macvlan-iot": json({ ".id": "*1B", name: "macvlan-iot" }),
    });
    expect(await client.add("/interface/macvlan", { name: "macvlan-iot", interface: "ether2" })).toMatchObject({ ".id": "*1B" });
    expect(await client.set("/interface/macvlan", "*1B", { comment: "iot" })).toMatchObject({ comment: "iot" });
    await client.remove("/interface/macvlan", "*1B");
    expect(await client.command("/system/identity", "set", { name: "core-2" })).toEqual([]);
    expect(await client.getOne("/interface/macvlan", "macvlan-iot")).toMatchObject({ ".id": "*1B" });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /rest/interface/macvlan",
      "PATCH /rest/interface/macvlan/*1B",
      "DELETE /rest/interface/macvlan/*1B",
      "POST /rest/system/identity/set",
      "GET /rest/interface/macvlan/macvlan-iot",
    ]);
    expect(JSON.parse(at(server.requests, 0).body)).toEqual({ name: "macvlan-iot", interface: "ether2" });
  });

  it("addresses root commands with menu /", async () => {
    const { server, client } = await setup({ "POST /rest/export": json({ ret: "/interface macvlan\nadd interface=ether2 name=m" }) });
    expect(await client.command("/", "export", { "hide-sensitive": "" })).toEqual([{ ret: "/interface macvlan\nadd interface=ether2 name=m" }]);
    expect(at(server.requests, 0).path).toBe("/rest/export");
  });

  it("reuses one keep-alive connection for sequential requests", async () => {
    const { server, client } = await setup({ "GET /rest/system/identity": json({ name: "x" }) });
    for (let i = 0; i < 5; i++) await client.singleton("/system/identity");
    expect(server.requests).toHaveLength(5);
    expect(server.connections()).toBe(1);
  });

  it("parses replies with raw control characters and stringifies numbers", async () => {
    const { client } = await setup({
      "GET /rest/interface/macvlan": { body: '[{".id":"*1","comment":"tab\there\u0001","mtu":1500,"x":null}]' },
    });
    expect(await client.print("/interface/macvlan")).toEqual([{ ".id": "*1", comment: "tab\there\u0001", mtu: "1500" }]);
  });
});

describe("RouterOsClient errors", () => {
  it("turns a RouterOS 400 body into RouterOsApiError with message and detail", async () => {
    const { client } = await setup({
      "PUT /rest/ip/address": json({ error: 400, message: "Bad Request", detail: "failure: already have such address" }, 400),
    });
    const err = await client.add("/ip/address", { address: "192.168.99.1/24", interface: "ether2" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsApiError);
    expect(err).toMatchObject({ kind: "api", status: 400, routerMessage: "Bad Request", detail: "failure: already have such address" });
    expect((err as Error).message).toContain("failure: already have such address");
    expect((err as Error).message).toContain("PUT /rest/ip/address");
    expect(describeRouterOsError(err)).toEqual({
      kind: "api",
      message: (err as Error).message,
      status: 400,
      detail: "failure: already have such address",
    });
  });

  it("maps 404, 406 and an unknown menu", async () => {
    const { client } = await setup({
      "GET /rest/interface/macvlan/*99": json({ error: 404, message: "Not Found" }, 404),
      "POST /rest/interface/macvlan/monitor": json({ error: 406, message: "Not Acceptable" }, 406),
    });
    await expect(client.getOne("/interface/macvlan", "*99")).rejects.toMatchObject({ status: 404, routerMessage: "Not Found", detail: undefined });
    await expect(client.command("/interface/macvlan", "monitor")).rejects.toMatchObject({ status: 406 });
    await expect(client.print("/interface/nothing")).rejects.toMatchObject({ status: 400, detail: "no such command or directory (/rest/interface/nothing)" });
  });

  it("maps 401 to RouterOsUnauthorizedError and does not retry it", async () => {
    const { server, client } = await setup({ "GET /rest/system/identity": json({ error: 401, message: "Unauthorized" }, 401) });
    const err = await client.singleton("/system/identity").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsUnauthorizedError);
    expect(err).toMatchObject({ kind: "unauthorized", status: 401 });
    expect((err as Error).message).toMatch(/credentials/);
    expect(server.requests).toHaveLength(1);
  });

  it("retries reads on 5xx (max 2 retries) and never retries writes", async () => {
    const { server, client } = await setup({
      "GET /rest/system/resource": { status: 500, body: "<html>Internal Server Error</html>" },
      "PUT /rest/interface/macvlan": json({ error: 500, message: "Internal Server Error" }, 500),
    });
    const err = await client.singleton("/system/resource").catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "api", status: 500, routerMessage: "Internal Server Error", detail: "<html>Internal Server Error</html>" });
    expect(server.requests.filter((r) => r.method === "GET")).toHaveLength(3);
    await expect(client.add("/interface/macvlan", { name: "m" })).rejects.toMatchObject({ status: 500 });
    expect(server.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("maps not enough permissions (any status) to RouterOsPermissionError naming the policy, never retried", async () => {
    const denied = json({ error: 500, message: "Internal Server Error", detail: "not enough permissions (9)" }, 500);
    const { server, client } = await setup({
      "GET /rest/system/resource": denied,
      "POST /rest/interface/print": denied,
      "POST /rest/interface/monitor-traffic": denied,
      "PATCH /rest/interface/macvlan/*1": denied,
      "POST /rest/interface/macvlan/disable": denied,
      "PUT /rest/interface/macvlan": json({ error: 400, message: "Bad Request", detail: "Not enough permissions" }, 400),
    });
    const read = await client.singleton("/system/resource").catch((e: unknown) => e);
    expect(read).toBeInstanceOf(RouterOsPermissionError);
    expect(read).toMatchObject({ kind: "permission", status: 500, detail: "not enough permissions (9)", policy: "read" });
    expect((read as Error).message).toContain("the router user's group lacks the read policy: /user group set <group> policy=...,read");
    expect((read as Error).message).toContain("GET /rest/system/resource");
    expect(isRetryable(read)).toBe(false);
    expect(server.requests.filter((r) => r.path === "/rest/system/resource")).toHaveLength(1);
    expect(describeRouterOsError(read)).toEqual({ kind: "permission", message: (read as Error).message, status: 500, detail: "not enough permissions (9)" });

    await expect(client.print("/interface", { query: ["type=ether"] })).rejects.toMatchObject({ kind: "permission", policy: "read" });
    await expect(client.command("/interface", "monitor-traffic", { interface: "ether1", once: "" }, { idempotent: true })).rejects.toMatchObject({
      policy: "read",
    });
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    const write = await client.set("/interface/macvlan", "*1", { mtu: "1400" }).catch((e: unknown) => e);
    expect(write).toMatchObject({ kind: "permission", policy: "write" });
    expect((write as Error).message).toContain("lacks the write policy: /user group set <group> policy=...,write");
    await expect(client.command("/interface/macvlan", "disable", { numbers: "*1" })).rejects.toMatchObject({ policy: "write" });
    await expect(client.add("/interface/macvlan", { name: "m" })).rejects.toMatchObject({ kind: "permission", status: 400, policy: "write" });
    const unknown = errorFromResponse(500, '{"error":500,"detail":"not enough permissions (9)"}', { method: "OPTIONS", path: "/rest/interface" });
    expect(unknown).toMatchObject({ kind: "permission", policy: null });
    expect(unknown.message).toContain("lacks a policy this request needs (read to poll, write to change)");
  });

  it("succeeds when a retried read recovers", async () => {
    let calls = 0;
    const { client } = await setup({
      "GET /rest/system/identity": () => (++calls < 3 ? { reset: true } : json({ name: "back" })),
    });
    expect(await client.singleton("/system/identity")).toEqual({ name: "back" });
    expect(calls).toBe(3);
  });

  it("maps a non-JSON 200 to RouterOsBadResponseError without echoing the body", async () => {
    const { client } = await setup({ "GET /rest/interface/macsec": { body: '{"cak":"00112233445566778899aabbccddeeff" garbage' } });
    const err = await client.print("/interface/macsec").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsBadResponseError);
    expect((err as Error).message).not.toContain("0011223344");
  });

  it("maps a hang to RouterOsTimeoutError after timeoutMs per attempt", async () => {
    const { server, client } = await setup({ "GET /rest/system/identity": { hang: true } }, { timeoutMs: 200, maxRetries: 1 });
    const started = Date.now();
    const err = await client.singleton("/system/identity").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsTimeoutError);
    expect(err).toMatchObject({ kind: "timeout", phase: "response", timeoutMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(2);
  });

  it("maps a reset connection to RouterOsUnreachableError", async () => {
    const { client } = await setup({ "POST /rest/interface/macvlan/set": { reset: true } });
    const err = await client.command("/interface/macvlan", "set", { numbers: "*1", mtu: "1400" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsUnreachableError);
    expect(err).toMatchObject({ kind: "unreachable" });
  });

  it("maps a refused connection to RouterOsUnreachableError with ECONNREFUSED", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    client = new RouterOsClient({ apiUrl: `http://127.0.0.1:${port}`, username: "a", password: "b", maxRetries: 0 });
    const err = await client.singleton("/system/identity").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsUnreachableError);
    expect(err).toMatchObject({ code: "ECONNREFUSED" });
    expect(describeRouterOsError(err).message).toMatch(/connection refused/);
  });

  it("maps a stalled TLS handshake to RouterOsTimeoutError phase connect", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      client = new RouterOsClient({
        apiUrl: `https://127.0.0.1:${port}`,
        username: "a",
        password: "b",
        connectTimeoutMs: 150,
        timeoutMs: 5_000,
        maxRetries: 0,
      });
      const started = Date.now();
      const err = await client.singleton("/system/identity").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RouterOsTimeoutError);
      expect(err).toMatchObject({ kind: "timeout", phase: "connect", timeoutMs: 150 });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await client?.close();
      client = undefined;
      silent.close();
    }
  });
});

describe("RouterOsClient onResponse observer", () => {
  it("reports every attempt with method, path, HTTP status, RouterOS detail, and null for no answer", async () => {
    const calls: RouterOsCallInfo[] = [];
    const { client } = await setup(
      {
        "GET /rest/interface/macvlan": json([{ name: "m" }]),
        "PUT /rest/interface/macvlan": json({ error: 400, message: "Bad Request", detail: "failure: already have interface with such name" }, 400),
        "DELETE /rest/interface/macvlan/*1": { status: 204 },
        "GET /rest/system/identity": { hang: true },
      },
      {
        timeoutMs: 200,
        maxRetries: 0,
        onResponse: (info) => {
          calls.push(info);
          throw new Error("observer failures are ignored");
        },
      },
    );
    await client.print("/interface/macvlan", { where: { name: "m" } });
    await expect(client.add("/interface/macvlan", { name: "m" })).rejects.toBeInstanceOf(RouterOsApiError);
    await client.remove("/interface/macvlan", "*1");
    await expect(client.singleton("/system/identity")).rejects.toBeInstanceOf(RouterOsTimeoutError);
    expect(calls.every((c) => c.durationMs >= 0)).toBe(true);
    expect(calls.map(({ durationMs: _ms, ...rest }) => rest)).toEqual([
      { method: "GET", path: "/rest/interface/macvlan", status: 200 },
      { method: "PUT", path: "/rest/interface/macvlan", status: 400, detail: "failure: already have interface with such name" },
      { method: "DELETE", path: "/rest/interface/macvlan/*1", status: 204 },
      { method: "GET", path: "/rest/system/identity", status: null, detail: expect.stringMatching(/^Timed out: router did not answer/) },
    ]);
  });
});
