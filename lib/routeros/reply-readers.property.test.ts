import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RouterOsClient } from "./client";
import { RouterOsApiError, RouterOsBadResponseError, RouterOsError } from "./errors";
import { parseLenientJson } from "./lenient-json";
import { listDhcpLeases, listDhcpNetworks, listDhcpServers, listIpPools } from "./menus/dhcp";
import { listInterfaceListMembers, listInterfaceLists } from "./menus/interface-list";
import { listInterfaceCounters, monitorTraffic } from "./menus/interfaces";
import { listIpAddresses } from "./menus/ip-address";
import { getMacServerSettings, listMacServerSessions } from "./menus/mac-server";
import { listMacsec, listMacsecProfiles, listMacsecStats } from "./menus/macsec";
import { MACSEC_STATS_FIELDS } from "./menus/macsec-counters";
import { listMacvlans } from "./menus/macvlan";
import { getSystemFacts } from "./menus/system";
import { fixtureClient } from "./testdata/fixture-client";
import type { FixtureReply } from "./testdata/fixture-server";
import {
  brokenReply,
  counterValue,
  dateValue,
  durationValue,
  flagValue,
  hexValue,
  idValue,
  intValue,
  ipValue,
  leaks,
  listValue,
  macValue,
  nameValue,
  notJsonWithToken,
  outcome,
  rowsReply,
  stringsIn,
  textValue,
  type Fields,
} from "./testdata/reply-arbitraries";

/*
 * Property-based tests of the RouterOS reply parser: the zod menu readers end to end through the fixture HTTP
 * server. Whatever a router (or something posing as one) answers, the parser returns well-formed values or
 * throws one of its documented errors. Shared generators: lib/routeros/testdata/reply-arbitraries.ts.
 */

interface ReaderCase {
  name: string;
  /** Fixture routes (`"GET /rest/ip/pool"`) and the fields of their rows. */
  routes: Record<string, Fields>;
  read: (client: RouterOsClient) => Promise<unknown>;
}

