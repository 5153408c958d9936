import { describe, expect, it } from "vitest";
import { RouterOsBadResponseError, RouterOsUnauthorizedError } from "../errors";
import { fixtureClient } from "../testdata/fixture-client";
import { json } from "../testdata/fixture-server";
import { getMacServerSettings, listMacServerSessions } from "./mac-server";
import { getSystemFacts } from "./system";

const fixture = fixtureClient();
const clientFor = fixture.clientFor;

/** `/system/resource` as a hAP ax3 on 7.23.3 prints it (subset). */
const resource = {
  uptime: "1w2d3h4m5s",
  version: "7.23.3 (stable)",
  "build-time": "2026-10-02 08:11:12",
  "free-memory": "9007199254740993",
  "total-memory": "1073741824",
  cpu: "ARM64",
  "cpu-count": "4",
  "cpu-load": "7",
  "free-hdd-space": "96862208",
  "architecture-name": "arm64",
  "board-name": "hAP ax^3",
  platform: "MikroTik",
};

describe("getSystemFacts", () => {
  it("parses identity, resource (as an object) and routerboard", async () => {
    const c = await clientFor({
      "GET /rest/system/identity": json({ name: "core-1" }),
      "GET /rest/system/resource": json(resource),
      "GET /rest/system/routerboard": json({ routerboard: "true", model: "C53UiG+5HPaxD2HPaxD", "serial-number": "HE30ABC123", "current-firmware": "7.23.3" }),
    });
    const facts = await getSystemFacts(c);
    expect(facts).toEqual({
      identity: "core-1",
      version: { major: 7, minor: 23, patch: 3, prerelease: null, channel: "stable", raw: "7.23.3 (stable)" },
      uptimeSec: 604_800 + 2 * 86_400 + 3 * 3_600 + 4 * 60 + 5,
      cpuLoad: 7,
      freeMemory: BigInt("9007199254740993"),
      totalMemory: BigInt(1073741824),
      boardName: "hAP ax^3",
      architecture: "arm64",
      model: "C53UiG+5HPaxD2HPaxD",
      serialNumber: "HE30ABC123",
    });
    expect(fixture.server?.requests.map((r) => r.url).sort()).toEqual([
      "/rest/system/identity?.proplist=name",
      "/rest/system/resource?.proplist=version,uptime,cpu-load,free-memory,total-memory,board-name,architecture-name",
      "/rest/system/routerboard?.proplist=routerboard,model,serial-number",
    ]);
  });

  it("accepts one-element arrays and gives null model/serial on a CHR (routerboard false)", async () => {
    const c = await clientFor({
      "GET /rest/system/identity": json([{ name: "chr" }]),
      "GET /rest/system/resource": json([{ ...resource, uptime: "00:05:10", "board-name": "CHR", "architecture-name": "x86_64" }]),
      "GET /rest/system/routerboard": json({ routerboard: "false" }),
    });
    const facts = await getSystemFacts(c);
    expect(facts).toMatchObject({ identity: "chr", uptimeSec: 310, boardName: "CHR", model: null, serialNumber: null });
  });

  it("gives null model/serial when /system/routerboard answers with an API error", async () => {
    const c = await clientFor({
      "GET /rest/system/identity": json({ name: "x86" }),
      "GET /rest/system/resource": json(resource),
    });
    expect(await getSystemFacts(c)).toMatchObject({ model: null, serialNumber: null });
  });

  it("propagates authentication failures instead of hiding them as nulls", async () => {
    const denied = json({ error: 401, message: "Unauthorized" }, 401);
    const c = await clientFor({
      "GET /rest/system/identity": denied,
      "GET /rest/system/resource": denied,
      "GET /rest/system/routerboard": denied,
    });
    await expect(getSystemFacts(c)).rejects.toBeInstanceOf(RouterOsUnauthorizedError);
  });

  it("rejects a resource reply without the expected fields, naming them", async () => {
    const c = await clientFor({
      "GET /rest/system/identity": json({ name: "x" }),
      "GET /rest/system/resource": json({ ...resource, version: "seven", "cpu-load": "high" }),
      "GET /rest/system/routerboard": json({ routerboard: "false" }),
    });
    const err = await getSystemFacts(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterOsBadResponseError);
    expect((err as Error).message).toMatch(/version/);
    expect((err as Error).message).toMatch(/cpu-load/);
  });
});

describe("mac-server", () => {
  it("reads the three MAC server singletons", async () => {
    const c = await clientFor({
      "GET /rest/tool/mac-server": json({ "allowed-interface-list": "mgmt" }),
      "GET /rest/tool/mac-server/mac-winbox": json([{ "allowed-interface-list": "none" }]),
      "GET /rest/tool/mac-server/ping": json({ enabled: "true" }),
    });
    expect(await getMacServerSettings(c)).toEqual({ telnetAllowedList: "mgmt", winboxAllowedList: "none", pingEnabled: true });
    expect(fixture.server?.requests.every((r) => !r.url.includes(".proplist"))).toBe(true);
  });

  it("lists sessions with normalised MACs and durations in seconds", async () => {
    const c = await clientFor({
      "GET /rest/tool/mac-server/sessions": json([
        { ".id": "*1B", interface: "vlan-68", "src-address": "aa:bb:cc:00:11:22", uptime: "2m13s" },
        { ".id": "*1C", interface: "ether5", "src-address": "AA-BB-CC-00-11-23", uptime: "1d00:00:05" },
      ]),
    });
    expect(await listMacServerSessions(c)).toEqual([
      { id: "*1B", interface: "vlan-68", srcAddress: "AA:BB:CC:00:11:22", uptimeSec: 133 },
      { id: "*1C", interface: "ether5", srcAddress: "AA:BB:CC:00:11:23", uptimeSec: 86_405 },
    ]);
    expect(fixture.server?.requests[0]?.url).toBe("/rest/tool/mac-server/sessions?.proplist=.id,interface,src-address,uptime");
  });

  it("returns [] for no sessions", async () => {
    const c = await clientFor({ "GET /rest/tool/mac-server/sessions": json([]) });
    expect(await listMacServerSessions(c)).toEqual([]);
  });
});
