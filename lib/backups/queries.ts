import "server-only";
import { structuredPatch } from "diff";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import { clampPage } from "../pagination";
import type { BackupDiffDto, BackupHistoryDto, BackupVersionDto } from "./dto";
import { BackupNotFoundError } from "./errors";
import { decodeContent } from "./store";

/**
 * Reads of stored backups for the Configuration tab and the fleet (on a given Db; lib/backups/server.ts binds the
 * app's and checks permissions): history pages, a diff between two versions, a version's text. Secrets are masked in every text sent to a browser unless the caller asks otherwise.
 */

/** Versions per history page. */
export const HISTORY_PAGE_SIZE = 20;

/** Export arguments whose values are secrets (docs/routeros.md): masked as `********` in what browsers see. */
const SECRET_ARG_RE = /\b(cak|password|passphrase|secret|private-key|pre-shared-key)=("(?:[^"\\]|\\.)*"|\S+)/g;

/** The text with every secret argument's value replaced by `********`. */
export function maskSecrets(text: string): string {
  return text.replace(SECRET_ARG_RE, "$1=********");
}

/** The columns of a {@link versionDto}. */
export const VERSION_SELECT = {
  id: true,
  takenAt: true,
  trigger: true,
  changeRequestId: true,
  sizeBytes: true,
  linesAdded: true,
  linesRemoved: true,
  sealed: true,
  outsideChange: true,
  routerVersion: true,
} as const;

/** A stored version's row as a client-safe DTO (time as ISO UTC). */
export function versionDto(r: {
  id: string;
  takenAt: Date;
  trigger: BackupVersionDto["trigger"];
  changeRequestId: string | null;
  sizeBytes: number;
  linesAdded: number;
  linesRemoved: number;
  sealed: boolean;
  outsideChange: boolean;
  routerVersion: string | null;
}): BackupVersionDto {
  return { ...r, takenAt: r.takenAt.toISOString() };
}

/** A page of a device's versions, newest first, with its backup state; null for an unknown device. */
export async function queryBackupHistory(db: Db, deviceId: string, requestedPage?: number): Promise<BackupHistoryDto | null> {
  const device = await db.device.findUnique({
    where: { id: deviceId },
    select: { id: true, configBackupPlan: { select: { includeSecrets: true, lastAttemptAt: true, lastSuccessAt: true, lastError: true } } },
  });
  if (!device) return null;
  const total = await db.configBackup.count({ where: { deviceId } });
  const { page, pageCount } = clampPage(requestedPage, total, HISTORY_PAGE_SIZE);
  const rows = await db.configBackup.findMany({
    where: { deviceId },
    orderBy: [{ takenAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * HISTORY_PAGE_SIZE,
    take: HISTORY_PAGE_SIZE,
    select: VERSION_SELECT,
  });
  const plan = device.configBackupPlan;
  return {
    deviceId,
    versions: rows.map(versionDto),
    page: { page, pageCount, total, pageSize: HISTORY_PAGE_SIZE },
    includeSecrets: plan?.includeSecrets ?? false,
    lastAttemptAt: plan?.lastAttemptAt?.toISOString() ?? null,
    lastSuccessAt: plan?.lastSuccessAt?.toISOString() ?? null,
    lastError: plan?.lastError ?? null,
  };
}

async function loadVersion(db: Db, deviceId: string, id: string) {
  const row = await db.configBackup.findFirst({ where: { id, deviceId }, select: { ...VERSION_SELECT, deviceId: true, sha256: true, content: true } });
  if (!row) throw new BackupNotFoundError("No such backup of this device.");
  return row;
}

/**
 * The diff from version `fromId` to `toId` of a device (secrets masked): hunks with 3 lines of context, as the
 * `diff` package's structuredPatch gives them (lines start with ` `, `+` or `-`).
 * @throws BackupNotFoundError when either version is not the device's
 */
export async function queryBackupDiff(db: Db, deviceId: string, fromId: string, toId: string, secretKey?: string): Promise<BackupDiffDto> {
  const [from, to] = await Promise.all([loadVersion(db, deviceId, fromId), loadVersion(db, deviceId, toId)]);
  const patch = structuredPatch(
    "from.rsc",
    "to.rsc",
    maskSecrets(decodeContent(from, secretKey)),
    maskSecrets(decodeContent(to, secretKey)),
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  return {
    from: versionDto(from),
    to: versionDto(to),
    hunks: patch.hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines })),
  };
}

/**
 * One version's text for download (`.rsc`), secrets masked unless `withSecrets`; the download is audited
 * (`config_backup.download`, no state change of its own).
 * @throws BackupNotFoundError when the version is not the device's
 */
export async function readBackupText(
  db: Db,
  actor: AuditActor | null,
  deviceId: string,
  id: string,
  opts: { withSecrets: boolean; secretKey?: string },
): Promise<{ fileName: string; text: string }> {
  const row = await loadVersion(db, deviceId, id);
  const device = await db.device.findUniqueOrThrow({ where: { id: deviceId }, select: { name: true } });
  const text = decodeContent(row, opts.secretKey);
  const withSecrets = opts.withSecrets && row.sealed;
  await writeTransaction(db, (tx) =>
    appendAuditEventInTx(tx, actor, {
      action: "config_backup.download",
      entityType: "device",
      entityId: deviceId,
      after: { backupId: id, sensitiveShown: withSecrets },
    }),
  );
  const stamp = row.takenAt.toISOString().replace(/[:.]/g, "-");
  return { fileName: `${device.name}-${stamp}.rsc`, text: withSecrets ? text : maskSecrets(text) };
}

/**
 * Sets whether the device's backups include secrets (admins; audited `config_backup.settings`).
 * @throws BackupNotFoundError for an unknown device
 */
export async function setIncludeSecrets(db: Db, actor: AuditActor | null, deviceId: string, includeSecrets: boolean): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { id: true, configBackupPlan: { select: { includeSecrets: true } } } });
    if (!device) throw new BackupNotFoundError("No such device.");
    const before = device.configBackupPlan?.includeSecrets ?? false;
    await tx.configBackupDevice.upsert({ where: { deviceId }, create: { deviceId, includeSecrets }, update: { includeSecrets } });
    await appendAuditEventInTx(tx, actor, {
      action: "config_backup.settings",
      entityType: "device",
      entityId: deviceId,
      before: { sensitiveIncluded: before },
      after: { sensitiveIncluded: includeSecrets },
    });
  });
}
