import "server-only";
import { z } from "zod";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import type { BackupSettingsDto } from "./dto";
import { BackupNotFoundError } from "./errors";
import { effectivePlan, type EffectivePlan } from "./plan";

/**
 * Schedule and retention of the scheduled backups, per site (ConfigBackupSite) and per device (ConfigBackupDevice;
 * its values win, field by field, lib/backups/plan.ts): on or off, time of day (UTC), versions and days kept.
 * Admins edit them (`config_backup.schedule`, audited with before and after); null = inherit.
 */

/** Highest "keep versions" and "keep days" an admin may set. */
export const MAX_KEEP_VERSIONS = 10_000;
export const MAX_KEEP_DAYS = 3_650;

/** Schedule and retention as stored (null = inherit: the site's, then the defaults of lib/backups/plan.ts). */
export type BackupSettings = BackupSettingsDto;

/** "HH:MM" (UTC, 24 h) → minutes after midnight; "" → null. */
const timeOfDay = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return null;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "Use HH:MM in UTC, 00:00 to 23:59." });
      return z.NEVER;
    }
    return Number(v.slice(0, 2)) * 60 + Number(v.slice(3));
  });

/** A whole number 1…`max` as typed in a form; "" → null (inherit). */
function optionalCount(max: number, what: string) {
  return z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      const message = Number.isNaN(n)
        ? `${what} must be a whole number.`
        : n < 1
          ? `${what} must be at least 1.`
          : n > max
            ? `${what} must be at most ${max}.`
            : null;
      if (message) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return n;
    });
}

/**
 * Form fields of the schedule and retention forms (strings as FormData sends them): `enabled` `inherit|on|off`,
 * `timeOfDay` `HH:MM` (UTC) or empty, `keepVersions` 1–10 000 or empty, `keepDays` 1–3 650 or empty (empty = inherit).
 */
export const backupSettingsFields = {
  enabled: z.enum(["inherit", "on", "off"], { error: "Choose inherit, on or off." }).transform((v) => (v === "inherit" ? null : v === "on")),
  timeOfDay,
  keepVersions: optionalCount(MAX_KEEP_VERSIONS, "Keep versions"),
  keepDays: optionalCount(MAX_KEEP_DAYS, "Keep days"),
};

/** The parsed {@link backupSettingsFields} as stored. */
export function toBackupSettings(v: {
  enabled: boolean | null;
  timeOfDay: number | null;
  keepVersions: number | null;
  keepDays: number | null;
}): BackupSettings {
  return { enabled: v.enabled, timeOfDayMin: v.timeOfDay, keepVersions: v.keepVersions, keepDays: v.keepDays };
}

const SETTINGS_SELECT = { enabled: true, timeOfDayMin: true, keepVersions: true, keepDays: true } as const;

function pick(row: BackupSettings | null | undefined): BackupSettings {
  return { enabled: row?.enabled ?? null, timeOfDayMin: row?.timeOfDayMin ?? null, keepVersions: row?.keepVersions ?? null, keepDays: row?.keepDays ?? null };
}

/** A device's own settings, its site's and what applies; null for an unknown device. */
export async function queryDeviceBackupSettings(
  db: Db,
  deviceId: string,
): Promise<{ own: BackupSettings; site: BackupSettings; siteName: string; effective: EffectivePlan } | null> {
  const d = await db.device.findUnique({
    where: { id: deviceId },
    select: {
      configBackupPlan: { select: { ...SETTINGS_SELECT, intervalHours: true } },
      site: { select: { name: true, configBackupPlan: { select: { ...SETTINGS_SELECT, intervalHours: true } } } },
    },
  });
  if (!d) return null;
  return {
    own: pick(d.configBackupPlan),
    site: pick(d.site.configBackupPlan),
    siteName: d.site.name,
    effective: effectivePlan(d.configBackupPlan, d.site.configBackupPlan),
  };
}

/** Every site (by name) with its settings and how many devices it has. */
export async function querySiteBackupSettings(db: Db): Promise<{ siteId: string; siteName: string; devices: number; settings: BackupSettings }[]> {
  const sites = await db.site.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, _count: { select: { devices: true } }, configBackupPlan: { select: SETTINGS_SELECT } },
  });
  return sites.map((s) => ({ siteId: s.id, siteName: s.name, devices: s._count.devices, settings: pick(s.configBackupPlan) }));
}

/**
 * Sets a device's schedule and retention (admins), audited `config_backup.schedule` (entity device, before/after).
 * @throws BackupNotFoundError for an unknown device
 */
export async function setDeviceBackupSettings(db: Db, actor: AuditActor | null, deviceId: string, settings: BackupSettings): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { id: true, configBackupPlan: { select: SETTINGS_SELECT } } });
    if (!device) throw new BackupNotFoundError("No such device.");
    await tx.configBackupDevice.upsert({ where: { deviceId }, create: { deviceId, ...settings }, update: settings });
    await appendAuditEventInTx(tx, actor, {
      action: "config_backup.schedule",
      entityType: "device",
      entityId: deviceId,
      before: pick(device.configBackupPlan),
      after: settings,
    });
  });
}

/**
 * Sets a site's schedule and retention (admins), audited `config_backup.schedule` (entity site, before/after).
 * @throws BackupNotFoundError for an unknown site
 */
export async function setSiteBackupSettings(db: Db, actor: AuditActor | null, siteId: string, settings: BackupSettings): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const site = await tx.site.findUnique({ where: { id: siteId }, select: { id: true, configBackupPlan: { select: SETTINGS_SELECT } } });
    if (!site) throw new BackupNotFoundError("No such site.");
    await tx.configBackupSite.upsert({ where: { siteId }, create: { siteId, ...settings }, update: settings });
    await appendAuditEventInTx(tx, actor, {
      action: "config_backup.schedule",
      entityType: "site",
      entityId: siteId,
      before: pick(site.configBackupPlan),
      after: settings,
    });
  });
}
