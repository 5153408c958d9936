import "server-only";
import { auditActor, requirePermission } from "../auth/session";
import { can } from "../auth/permissions";
import { db } from "../db";
import type { BackupDiffDto, BackupHistoryDto, OutsideChangesPageDto } from "./dto";
import { countUnreviewedOutsideChanges, queryOutsideChanges, reviewOutsideChange, type OutsideChangesQuery } from "./outside";
import { queryBackupDiff, queryBackupHistory, readBackupText, setIncludeSecrets } from "./queries";
import { queryDeviceBackupSettings, querySiteBackupSettings, setDeviceBackupSettings, setSiteBackupSettings, type BackupSettings } from "./settings";
import { takeBackup, type TakeBackupResult } from "./store";

/**
 * The configuration backups' data layer (CODE_STYLE.md "Data layer"): reading history and diffs needs
 * `changes.read` (OPERATOR+: a configuration shows addresses and rules), "Back up now" `changes.propose`,
 * the per-device opt-in to secrets and the schedule and retention `devices.manage` (admins), reviewing an outside
 * change `changes.approve` (admins). Texts sent to browsers have secrets masked,
 * except an admin's download of a version that holds them.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** A page (1-based) of the device's stored versions, newest first; null for an unknown device. Permission: changes.read. */
export async function listDeviceBackups(deviceId: string, page?: number): Promise<BackupHistoryDto | null> {
  await requirePermission("changes.read");
  return queryBackupHistory(db, deviceId, page);
}

/** The diff between two versions of the device (secrets masked). Permission: changes.read. @throws BackupNotFoundError */
export async function getBackupDiff(deviceId: string, fromId: string, toId: string): Promise<BackupDiffDto> {
  await requirePermission("changes.read");
  return queryBackupDiff(db, deviceId, fromId, toId);
}

/**
 * A version's `.rsc` text for download, audited; secrets stay masked unless the user may manage devices.
 * Permission: changes.read. @throws BackupNotFoundError
 */
export async function downloadBackup(deviceId: string, backupId: string): Promise<{ fileName: string; text: string }> {
  const user = await requirePermission("changes.read");
  return readBackupText(db, await auditActor(user), deviceId, backupId, { withSecrets: can(user.role, "devices.manage") });
}

/** Takes a backup of the device now (trigger `on_demand`, audited). Permission: changes.propose. @throws BackupNotFoundError, router errors */
export async function backUpNow(deviceId: string): Promise<TakeBackupResult> {
  const user = await requirePermission("changes.propose");
  return takeBackup(db, deviceId, { trigger: "on_demand", actor: await auditActor(user) });
}

/** Opts the device's backups in or out of secrets (`show-sensitive`, sealed at rest; audited). Permission: devices.manage. */
export async function setBackupSecrets(deviceId: string, includeSecrets: boolean): Promise<void> {
  const user = await requirePermission("devices.manage");
  await setIncludeSecrets(db, await auditActor(user), deviceId, includeSecrets);
}

/**
 * A page of the fleet's outside changes with their diffs (secrets masked): `unreviewed` (devices whose newest version
 * is flagged and not reviewed) or `reviewed`, optionally of one site. Permission: changes.read.
 */
export async function listOutsideChanges(q: Omit<OutsideChangesQuery, "secretKey">): Promise<OutsideChangesPageDto> {
  await requirePermission("changes.read");
  return queryOutsideChanges(db, q);
}

/** How many devices have an unreviewed outside change (the nav's count). Permission: changes.read. */
export async function countOutsideChanges(): Promise<number> {
  await requirePermission("changes.read");
  return countUnreviewedOutsideChanges(db);
}

/**
 * Marks an outside change (and the device's earlier unreviewed ones) as reviewed, with an optional note; audited
 * `backup.outside.review`. Permission: changes.approve. @throws BackupNotFoundError, BackupReviewError
 */
export async function reviewOutsideChangeAs(backupId: string, note: string | null): Promise<{ reviewed: number }> {
  const user = await requirePermission("changes.approve");
  return reviewOutsideChange(db, await auditActor(user), backupId, note);
}

/** Sites (id, name) for the fleet page's filter. Permission: changes.read. */
export async function listBackupSites(): Promise<{ id: string; name: string }[]> {
  await requirePermission("changes.read");
  return db.site.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** A device's own schedule and retention, its site's and what applies; null for an unknown device. Permission: devices.manage. */
export async function getDeviceBackupSettings(deviceId: string): Promise<Awaited<ReturnType<typeof queryDeviceBackupSettings>>> {
  await requirePermission("devices.manage");
  return queryDeviceBackupSettings(db, deviceId);
}

/** Every site's schedule and retention. Permission: devices.manage. */
export async function listSiteBackupSettings(): Promise<Awaited<ReturnType<typeof querySiteBackupSettings>>> {
  await requirePermission("devices.manage");
  return querySiteBackupSettings(db);
}

/** Sets a device's schedule and retention (audited `config_backup.schedule`). Permission: devices.manage. @throws BackupNotFoundError */
export async function updateDeviceBackupSettings(deviceId: string, settings: BackupSettings): Promise<void> {
  const user = await requirePermission("devices.manage");
  await setDeviceBackupSettings(db, await auditActor(user), deviceId, settings);
}

/** Sets a site's schedule and retention (audited `config_backup.schedule`). Permission: devices.manage. @throws BackupNotFoundError */
export async function updateSiteBackupSettings(siteId: string, settings: BackupSettings): Promise<void> {
  const user = await requirePermission("devices.manage");
  await setSiteBackupSettings(db, await auditActor(user), siteId, settings);
}
