import Form from "next/form";
import Link from "next/link";
import { FilterInput, FilterSelect } from "@/components/ui/filter-fields";
import { formatUtcTimeParam, isAuditFiltered } from "@/lib/audit/list-params";
import type { AuditFilter } from "@/lib/audit/queries";

/**
 * Filters of the audit log: a GET form, so the state lives in the URL (shareable; works without JavaScript).
 * Submitting drops the page cursor (back to the newest page). Times are UTC.
 */
export function AuditFilters({ filter, actions, entityTypes }: { filter: AuditFilter; actions: string[]; entityTypes: string[] }) {
  const prefixes = [...new Set(actions.map((a) => a.split(".")[0]).filter(Boolean))].map((p) => `${p}.`);
  return (
    <Form
      action="/audit"
      role="search"
      aria-label="Filter audit events"
      className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8"
      data-testid="audit-filters"
    >
      <FilterInput
        id="audit-q"
        label="Search"
        className="col-span-2"
        name="q"
        type="search"
        defaultValue={filter.q ?? ""}
        placeholder="Any text in the event"
      />
      <FilterInput id="audit-action" label="Action" name="action" list="audit-actions" defaultValue={filter.action ?? ""} placeholder="change. or auth.login">
        <datalist id="audit-actions">
          {[...prefixes, ...actions].map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </FilterInput>
      <FilterInput id="audit-actor" label="Actor" name="actor" defaultValue={filter.actor ?? ""} placeholder="email or user id" />
      <FilterSelect
        id="audit-entity-type"
        label="Entity type"
        name="entityType"
        value={filter.entityType}
        any="Any"
        className="w-full"
        options={entityTypes.map((t) => ({ value: t, label: t }))}
      />
      <FilterInput id="audit-entity-id" label="Entity id" name="entityId" defaultValue={filter.entityId ?? ""} />
      <FilterInput id="audit-from" label="From (UTC)" name="from" type="datetime-local" defaultValue={filter.from ? formatUtcTimeParam(filter.from) : ""} />
      <FilterInput id="audit-to" label="To (UTC)" name="to" type="datetime-local" defaultValue={filter.to ? formatUtcTimeParam(filter.to) : ""} />
      <div className="col-span-2 flex items-end gap-3 md:col-span-4 lg:col-span-8">
        <button
          type="submit"
          className="rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700"
          data-testid="audit-filter-apply"
        >
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
