import "server-only";
import { z } from "zod";
import type { Db } from "../../db-client";
import { containsText } from "../../db-dialect";
import { clampPage } from "../../pagination";

/**
 * Reads of the MAC allow-list page (Db-parameterised; lib/alerts/admin-server.ts binds them to the session): entries
 * per site or device with search and pages, and the open `mac-session-unknown` alerts each entry covers (an alert of
 * that rule whose session MAC is the entry's, on the entry's device or a device of its site: the evaluation would
 * resolve it at its next pass, docs/monitoring.md "Rules").
 */

/** Rows per page of the allow-list. */
export const ALLOW_LIST_PAGE_SIZE = 50;

/** The list's URL state: a search (MAC, comment, site or device name) and the page. */
export const allowListFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});
export type AllowListFilter = z.infer<typeof allowListFilterSchema>;

/** One entry as the page shows it. */
export type AllowListRow = {
  id: string;
  macAddress: string;
  comment: string;
  createdAt: Date;
  site: { id: string; name: string } | null;
  device: { id: string; name: string } | null;
  /** Open unknown-MAC alerts (pending or firing) this entry covers. */
  covers: { alertId: string; deviceName: string; state: string }[];
};

/**
 * One page of entries, newest first. A search matches the MAC (any separator), the comment, or the name of the
 * entry's site or device, case-insensitively.
 */
export async function listAllowList(
  db: Db,
  filter: AllowListFilter,
): Promise<{ rows: AllowListRow[]; page: number; pageCount: number; total: number; pageSize: number }> {
  const q = filter.q ?? "";
  let where = {};
  if (q) {
    const [sites, devices] = await Promise.all([
      db.site.findMany({ where: { name: containsText(db, q) }, select: { id: true }, take: 500 }),
      db.device.findMany({ where: { name: containsText(db, q) }, select: { id: true }, take: 500 }),
    ]);
    where = {
      OR: [
        { macAddress: { contains: q.toUpperCase().replace(/-/g, ":") } },
        { comment: containsText(db, q) },
        { siteId: { in: sites.map((s) => s.id) } },
        { deviceId: { in: devices.map((d) => d.id) } },
      ],
    };
  }
  const total = await db.macAllowListEntry.count({ where });
  const { page, pageCount } = clampPage(filter.page, total, ALLOW_LIST_PAGE_SIZE);
  const entries = await db.macAllowListEntry.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * ALLOW_LIST_PAGE_SIZE,
    take: ALLOW_LIST_PAGE_SIZE,
  });
  const siteIds = entries.flatMap((e) => (e.siteId ? [e.siteId] : []));
  const deviceIds = entries.flatMap((e) => (e.deviceId ? [e.deviceId] : []));
  const [sites, devices, alerts] = await Promise.all([
    db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, name: true } }),
    db.device.findMany({ where: { id: { in: deviceIds } }, select: { id: true, name: true } }),
    db.alert.findMany({
      where: { rule: { type: "mac-session-unknown" }, state: { in: ["pending", "firing"] }, subject: { in: [...new Set(entries.map((e) => e.macAddress))] } },
      select: { id: true, subject: true, deviceId: true, siteId: true, state: true, device: { select: { name: true } } },
    }),
  ]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const deviceById = new Map(devices.map((d) => [d.id, d]));
  const rows = entries.map((e): AllowListRow => ({
    id: e.id,
    macAddress: e.macAddress,
    comment: e.comment,
    createdAt: e.createdAt,
    site: e.siteId ? (siteById.get(e.siteId) ?? { id: e.siteId, name: "(site removed)" }) : null,
    device: e.deviceId ? (deviceById.get(e.deviceId) ?? { id: e.deviceId, name: "(device removed)" }) : null,
    covers: alerts
      .filter((a) => a.subject === e.macAddress && ((e.deviceId !== null && a.deviceId === e.deviceId) || (e.siteId !== null && a.siteId === e.siteId)))
      .map((a) => ({ alertId: a.id, deviceName: a.device?.name ?? "(device removed)", state: a.state })),
  }));
  return { rows, page, pageCount, total, pageSize: ALLOW_LIST_PAGE_SIZE };
}
