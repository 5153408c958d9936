import Form from "next/form";
import Link from "next/link";
import type { ChangeFilterOptions, ChangeListQuery } from "@/lib/changes/dto";
import { KIND_INFOS } from "@/lib/changes/kinds/catalog";

const FIELD = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

function Select({ id, label, name, value, options, any }: { id: string; label: string; name: string; value?: string; options: { value: string; label: string }[]; any: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={`mt-1 max-w-56 ${FIELD}`}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Filters of the change queue (kind, device, proposer, free text): a GET form, so the state lives in
 * the URL; the status tab and sort are kept. Submitting resets to page 1.
 */
export function ChangeFilters({ query, options }: { query: ChangeListQuery; options: ChangeFilterOptions }) {
  const filtered = Boolean(query.q || query.kind || query.device || query.proposer);
  return (
    <Form action="/changes" role="search" aria-label="Filter change requests" className="flex flex-wrap items-end gap-3">
      {query.status && <input type="hidden" name="status" value={query.status} />}
      {query.sort && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir === "asc" && <input type="hidden" name="dir" value="asc" />}
      <div className="min-w-56 flex-1">
        <label htmlFor="change-q" className="block text-xs font-medium text-slate-600">
          Search
        </label>
        <input id="change-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="Title, kind, device or request id" className={`mt-1 w-full ${FIELD}`} />
      </div>
      <Select id="change-kind" label="Kind" name="kind" value={query.kind} any="Any kind" options={KIND_INFOS.map((k) => ({ value: k.id, label: `${k.group}: ${k.label}` }))} />
      <Select id="change-device" label="Device" name="device" value={query.device} any="Any device" options={options.devices.map((d) => ({ value: d.id, label: d.name }))} />
      <Select id="change-proposer" label="Proposer" name="proposer" value={query.proposer} any="Anyone" options={options.proposers.map((u) => ({ value: u.id, label: u.name }))} />
      <button type="submit" className="rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700">
        Apply
      </button>
      {filtered && (
        <Link href={query.status ? `/changes?status=${query.status}` : "/changes"} className="px-2 py-2 text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Clear
        </Link>
      )}
    </Form>
  );
}
