import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import {
  selectDeviceHeader,
  selectDeviceOverview,
  selectDeviceVersion,
  selectMacServerSessions,
  selectMacServerState,
  selectMacsecs,
  selectMacvlans,
} from "./detail-queries";

let t: TestDb;
const id = "dev-detail";
const bare = "dev-bare";
const CKN = "a".repeat(64);
const SEALED = "SEALED-PASSWORD-MUST-NOT-LEAK";

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "site-riga", name: "Riga DC" } });
  await t.db.device.create({
    data: {
      id,
      name: "core-1",
      siteId: "site-riga",
      apiUrl: "https://api:secret@10.0.0.1:8443/rest-base",
      username: "api",
      passwordSealed: SEALED,
      pollIntervalSec: 30,
      identity: "CORE-1",
      boardName: "CCR2004-16G-2S+",
      model: "CCR2004-16G-2S+",
      serialNumber: "HGF09ABCDEF",
      architecture: "arm64",
      version: "7.20.8 (long-term)",
      uptimeSec: 93_600,
      cpuLoad: 7,
      freeMemory: 3_000_000_000n,
      totalMemory: 4_294_967_296n,
      status: "down",
      lastPollAt: new Date("2026-11-21T10:00:00Z"),
      lastOkAt: new Date("2026-11-21T09:59:00Z"),
      lastError: "RouterOS 400 Bad Request: no such command or directory (macvlan)",
      lastPollMs: 412,
      macTelnetAllowedList: "mgmt",
      macWinboxAllowedList: "none",
      macPingEnabled: false,
    },
  });
  await t.db.device.create({
    data: { id: bare, name: "edge-9", siteId: "site-riga", apiUrl: "http://127.0.0.1:18728/edge-9", username: "u", passwordSealed: "x" },
  });
  const later = new Date("2026-11-21T10:00:00Z");
  const earlier = new Date("2026-11-21T09:00:00Z");
  await t.db.macServerSession.createMany({
    data: [
      { deviceId: id, srcAddress: "02:00:00:00:00:0B", interface: "ether2", uptimeSec: 60, firstSeenAt: earlier, lastSeenAt: later },
      { deviceId: id, srcAddress: "02:00:00:00:00:0A", interface: "ether3", uptimeSec: 5, firstSeenAt: later, lastSeenAt: later },
      { deviceId: bare, srcAddress: "02:00:00:00:00:FF", interface: "ether1", uptimeSec: 1, firstSeenAt: later, lastSeenAt: later },
    ],
  });
  await t.db.macvlanInterface.createMany({
    data: [
      { deviceId: id, name: "macvlan2", parent: "ether1", mode: "private", macAddress: null, mtu: null, running: false, disabled: true },
      { deviceId: id, name: "macvlan1", parent: "ether1", mode: "bridge", macAddress: "02:00:00:00:01:01", mtu: 1500, running: true, comment: "cust A" },
    ],
  });
  await t.db.macsecInterface.create({
    data: { deviceId: id, name: "macsec1", parent: "ether5", ckn: CKN, profile: "default", status: "negotiating", mtu: 1468, running: true },
  });
});

afterAll(async () => {
  await t.cleanup();
});

describe("selectDeviceHeader", () => {
  it("returns the header DTO with the effective poll interval and the API host without credentials or path", async () => {
    const h = await selectDeviceHeader(t.db, id);
    expect(h).toEqual({
      id,
      name: "core-1",
      identity: "CORE-1",
      status: "down",
      enabled: true,
      siteName: "Riga DC",
      apiHost: "10.0.0.1:8443",
      version: "7.20.8 (long-term)",
      lastPollAt: "2026-11-21T10:00:00.000Z",
      pollIntervalSec: 30,
    });
    expect(JSON.stringify(h)).not.toContain(SEALED);
    expect(JSON.stringify(h)).not.toContain("secret");
  });

  it("falls back to POLL_INTERVAL_SEC (default 60 s) when the device has no override", async () => {
    expect((await selectDeviceHeader(t.db, bare))?.pollIntervalSec).toBe(60);
  });

  it("returns null for an unknown id", async () => {
    expect(await selectDeviceHeader(t.db, "nope")).toBeNull();
  });
});

describe("selectDeviceOverview", () => {
  it("converts bigint memory to numbers, times to ISO UTC, and counts only this device's rows", async () => {
    const o = await selectDeviceOverview(t.db, id);
    expect(o).not.toBeNull();
    expect(o?.freeMemory).toBe(3_000_000_000);
    expect(o?.totalMemory).toBe(4_294_967_296);
    expect(typeof o?.totalMemory).toBe("number");
    expect(o?.lastOkAt).toBe("2026-11-21T09:59:00.000Z");
    expect(o?.lastError).toContain("no such command or directory");
    expect(o?.counts).toEqual({ sessions: 2, macvlans: 2, macsecs: 1 });
    expect(() => JSON.stringify(o)).not.toThrow();
    expect(JSON.stringify(o)).not.toContain(SEALED);
  });

  it("keeps unknown facts as null before the first poll", async () => {
    const o = await selectDeviceOverview(t.db, bare);
    expect(o).toMatchObject({ identity: null, freeMemory: null, totalMemory: null, status: "unknown", lastPollAt: null });
    expect(o?.counts).toEqual({ sessions: 1, macvlans: 0, macsecs: 0 });
  });

  it("returns null for an unknown id", async () => {
    expect(await selectDeviceOverview(t.db, "nope")).toBeNull();
  });
});

describe("MAC server, MACVLAN and MACsec reads", () => {
  it("reads the /tool/mac-server settings", async () => {
    expect(await selectMacServerState(t.db, id)).toEqual({
      macTelnetAllowedList: "mgmt",
      macWinboxAllowedList: "none",
      macPingEnabled: false,
      lastPollAt: "2026-11-21T10:00:00.000Z",
    });
    expect(await selectMacServerState(t.db, "nope")).toBeNull();
  });

  it("lists sessions newest first with ISO times", async () => {
    const rows = await selectMacServerSessions(t.db, id);
    expect(rows.map((r) => r.srcAddress)).toEqual(["02:00:00:00:00:0A", "02:00:00:00:00:0B"]);
    expect(rows[1]).toEqual({
      srcAddress: "02:00:00:00:00:0B",
      interface: "ether2",
      uptimeSec: 60,
      firstSeenAt: "2026-11-21T09:00:00.000Z",
      lastSeenAt: "2026-11-21T10:00:00.000Z",
    });
  });

  it("lists MACVLANs by name with the table's columns only", async () => {
    const rows = await selectMacvlans(t.db, id);
    expect(rows.map((r) => r.name)).toEqual(["macvlan1", "macvlan2"]);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(["comment", "disabled", "macAddress", "mode", "mtu", "name", "parent", "running"]);
    expect(rows[1]).toMatchObject({ mode: "private", running: false, disabled: true, mtu: null });
  });

  it("lists MACsec links with the CKN and no CAK field", async () => {
    const rows = await selectMacsecs(t.db, id);
    expect(rows).toEqual([
      { name: "macsec1", parent: "ether5", status: "negotiating", profile: "default", ckn: CKN, mtu: 1468, running: true, disabled: false, comment: null },
    ]);
    expect(Object.keys(rows[0] ?? {})).not.toContain("cak");
  });

  it("tells an unknown device (undefined) from an unknown version (null)", async () => {
    expect(await selectDeviceVersion(t.db, id)).toBe("7.20.8 (long-term)");
    expect(await selectDeviceVersion(t.db, bare)).toBeNull();
    expect(await selectDeviceVersion(t.db, "nope")).toBeUndefined();
  });
});
