import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceStatus } from "../generated/prisma/enums";
import { createTestDb, type TestDb } from "../testing/test-db";
import { DEVICE_PAGE_SIZE, queryDeviceEditView, queryDeviceList, querySiteNames } from "./queries";

const NOW = new Date("2026-11-21T12:00:00Z");

let t: TestDb;

async function addDevice(
  name: string,
  site: string,
  status: DeviceStatus,
  extra: { version?: string; tags?: string[]; enabled?: boolean; lastPollAt?: Date; lastOkAt?: Date; lastError?: string } = {},
) {
  const s = await t.db.site.upsert({ where: { name: site }, create: { name: site }, update: {} });
  return t.db.device.create({
    data: {
      name,
      siteId: s.id,
      apiUrl: `http://127.0.0.1:18728/${name}`,
      username: "noc",
      passwordSealed: "v1.sealed",
      caPem: "-----BEGIN CERTIFICATE-----x-----END CERTIFICATE-----",
      status,
      identity: `id-${name}`,
      version: extra.version ?? null,
      enabled: extra.enabled ?? true,
      lastPollAt: extra.lastPollAt ?? null,
      lastOkAt: extra.lastOkAt ?? null,
      lastError: extra.lastError ?? null,
      tags: { create: (extra.tags ?? []).map((tag) => ({ tag })) },
    },
  });
}

beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 30; i++) {
    await addDevice(`cpe-${String(i).padStart(2, "0")}`, i % 2 === 0 ? "Amsterdam" : "Berlin", "up", {
      version: i < 5 ? "7.23.3 (stable)" : "7.12 (stable)",
      lastPollAt: new Date(NOW.getTime() - i * 1000),
    });
  }
  await addDevice("core-1", "Zurich", "up", { version: "7.21.1 (stable)", tags: ["core", "macsec"] });
  await addDevice("edge-down", "Zurich", "down", { lastError: "connect ECONNREFUSED 10.0.0.9:443", lastOkAt: new Date(NOW.getTime() - 3600_000) });
  await addDevice("edge-auth", "Zurich", "unauthorized", { lastError: "401 Unauthorized" });
  await addDevice("lab-off", "Lab", "down", { enabled: false });
});

afterAll(async () => {
  await t.cleanup();
});

describe("queryDeviceList", () => {
  it("pages 25 rows sorted by name and clamps a page past the end", async () => {
    const p1 = await queryDeviceList(t.db, {});
    expect(p1.total).toBe(34);
    expect(p1.pageCount).toBe(2);
    expect(p1.rows).toHaveLength(DEVICE_PAGE_SIZE);
    expect(p1.rows[0]?.name).toBe("core-1");
    expect(p1.rows[0]?.apiHost).toBe("127.0.0.1:18728");
    expect(p1.rows[0]).not.toHaveProperty("apiUrl");
    const p9 = await queryDeviceList(t.db, { page: 9 });
    expect(p9.page).toBe(2);
    expect(p9.rows).toHaveLength(34 - DEVICE_PAGE_SIZE);
  });

  it("searches name, identity, site, tag and API URL (case-insensitive)", async () => {
    expect((await queryDeviceList(t.db, { q: "ZURICH" })).total).toBe(3);
    expect((await queryDeviceList(t.db, { q: "MACSEC" })).rows.map((r) => r.name)).toEqual(["core-1"]);
    expect((await queryDeviceList(t.db, { q: "id-edge" })).total).toBe(2);
    expect((await queryDeviceList(t.db, { q: "18728/lab-off" })).rows.map((r) => r.name)).toEqual(["lab-off"]);
  });

  it("filters by site and status and sorts by status, version and last poll", async () => {
    expect((await queryDeviceList(t.db, { site: "Berlin" })).total).toBe(15);
    expect((await queryDeviceList(t.db, { status: "unauthorized" })).rows.map((r) => r.name)).toEqual(["edge-auth"]);
    const byStatus = await queryDeviceList(t.db, { sort: "status", dir: "desc", site: "Zurich" });
    expect(byStatus.rows.map((r) => r.status)).toEqual(["up", "unauthorized", "down"]);
    const byPoll = await queryDeviceList(t.db, { sort: "lastPoll", dir: "desc" });
    expect(byPoll.rows[0]?.name).toBe("cpe-00");
    expect(byPoll.rows[0]?.lastPollAt).toBe(NOW.toISOString());
    const byVersion = await queryDeviceList(t.db, { sort: "version", dir: "desc" });
    expect(byVersion.rows[0]?.version).toBe("7.23.3 (stable)");
  });

  it("never returns the sealed password or the CA PEM in list rows", async () => {
    const { rows } = await queryDeviceList(t.db, { q: "core-1" });
    expect(JSON.stringify(rows)).not.toMatch(/sealed|BEGIN CERTIFICATE/);
    expect(rows[0]?.tags).toEqual(["core", "macsec"]);
  });
});

describe("site names and edit view", () => {
  it("lists sites sorted and returns the edit view without the password", async () => {
    expect(await querySiteNames(t.db)).toEqual(["Amsterdam", "Berlin", "Lab", "Zurich"]);
    const core = await t.db.device.findUniqueOrThrow({ where: { name: "core-1" } });
    const view = await queryDeviceEditView(t.db, core.id);
    expect(view).toMatchObject({ name: "core-1", site: "Zurich", username: "noc", tags: ["core", "macsec"] });
    expect(JSON.stringify(view)).not.toMatch(/sealed/);
    expect(await queryDeviceEditView(t.db, "missing")).toBeNull();
  });
});
