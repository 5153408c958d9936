import "server-only";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { clampPage } from "../pagination";
import type { OutsideChangeDto, OutsideChangesPageDto } from "./dto";
import { BackupNotFoundError, BackupReviewError } from "./errors";
import { queryBackupDiff, VERSION_SELECT, versionDto } from "./queries";

/**
 * The fleet's "Configuration changed outside the product" (docs/backups.md): versions flagged `outsideChange`
 * (lib/backups/store.ts), listed per device until an admin reviews them (`reviewedAt`, `reviewedById`, `reviewNote`,
 * audited `backup.outside.review`), then under "Reviewed".
 */

/** Outside changes per page (each carries its diff). */
export const OUTSIDE_PAGE_SIZE = 10;

/** Longest review note, characters. */
export const REVIEW_NOTE_MAX = 500;

/** Filters of {@link queryOutsideChanges}: the view, a site (id) or all, the page (1-based). */
export interface OutsideChangesQuery {
  view: "unreviewed" | "reviewed";
  siteId?: string | null;
  page?: number;
  /** SECRET_KEY override (base64): tests. */
  secretKey?: string;
}

const ROW_SELECT = {
  ...VERSION_SELECT,
  deviceId: true,
  reviewedAt: true,
  reviewedById: true,
  reviewNote: true,
  device: { select: { name: true, site: { select: { name: true } } } },
} as const;

/**
 * The ids of the versions listed as unreviewed: per device, its newest version when it is flagged and not reviewed;
 * newest first. One query for the flagged versions, one for the newest time of their devices.
 */
async function unreviewedIds(db: Db, siteId: string | null): Promise<string[]> {
  const flagged = await db.configBackup.findMany({
    where: { outsideChange: true, reviewedAt: null, ...(siteId ? { device: { siteId } } : {}) },
    orderBy: [{ takenAt: "desc" }, { id: "desc" }],
    select: { id: true, deviceId: true, takenAt: true },
  });
  if (flagged.length === 0) return [];
  const newest = await db.configBackup.groupBy({
    by: ["deviceId"],
    where: { deviceId: { in: [...new Set(flagged.map((f) => f.deviceId))] } },
    _max: { takenAt: true },
  });
  const newestAt = new Map(newest.map((n) => [n.deviceId, n._max.takenAt?.getTime()]));
  return flagged.filter((f) => newestAt.get(f.deviceId) === f.takenAt.getTime()).map((f) => f.id);
}

/** How many devices have an unreviewed outside change (their newest version is flagged and not reviewed). */
export async function countUnreviewedOutsideChanges(db: Db): Promise<number> {
  return (await unreviewedIds(db, null)).length;
}

/**
 * A page of outside changes with their diffs (from the version before, secrets masked): `unreviewed` lists devices
 * whose newest version is flagged and not reviewed; `reviewed` lists reviewed flagged versions, newest review first.
 */
export async function queryOutsideChanges(db: Db, q: OutsideChangesQuery): Promise<OutsideChangesPageDto> {
  const siteId = q.siteId ?? null;
  let ids: string[] | null = null;
  let total: number;
  if (q.view === "unreviewed") {
    ids = await unreviewedIds(db, siteId);
    total = ids.length;
  } else {
    total = await db.configBackup.count({ where: { outsideChange: true, reviewedAt: { not: null }, ...(siteId ? { device: { siteId } } : {}) } });
  }
  const { page, pageCount } = clampPage(q.page, total, OUTSIDE_PAGE_SIZE);
  const skip = (page - 1) * OUTSIDE_PAGE_SIZE;
  const rows = ids
    ? await db.configBackup.findMany({
        where: { id: { in: ids.slice(skip, skip + OUTSIDE_PAGE_SIZE) } },
        orderBy: [{ takenAt: "desc" }, { id: "desc" }],
        select: ROW_SELECT,
      })
    : await db.configBackup.findMany({
        where: { outsideChange: true, reviewedAt: { not: null }, ...(siteId ? { device: { siteId } } : {}) },
        orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
        skip,
        take: OUTSIDE_PAGE_SIZE,
        select: ROW_SELECT,
      });
  const reviewerIds = [...new Set(rows.flatMap((r) => (r.reviewedById ? [r.reviewedById] : [])))];
  const reviewers = new Map(
    (reviewerIds.length > 0 ? await db.user.findMany({ where: { id: { in: reviewerIds } }, select: { id: true, email: true } }) : []).map((u) => [
      u.id,
      u.email,
    ]),
  );
  const items: OutsideChangeDto[] = [];
  for (const r of rows) {
    const prev = await db.configBackup.findFirst({
      where: { deviceId: r.deviceId, takenAt: { lt: r.takenAt } },
      orderBy: [{ takenAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    const diff = prev ? await queryBackupDiff(db, r.deviceId, prev.id, r.id, q.secretKey) : null;
    items.push({
      deviceId: r.deviceId,
      deviceName: r.device.name,
      siteName: r.device.site.name,
      version: versionDto(r),
      previousId: prev?.id ?? null,
      hunks: diff?.hunks ?? [],
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      reviewedBy: r.reviewedById ? (reviewers.get(r.reviewedById) ?? "a removed user") : null,
      reviewNote: r.reviewNote,
    });
  }
  return { view: q.view, items, page: { page, pageCount, total, pageSize: OUTSIDE_PAGE_SIZE } };
}

/**
 * Marks an outside change as reviewed: the version `backupId` and every earlier unreviewed flagged version of its
 * device get `reviewedAt` = now, `reviewedById` and the note, with `backup.outside.review` (entity device: backupId,
 * versions, note), in one write transaction.
 * @throws BackupNotFoundError for an unknown version; BackupReviewError when it is not flagged or already reviewed
 */
export async function reviewOutsideChange(db: Db, actor: AuditActor & { id: string }, backupId: string, note: string | null): Promise<{ reviewed: number }> {
  return writeTransaction(db, async (tx) => {
    const row = await tx.configBackup.findUnique({ where: { id: backupId }, select: { deviceId: true, takenAt: true, outsideChange: true, reviewedAt: true } });
    if (!row) throw new BackupNotFoundError("No such backup.");
    if (!row.outsideChange) throw new BackupReviewError("This version was not changed outside the product.");
    if (row.reviewedAt) throw new BackupReviewError("This change was already reviewed.");
    const reviewedAt = new Date();
    const done = await tx.configBackup.updateMany({
      where: { deviceId: row.deviceId, outsideChange: true, reviewedAt: null, takenAt: { lte: row.takenAt } },
      data: { reviewedAt, reviewedById: actor.id, reviewNote: note },
    });
    await appendAuditEventInTx(tx, actor, {
      action: "backup.outside.review",
      entityType: "device",
      entityId: row.deviceId,
      after: { backupId, versions: done.count, note },
    });
    return { reviewed: done.count };
  });
}
