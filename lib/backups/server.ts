import "server-only";
import { auditActor, requirePermission } from "../auth/session";
import { can } from "../auth/permissions";
import { db } from "../db";
import type { BackupDiffDto, BackupHistoryDto, OutsideChangeDto } from "./dto";
import { queryBackupDiff, queryBackupHistory, queryOutsideChanges, readBackupText, setIncludeSecrets } from "./queries";
import { takeBackup, type TakeBackupResult } from "./store";

/**
 * The configuration backups' data layer (CODE_STYLE.md "Data layer"): reading history and diffs needs
 * `changes.read` (OPERATOR+: a configuration shows addresses and rules), "Back up now" `changes.propose`,
 * the per-device opt-in to secrets `devices.manage` (admins). Texts sent to browsers have secrets masked,
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

/** Devices whose newest version changed outside a change request. Permission: changes.read. */
export async function listOutsideChanges(): Promise<OutsideChangeDto[]> {
  await requirePermission("changes.read");
  return queryOutsideChanges(db);
}