const COUNTERS = ["rx-byte", "tx-byte", "rx-packet", "tx-packet", "rx-drop", "tx-drop", "rx-error", "tx-error"];
const READERS: ReaderCase[] = [
  {
    name: "listMacvlans",
    routes: {
      "GET /rest/interface/macvlan": {
        ".id": idValue,
        name: nameValue,
        interface: nameValue,
        "mac-address": macValue,
        mode: fc.constantFrom("bridge", "private"),
        mtu: intValue,
        arp: fc.constantFrom("enabled", "disabled", "proxy-arp"),
        running: flagValue,
        disabled: flagValue,
        comment: textValue,
      },
    },
    read: listMacvlans,
  },
  {
    name: "listMacsec",
    routes: {
      "GET /rest/interface/macsec": {
        ".id": idValue,
        name: nameValue,
        interface: nameValue,
        cak: hexValue(32),
        ckn: hexValue(64),
        profile: nameValue,
        mtu: intValue,
        status: fc.constantFrom("open-encrypted", "negotiating"),
        running: flagValue,
        disabled: flagValue,
        comment: textValue,
      },
    },
    read: listMacsec,
  },
  {
    name: "listMacsecProfiles",
    routes: { "GET /rest/interface/macsec/profile": { ".id": idValue, name: nameValue, "server-priority": intValue, ciphers: listValue } },
    read: listMacsecProfiles,
  },
  {
    name: "listMacsecStats",
    routes: {
      "POST /rest/interface/macsec/print": {
        name: nameValue,
        ...Object.fromEntries(
          Object.keys(MACSEC_STATS_FIELDS)
            .slice(0, 8)
            .map((k) => [k, counterValue]),
        ),
      },
    },
    read: listMacsecStats,
  },
  {
    name: "listMacServerSessions",
    routes: { "GET /rest/tool/mac-server/sessions": { ".id": idValue, interface: nameValue, "src-address": macValue, uptime: durationValue } },
    read: listMacServerSessions,
  },
  {
    name: "getMacServerSettings",
    routes: {
      "GET /rest/tool/mac-server": { "allowed-interface-list": nameValue },
      "GET /rest/tool/mac-server/mac-winbox": { "allowed-interface-list": nameValue },
      "GET /rest/tool/mac-server/ping": { enabled: flagValue },
    },
    read: getMacServerSettings,
  },
  {
    name: "listInterfaceCounters",
    routes: {
      "GET /rest/interface": {
        name: nameValue,
        type: fc.constant("macvlan"),
        running: flagValue,
        disabled: flagValue,
        ...Object.fromEntries(COUNTERS.map((k) => [k, counterValue])),
        "link-downs": intValue,
        "last-link-up-time": dateValue,
      },
    },
    read: (c) => listInterfaceCounters(c, "macvlan"),
  },
  {
    name: "monitorTraffic",
    routes: {
      "POST /rest/interface/monitor-traffic": {
        name: fc.constant("ether1"),
        "rx-bits-per-second": intValue,
        "tx-bits-per-second": intValue,
        "rx-packets-per-second": intValue,
        "tx-packets-per-second": intValue,
      },
    },
    read: (c) => monitorTraffic(c, "ether1"),
  },
  {
    name: "listInterfaceLists",
    routes: { "GET /rest/interface/list": { ".id": idValue, name: nameValue, builtin: flagValue, dynamic: flagValue, comment: textValue } },
    read: listInterfaceLists,
  },
  {
    name: "listInterfaceListMembers",
    routes: {
      "GET /rest/interface/list/member": { ".id": idValue, list: nameValue, interface: nameValue, disabled: flagValue, dynamic: flagValue, comment: textValue },
    },
    read: listInterfaceListMembers,
  },
  {
    name: "listDhcpServers",
    routes: {
      "GET /rest/ip/dhcp-server": {
        ".id": idValue,
        name: nameValue,
        interface: nameValue,
        "address-pool": nameValue,
        "lease-time": durationValue,
        disabled: flagValue,
        invalid: flagValue,
      },
    },
    read: listDhcpServers,
  },
  {
    name: "listDhcpLeases",
    routes: {
      "GET /rest/ip/dhcp-server/lease": {
        ".id": idValue,
        address: ipValue,
        "mac-address": macValue,
        server: nameValue,
        comment: textValue,
        disabled: flagValue,
        status: fc.constantFrom("bound", "waiting"),
        dynamic: flagValue,
        "active-address": ipValue,
        "host-name": nameValue,
        "last-seen": fc.oneof(durationValue, fc.constant("never")),
      },
    },
    read: listDhcpLeases,
  },
  {
    name: "listDhcpNetworks",
    routes: {
      "GET /rest/ip/dhcp-server/network": {
        ".id": idValue,
        address: ipValue.map((a) => `${a}/24`),
        gateway: ipValue,
        "dns-server": listValue,
        comment: textValue,
      },
    },
    read: listDhcpNetworks,
  },
  {
    name: "listIpPools",
    routes: { "GET /rest/ip/pool": { ".id": idValue, name: nameValue, ranges: listValue, comment: textValue } },
    read: listIpPools,
  },
  {
    name: "listIpAddresses",
    routes: {
      "GET /rest/ip/address": {
        ".id": idValue,
        address: ipValue.map((a) => `${a}/24`),
        network: ipValue,
        interface: nameValue,
        disabled: flagValue,
        dynamic: flagValue,
        invalid: flagValue,
        comment: textValue,
      },
    },
    read: listIpAddresses,
  },
  {
    name: "getSystemFacts",
    routes: {
      "GET /rest/system/identity": { name: nameValue },
      "GET /rest/system/resource": {
        version: fc.constantFrom("7.23.3 (stable)", "7.12 (stable)", "7.24beta2 (testing)"),
        uptime: durationValue,
        "cpu-load": fc.integer({ min: 0, max: 100 }).map(String),
        "free-memory": counterValue,
        "total-memory": counterValue,
        "board-name": nameValue,
        "architecture-name": fc.constantFrom("arm64", "x86_64"),
      },
      "GET /rest/system/routerboard": { routerboard: flagValue, model: nameValue, "serial-number": nameValue },
    },
    read: getSystemFacts,
  },
];

/** Checks the invariants of a reader's output by property name: canonical MACs and ids, finite seconds, exact integers, valid dates. */
function expectWellFormed(value: unknown, key = ""): void {
  if (value === null || value === undefined || typeof value === "boolean") return;
  if (Array.isArray(value)) {
    for (const v of value) expectWellFormed(v, key);
    return;
  }
  if (value instanceof Date) {
    expect(Number.isNaN(value.getTime()), key).toBe(false);
    return;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectWellFormed(v, k);
    return;
  }
  if (typeof value === "bigint") {
    expect(value >= BigInt(0), key).toBe(true);
    return;
  }
  if (typeof value === "number") {
    if (key.endsWith("Sec")) {
      expect(Number.isFinite(value) && value >= 0, `${key} = ${value}`).toBe(true);
    } else {
      expect(Number.isSafeInteger(value), `${key} = ${value}`).toBe(true);
    }
    return;
  }
  if (key === "id") expect(value).toMatch(/^\*[0-9A-Fa-f]+$/);
  if (key === "macAddress" || key === "srcAddress") expect(value).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
}

