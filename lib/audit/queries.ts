import "server-only";
import type { Db } from "../db-client";
import { containsText } from "../db-dialect";
import type { AuditEvent, Prisma } from "../generated/prisma/client";

/**
 * Read queries over the audit log (table AuditEvent) for the /audit page and the CSV export. Db-parameterised
 * (tests use a temporary SQLite file); authorization happens in lib/audit/server.ts. before/after were
 * redacted of secrets when the event was written (lib/audit/log.ts), so rows are shown as stored.
 */

/** Rows per page of the /audit table. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * Filters of the audit log, all optional and combined with AND.
 * - `action`: exact action (`device.update`), or a prefix when it ends with `.` or `*` (`change.`, `auth.login*`).
 * - `actor`: part of the actor's email, or an exact actor (user) id.
 * - `entityType`, `entityId`: exact.
 * - `from` (inclusive), `to` (exclusive): event time, UTC.
 * - `q`: free text, matched (case-insensitively for ASCII, SQLite LIKE) against action, actor email, entity id,
 *   before, after, request id and client address.
 */
export interface AuditFilter {
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  q?: string;
}

/**
 * A page request: a filter plus a keyset cursor on the event id. Newest first; `before` = the page of events
 * older than that id, `after` = the page of events newer than that id; neither = the newest page.
 */
export interface AuditListQuery extends AuditFilter {
  before?: number;
  after?: number;
}

/** One event as the /audit table shows it. `ts` is ISO 8601 UTC; before/after are pretty-printed JSON (already redacted). */
export interface AuditEventRow {
  id: number;
  ts: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** `/devices/<id>` or `/changes/<id>` when that device or change request still exists, else null. */
  entityHref: string | null;
  clientIp: string | null;
  requestId: string | null;
  before: string | null;
  after: string | null;
  hash: string;
}

/** A page of the audit log. `olderCursor` / `newerCursor`: the `before` / `after` value of the neighbouring pages (null = none). */
export interface AuditPage {
  rows: AuditEventRow[];
  /** Events matching the filter (all pages). */
  total: number;
  olderCursor: number | null;
  newerCursor: number | null;
}

/** The Prisma where clause of a filter (shared by the page query and the CSV export); text matches ignore ASCII case. */
export function auditWhere(db: Db, filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  const action = filter.action?.trim();
  if (action) {
    if (action.endsWith("*")) and.push({ action: { startsWith: action.slice(0, -1) } });
    else if (action.endsWith(".")) and.push({ action: { startsWith: action } });
    else and.push({ action });
  }
  const actor = filter.actor?.trim();
  if (actor) and.push({ OR: [{ actorEmail: containsText(db, actor) }, { actorId: actor }] });
  if (filter.entityType) and.push({ entityType: filter.entityType });
  if (filter.entityId) and.push({ entityId: filter.entityId });
  if (filter.from) and.push({ ts: { gte: filter.from } });
  if (filter.to) and.push({ ts: { lt: filter.to } });
  const q = filter.q?.trim();
  if (q) {
    and.push({
      OR: [
        { action: containsText(db, q) },
        { actorEmail: containsText(db, q) },
        { entityId: containsText(db, q) },
        { before: containsText(db, q) },
        { after: containsText(db, q) },
        { requestId: containsText(db, q) },
        { clientIp: containsText(db, q) },
      ],
    });
  }
  return and.length > 0 ? { AND: and } : {};
}

/** Stored JSON text → indented JSON for display; text that is not JSON is returned as is. */
function prettyJson(text: string | null): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Which device and change-request ids of these events still exist (one query per entity type). */
async function existingEntities(db: Db, events: AuditEvent[]): Promise<{ devices: Set<string>; changes: Set<string> }> {
  const idsOf = (type: string) => [...new Set(events.filter((e) => e.entityType === type && e.entityId).map((e) => e.entityId as string))];
  const deviceIds = idsOf("device");
  const changeIds = idsOf("change");
  const [devices, changes] = await Promise.all([
    deviceIds.length ? db.device.findMany({ where: { id: { in: deviceIds } }, select: { id: true } }) : [],
    changeIds.length ? db.changeRequest.findMany({ where: { id: { in: changeIds } }, select: { id: true } }) : [],
  ]);
  return { devices: new Set(devices.map((d) => d.id)), changes: new Set(changes.map((c) => c.id)) };
}

