import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { devicePasswordAad, generateKey, seal } from "../crypto/seal";
import { createTestDb, type TestDb } from "../testing/test-db";
import { findDueDevices } from "./schedule";
import {
  backupSettingsFields,
  queryDeviceBackupSettings,
  querySiteBackupSettings,
  setDeviceBackupSettings,
  setSiteBackupSettings,
  toBackupSettings,
} from "./settings";

const secretKey = generateKey();
let t: TestDb;
const actor = { id: "admin-1", email: "lead@example.test" };
const form = z.strictObject(backupSettingsFields);

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s1", name: "North" } });
  for (const id of ["d1", "d2"]) {
    await t.db.device.create({
      data: { id, name: `r-${id}`, siteId: "s1", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: seal("p", devicePasswordAad(id), secretKey) },
    });
  }
});
afterAll(() => t.cleanup());

describe("backup schedule and retention settings", () => {
  it("validates the form fields with clear errors; empty means inherit", () => {
    expect(form.parse({ enabled: "off", timeOfDay: "02:30", keepVersions: "30", keepDays: "" })).toEqual({
      enabled: false,
      timeOfDay: 150,
      keepVersions: 30,
      keepDays: null,
    });
    expect(form.parse({ enabled: "inherit", timeOfDay: "", keepVersions: "", keepDays: "90" })).toEqual({
      enabled: null,
      timeOfDay: null,
      keepVersions: null,
      keepDays: 90,
    });
    const bad = form.safeParse({ enabled: "maybe", timeOfDay: "24:00", keepVersions: "0", keepDays: "1.5" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries((bad.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(messages).toEqual({
      enabled: "Choose inherit, on or off.",
      timeOfDay: expect.stringContaining("Use HH:MM in UTC") as string,
      keepVersions: expect.stringContaining("at least 1") as string,
      keepDays: expect.stringContaining("whole number") as string,
    });
    expect(form.safeParse({ enabled: "on", timeOfDay: "", keepVersions: "10001", keepDays: "" }).error?.issues.map((i) => i.message)).toEqual([
      expect.stringContaining("at most 10000"),
    ]);
  });

  it("stores site and device settings, audited with before and after; the device's win and an off device is never due", async () => {
    await setSiteBackupSettings(t.db, actor, "s1", toBackupSettings(form.parse({ enabled: "on", timeOfDay: "03:00", keepVersions: "50", keepDays: "" })));
    await setDeviceBackupSettings(t.db, actor, "d2", toBackupSettings(form.parse({ enabled: "off", timeOfDay: "", keepVersions: "", keepDays: "30" })));
    expect(await querySiteBackupSettings(t.db)).toEqual([
      { siteId: "s1", siteName: "North", devices: 2, settings: { enabled: true, timeOfDayMin: 180, keepVersions: 50, keepDays: null } },
    ]);
    expect(await queryDeviceBackupSettings(t.db, "d2")).toMatchObject({
      own: { enabled: false, timeOfDayMin: null, keepVersions: null, keepDays: 30 },
      effective: { enabled: false, timeOfDayMin: 180, keepVersions: 50, keepDays: 30 },
    });
    expect(await findDueDevices(t.db, new Date("2026-11-21T04:00:00Z"), 10)).toEqual(["d1"]);

    const events = await t.db.auditEvent.findMany({ where: { action: "config_backup.schedule" }, orderBy: { id: "asc" } });
    expect(
      events.map((e) => [e.entityType, e.entityId, e.actorEmail, JSON.parse(e.before ?? "{}") as unknown, JSON.parse(e.after ?? "{}") as unknown]),
    ).toEqual([
      [
        "site",
        "s1",
        "lead@example.test",
        { enabled: null, timeOfDayMin: null, keepVersions: null, keepDays: null },
        { enabled: true, timeOfDayMin: 180, keepVersions: 50, keepDays: null },
      ],
      [
        "device",
        "d2",
        "lead@example.test",
        { enabled: null, timeOfDayMin: null, keepVersions: null, keepDays: null },
        { enabled: false, timeOfDayMin: null, keepVersions: null, keepDays: 30 },
      ],
    ]);
    await expect(setDeviceBackupSettings(t.db, actor, "nope", { enabled: null, timeOfDayMin: null, keepVersions: null, keepDays: null })).rejects.toThrow(
      "No such device",
    );
    await expect(setSiteBackupSettings(t.db, actor, "nope", { enabled: null, timeOfDayMin: null, keepVersions: null, keepDays: null })).rejects.toThrow(
      "No such site",
    );
    expect(await t.db.auditEvent.count({ where: { action: "config_backup.schedule" } })).toBe(2);
  });
});
