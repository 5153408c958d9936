import Form from "next/form";
import Link from "next/link";
import { formatUtcTimeParam, isAuditFiltered } from "@/lib/audit/list-params";
import type { AuditFilter } from "@/lib/audit/queries";

const FIELD = "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
const LABEL = "block text-xs font-medium text-slate-600";

/**
 * Filters of the audit log: a GET form, so the state lives in the URL (shareable; works without JavaScript).
 * Submitting drops the page cursor (back to the newest page). Times are UTC.
 */
export function AuditFilters({ filter, actions, entityTypes }: { filter: AuditFilter; actions: string[]; entityTypes: string[] }) {
  const prefixes = [...new Set(actions.map((a) => a.split(".")[0]).filter(Boolean))].map((p) => `${p}.`);
  return (
    <Form action="/audit" role="search" aria-label="Filter audit events" className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8" data-testid="audit-filters">
      <div className="col-span-2">
        <label htmlFor="audit-q" className={LABEL}>
          Search
        </label>
        <input id="audit-q" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Any text in the event" className={FIELD} />
      </div>
      <div>
        <label htmlFor="audit-action" className={LABEL}>
          Action
        </label>
        <input id="audit-action" name="action" list="audit-actions" defaultValue={filter.action ?? ""} placeholder="change. or auth.login" className={FIELD} />
        <datalist id="audit-actions">
          {[...prefixes, ...actions].map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div>
        <label htmlFor="audit-actor" className={LABEL}>
          Actor
        </label>
        <input id="audit-actor" name="actor" defaultValue={filter.actor ?? ""} placeholder="email or user id" className={FIELD} />
      </div>
      <div>
        <label htmlFor="audit-entity-type" className={LABEL}>
          Entity type
        </label>
        <select id="audit-entity-type" name="entityType" defaultValue={filter.entityType ?? ""} className={FIELD}>
          <option value="">Any</option>
          {entityTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-entity-id" className={LABEL}>
          Entity id
        </label>
        <input id="audit-entity-id" name="entityId" defaultValue={filter.entityId ?? ""} className={FIELD} />
      </div>
      <div>
        <label htmlFor="audit-from" className={LABEL}>
          From (UTC)
        </label>
        <input id="audit-from" name="from" type="datetime-local" defaultValue={filter.from ? formatUtcTimeParam(filter.from) : ""} className={FIELD} />
      </div>
      <div>
        <label htmlFor="audit-to" className={LABEL}>
          To (UTC)
        </label>
        <input id="audit-to" name="to" type="datetime-local" defaultValue={filter.to ? formatUtcTimeParam(filter.to) : ""} className={FIELD} />
      </div>
      <div className="col-span-2 flex items-end gap-3 md:col-span-4 lg:col-span-8">
        <button type="submit" className="rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700" data-testid="audit-filter-apply">
          Apply
        </button>
        {isAuditFiltered(filter) && (
          <Link href="/audit" className="px-2 py-2 text-sm text-slate-600 hover:text-slate-900 hover:underline">
            Clear
          </Link>
        )}
      </div>
    </Form>
  );
}
