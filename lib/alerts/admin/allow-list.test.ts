import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { at } from "../../testing/at";
import { createTestDb, type TestDb } from "../../testing/test-db";
import { addAllowListEntry, AlertInputError, ensureBuiltInRules, removeAllowListEntry } from "../service";
import { ALLOW_LIST_PAGE_SIZE, listAllowList } from "./allow-list-queries";

/**
 * The MAC allow-list on a real database: entries per site or device (MAC normalised), the refusals that write nothing
 * (malformed MAC, unknown site or device, duplicate), search and pages, and which open unknown-MAC alerts an entry covers.
 */

let t: TestDb;
const admin = { id: "u-admin", email: "admin@noc.local" };

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.createMany({
    data: [
      { id: "s-paris", name: "Paris" },
      { id: "s-lyon", name: "Lyon" },
    ],
  });
  for (const [id, siteId] of [
    ["d-par", "s-paris"],
    ["d-lys", "s-lyon"],
  ] as const)
    await t.db.device.create({ data: { id, name: `edge-${id}`, siteId, apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
  await ensureBuiltInRules(t.db);
});
afterAll(() => t?.cleanup());

async function snapshot() {
  return { entries: await t.db.macAllowListEntry.findMany({ orderBy: { id: "asc" } }), audit: await t.db.auditEvent.count() };
}

describe("MAC allow-list", () => {
  it("adds a MAC for a site, normalised upper-case with colons, audited; removes it, audited", async () => {
    const id = await addAllowListEntry(t.db, admin, { macAddress: "02-00-00-00-00-0a", siteId: "s-paris", comment: "jump host" });
    expect(await t.db.macAllowListEntry.findUniqueOrThrow({ where: { id } })).toMatchObject({
      macAddress: "02:00:00:00:00:0A",
      siteId: "s-paris",
      deviceId: null,
    });
    expect(await t.db.auditEvent.count({ where: { action: "alert.allowlist.add", entityId: id } })).toBe(1);
    await removeAllowListEntry(t.db, admin, id);
    expect(await t.db.macAllowListEntry.count({ where: { id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "alert.allowlist.remove", entityId: id } })).toBe(1);
  });

  it("refuses a malformed MAC, neither or both of site and device, an unknown site or device, and a duplicate, writing nothing", async () => {
    await addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:0B", deviceId: "d-par" });
    const before = await snapshot();
    await expect(addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00", siteId: "s-paris" })).rejects.toThrow(ZodError);
    await expect(addAllowListEntry(t.db, admin, { macAddress: "zz:00:00:00:00:0b", siteId: "s-paris" })).rejects.toThrow(ZodError);
    await expect(addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:0C" })).rejects.toThrow(ZodError);
    await expect(addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:0C", siteId: "s-paris", deviceId: "d-par" })).rejects.toThrow(ZodError);
    await expect(addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:0C", siteId: "s-nowhere" })).rejects.toMatchObject({
      fieldErrors: { siteId: ["no such site"] },
    });
    await expect(addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:0C", deviceId: "d-nowhere" })).rejects.toThrow(AlertInputError);
    await expect(addAllowListEntry(t.db, admin, { macAddress: "02-00-00-00-00-0b", deviceId: "d-par" })).rejects.toMatchObject({
      fieldErrors: { macAddress: ["already on this allow-list"] },
    });
    await expect(removeAllowListEntry(t.db, admin, "no-such-entry")).rejects.toThrow(AlertInputError);
    expect(await snapshot()).toEqual(before);
  });

  it("shows which open unknown-MAC alerts an entry covers: same MAC on its device or a device of its site", async () => {
    await t.db.macAllowListEntry.deleteMany();
    const rule = await t.db.alertRule.findFirstOrThrow({ where: { type: "mac-session-unknown" } });
    const alert = { ruleId: rule.id, firstSeenAt: new Date(), lastSeenAt: new Date() };
    await t.db.alert.createMany({
      data: [
        { ...alert, objectKey: "d-par/02:00:00:00:00:10", deviceId: "d-par", siteId: "s-paris", subject: "02:00:00:00:00:10", state: "firing" },
        { ...alert, objectKey: "d-lys/02:00:00:00:00:10", deviceId: "d-lys", siteId: "s-lyon", subject: "02:00:00:00:00:10", state: "pending" },
        { ...alert, objectKey: "d-par/02:00:00:00:00:11", deviceId: "d-par", siteId: "s-paris", subject: "02:00:00:00:00:11", state: "resolved" },
      ],
    });
    const site = await addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:10", siteId: "s-paris" });
    const device = await addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:10", deviceId: "d-lys" });
    const resolvedOnly = await addAllowListEntry(t.db, admin, { macAddress: "02:00:00:00:00:11", siteId: "s-paris" });
    const { rows } = await listAllowList(t.db, {});
    const covers = (id: string) => rows.find((r) => r.id === id)?.covers.map((c) => `${c.deviceName} ${c.state}`);
    expect(rows).toHaveLength(3);
    expect(covers(site)).toEqual(["edge-d-par firing"]);
    expect(covers(device)).toEqual(["edge-d-lys pending"]);
    expect(covers(resolvedOnly)).toEqual([]);
    expect(rows.find((r) => r.id === device)).toMatchObject({ device: { id: "d-lys", name: "edge-d-lys" }, site: null });
  });

  it("searches by MAC (any separator), comment, site or device name, and pages", async () => {
    await t.db.macAllowListEntry.deleteMany();
    for (let i = 0; i < ALLOW_LIST_PAGE_SIZE + 5; i++) {
      const mac = `02:aa:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;
      await addAllowListEntry(t.db, admin, i % 2 ? { macAddress: mac, siteId: "s-lyon", comment: `laptop ${i}` } : { macAddress: mac, deviceId: "d-par" });
    }
    const all = await listAllowList(t.db, {});
    expect(all).toMatchObject({ total: ALLOW_LIST_PAGE_SIZE + 5, pageCount: 2, page: 1 });
    expect(all.rows).toHaveLength(ALLOW_LIST_PAGE_SIZE);
    expect((await listAllowList(t.db, { page: 2 })).rows).toHaveLength(5);
    expect((await listAllowList(t.db, { page: 99 })).page).toBe(2);
    expect((await listAllowList(t.db, { q: "02-AA-00-00-00-0a" })).rows.map((r) => r.macAddress)).toEqual(["02:AA:00:00:00:0A"]);
    expect((await listAllowList(t.db, { q: "LAPTOP 7" })).rows.map((r) => r.comment)).toEqual(expect.arrayContaining(["laptop 7"]));
    const lyon = await listAllowList(t.db, { q: "lyon" });
    expect(lyon.total).toBe(27);
    expect(lyon.rows.every((r) => r.site?.name === "Lyon")).toBe(true);
    const byDevice = await listAllowList(t.db, { q: "edge-d-par" });
    expect(byDevice.total).toBe(28);
    expect(at(byDevice.rows, 0).device?.name).toBe("edge-d-par");
  });
});