function toRow(e: AuditEvent, existing: { devices: Set<string>; changes: Set<string> }): AuditEventRow {
  let entityHref: string | null = null;
  if (e.entityId && e.entityType === "device" && existing.devices.has(e.entityId)) entityHref = `/devices/${encodeURIComponent(e.entityId)}`;
  if (e.entityId && e.entityType === "change" && existing.changes.has(e.entityId)) entityHref = `/changes/${encodeURIComponent(e.entityId)}`;
  return {
    id: e.id,
    ts: e.ts.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    entityHref,
    clientIp: e.clientIp,
    requestId: e.requestId,
    before: prettyJson(e.before),
    after: prettyJson(e.after),
    hash: e.hash,
  };
}

/**
 * One page of the audit log, newest first, with keyset pagination on id (cheap at any depth, stable while
 * new events are appended) and the total matching the filter.
 * @param pageSize rows per page (default AUDIT_PAGE_SIZE)
 */
export async function queryAuditPage(db: Db, query: AuditListQuery, pageSize: number = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where = auditWhere(db, query);
  let events: AuditEvent[];
  if (query.after !== undefined && query.before === undefined) {
    events = (await db.auditEvent.findMany({ where: { AND: [where, { id: { gt: query.after } }] }, orderBy: { id: "asc" }, take: pageSize })).reverse();
  } else {
    const cursor = query.before !== undefined ? { id: { lt: query.before } } : {};
    events = await db.auditEvent.findMany({ where: { AND: [where, cursor] }, orderBy: { id: "desc" }, take: pageSize });
  }
  const newest = events[0]?.id;
  const oldest = events[events.length - 1]?.id;
  const [total, newer, older, existing] = await Promise.all([
    db.auditEvent.count({ where }),
    newest === undefined ? null : db.auditEvent.findFirst({ where: { AND: [where, { id: { gt: newest } }] }, select: { id: true } }),
    oldest === undefined ? null : db.auditEvent.findFirst({ where: { AND: [where, { id: { lt: oldest } }] }, select: { id: true } }),
    existingEntities(db, events),
  ]);
  return {
    rows: events.map((e) => toRow(e, existing)),
    total,
    newerCursor: newer && newest !== undefined ? newest : null,
    olderCursor: older && oldest !== undefined ? oldest : null,
  };
}

/** Distinct entity types in the log, sorted (for the filter's choices). */
export async function queryAuditEntityTypes(db: Db): Promise<string[]> {
  const groups = await db.auditEvent.groupBy({ by: ["entityType"], where: { entityType: { not: null } }, orderBy: { entityType: "asc" } });
  return groups.map((g) => g.entityType).filter((t): t is string => t !== null);
}

/** Distinct actions in the log, sorted (suggestions for the action filter). */
export async function queryAuditActions(db: Db): Promise<string[]> {
  const groups = await db.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return groups.map((g) => g.action);
}

/**
 * Every event matching the filter in chain order (id ascending), in batches of `batchSize` rows read with
 * a keyset on id, for streaming exports without holding the log in memory.
 */
export async function* iterateAuditEvents(db: Db, filter: AuditFilter, batchSize = 1000): AsyncGenerator<AuditEvent[]> {
  const where = auditWhere(db, filter);
  let cursor = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { AND: [where, { id: { gt: cursor } }] }, orderBy: { id: "asc" }, take: batchSize });
    const last = rows.at(-1);
    if (!last) return;
    yield rows;
    cursor = last.id;
    if (rows.length < batchSize) return;
  }
}
