import type { AuditFilter, AuditListQuery } from "./queries";

/** Next's page `searchParams` (or a route handler's URLSearchParams turned into a record). */
export type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  const trimmed = s?.trim().slice(0, 200);
  return trimmed ? trimmed : undefined;
}

/**
 * A time filter value → Date (UTC). Accepts the `datetime-local` form `YYYY-MM-DDTHH:mm[:ss]` (read as UTC:
 * the server does not know the viewer's zone; the form labels the fields "UTC"), a date `YYYY-MM-DD`
 * (midnight UTC), or a full ISO 8601 time with zone. Anything else → undefined.
 */
function parseUtcTime(v: string | undefined): Date | undefined {
  if (!v) return undefined;
  const local = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(v);
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
  if (!local && !iso) return undefined;
  const d = new Date(local ? `${v.length === 10 ? `${v}T00:00` : v}Z` : v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A Date → the `datetime-local` value in UTC (`YYYY-MM-DDTHH:mm`, seconds kept when not zero). */
export function formatUtcTimeParam(d: Date): string {
  const iso = d.toISOString();
  return d.getUTCSeconds() === 0 ? iso.slice(0, 16) : iso.slice(0, 19);
}

function cursor(v: string | undefined): number | undefined {
  if (!v || !/^\d{1,15}$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}

/**
 * Parses the /audit URL (`action`, `actor`, `entityType`, `entityId`, `from`, `to`, `q`, `before`, `after`);
 * malformed values are dropped (no filter) rather than rejected; strings are trimmed and cut to 200 characters.
 */
export function parseAuditListParams(params: SearchParams): AuditListQuery {
  return {
    action: first(params.action),
    actor: first(params.actor),
    entityType: first(params.entityType),
    entityId: first(params.entityId),
    from: parseUtcTime(first(params.from)),
    to: parseUtcTime(first(params.to)),
    q: first(params.q),
    before: cursor(first(params.before)),
    after: cursor(first(params.after)),
  };
}

/** The filter's URL query string (no cursor), e.g. `action=change.&actor=ada`; empty when unfiltered. */
export function auditFilterSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.action) params.set("action", filter.action);
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.entityType) params.set("entityType", filter.entityType);
  if (filter.entityId) params.set("entityId", filter.entityId);
  if (filter.from) params.set("from", formatUtcTimeParam(filter.from));
  if (filter.to) params.set("to", formatUtcTimeParam(filter.to));
  if (filter.q) params.set("q", filter.q);
  return params.toString();
}

/** True when any filter (not the cursor) is set. */
export function isAuditFiltered(filter: AuditFilter): boolean {
  return auditFilterSearch(filter) !== "";
}

/** The /audit URL of a filter plus an optional cursor (`{ before: id }` older page, `{ after: id }` newer page). */
export function auditListHref(filter: AuditFilter, page: { before?: number; after?: number } = {}): string {
  const params = new URLSearchParams(auditFilterSearch(filter));
  if (page.before !== undefined) params.set("before", String(page.before));
  else if (page.after !== undefined) params.set("after", String(page.after));
  const qs = params.toString();
  return qs ? `/audit?${qs}` : "/audit";
}

/** The CSV export URL for the same filter. */
export function auditExportHref(filter: AuditFilter): string {
  const qs = auditFilterSearch(filter);
  return qs ? `/api/audit/export?${qs}` : "/api/audit/export";
}