/** Field values of the rows a reply carries, except the row's `name` and `.id` (a bad row is labelled with them on purpose). */
function rowValues(reply: FixtureReply): string[] {
  if (reply.status !== 200) return [];
  const body = outcome(() => parseLenientJson(reply.body ?? ""));
  if (!("value" in body)) return [];
  const rows = Array.isArray(body.value) ? body.value : [body.value];
  return rows.flatMap((row: unknown) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) return [];
    const fields = row as Record<string, unknown>;
    const labels = [fields.name, fields[".id"]].filter((l): l is string => typeof l === "string");
    return Object.values(fields)
      .flatMap(stringsIn)
      .filter((v) => !labels.some((l) => l.includes(v)));
  });
}

/** Runs per reader property: each run is one to three HTTP requests to the fixture server. */
const HTTP_RUNS = { numRuns: 25 };

/** A fixture route asked for before its reply was chosen: a bug of the test itself. */
function failNoReply(route: string): never {
  throw new Error(`no reply chosen for ${route}`);
}

describe("menu readers through the fixture server", () => {
  const fixture = fixtureClient();

  it.each(READERS)("$name resolves to well-formed values or rejects with a RouterOsError whose message holds no field value", async (reader) => {
    const replies: Record<string, FixtureReply> = {};
    // An issue names the field it is about; a value that happens to equal a field name is not a leak.
    const fieldNames = new Set(Object.values(reader.routes).flatMap((fields) => Object.keys(fields)));
    const client = await fixture.clientFor(Object.fromEntries(Object.keys(reader.routes).map((key) => [key, () => replies[key] ?? failNoReply(key)])));
    const replyArbs = Object.fromEntries(
      Object.entries(reader.routes).map(([key, fields]) => [key, fc.oneof({ arbitrary: rowsReply(fields), weight: 6 }, { arbitrary: brokenReply, weight: 1 })]),
    );
    await fc.assert(
      fc.asyncProperty(fc.record(replyArbs), async (generated) => {
        Object.assign(replies, generated);
        const result = await reader.read(client).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const values = Object.values(generated)
          .flatMap(rowValues)
          .filter((v) => !fieldNames.has(v));
        if ("error" in result) {
          expect(result.error).toBeInstanceOf(RouterOsError);
          if (!(result.error instanceof RouterOsApiError)) {
            const message = (result.error as Error).message;
            for (const v of values) if (v.length >= 8) expect(message).not.toContain(v);
          }
          return;
        }
        expectWellFormed(result.value);
      }),
      HTTP_RUNS,
    );
  });

  it("listMacsec never returns or reports a CAK, even when the router sends one", async () => {
    let reply: FixtureReply = { status: 200, body: "[]" };
    const client = await fixture.clientFor({ "GET /rest/interface/macsec": () => reply });
    const macsecFields = READERS.find((r) => r.name === "listMacsec")?.routes["GET /rest/interface/macsec"] ?? {};
    await fc.assert(
      fc.asyncProperty(hexValue(32), rowsReply({ ...macsecFields, cak: fc.constant("") }), async (cak, base) => {
        const rows = parseLenientJson(base.body ?? "[]");
        const withCak = (Array.isArray(rows) ? rows : [rows]).map((r) => ({ ...(r as object), cak }));
        reply = { status: 200, body: JSON.stringify(withCak) };
        const result = await listMacsec(client).then(
          (value) => JSON.stringify(value),
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        expect(result).not.toContain(cak);
      }),
      HTTP_RUNS,
    );
  });

  it("a 2xx body that is not JSON rejects with RouterOsBadResponseError and no part of the body", async () => {
    let reply: FixtureReply = { status: 200, body: "" };
    const client = await fixture.clientFor({ "GET /rest/ip/pool": () => reply });
    await fc.assert(
      fc.asyncProperty(notJsonWithToken, async ({ secret, text }) => {
        reply = { status: 200, body: text };
        const err = await listIpPools(client).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(RouterOsBadResponseError);
        expect(leaks((err as Error).message, secret)).toBe(false);
      }),
      HTTP_RUNS,
    );
  });
});
