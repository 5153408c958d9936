import Form from "next/form";
import Link from "next/link";
import { FilterInput, FilterSelect } from "@/components/ui/filter-fields";
import type { ChangeFilterOptions, ChangeListQuery } from "@/lib/changes/dto";
import { KIND_INFOS } from "@/lib/changes/kinds/catalog";

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
      <FilterInput
        id="change-q"
        label="Search"
        className="min-w-56 flex-1"
        name="q"
        type="search"
        defaultValue={query.q ?? ""}
        placeholder="Title, kind, device or request id"
      />
      <FilterSelect
        id="change-kind"
        label="Kind"
        name="kind"
        value={query.kind}
        any="Any kind"
        options={KIND_INFOS.map((k) => ({ value: k.id, label: `${k.group}: ${k.label}` }))}
        className="max-w-56"
      />
      <FilterSelect
        id="change-device"
        label="Device"
        name="device"
        value={query.device}
        any="Any device"
        options={options.devices.map((d) => ({ value: d.id, label: d.name }))}
        className="max-w-56"
      />
      <FilterSelect
        id="change-proposer"
        label="Proposer"
        name="proposer"
        value={query.proposer}
        any="Anyone"
        options={options.proposers.map((u) => ({ value: u.id, label: u.name }))}
        className="max-w-56"
      />
      <button type="submit" className="rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700">
        Apply
      </button>
      {filtered && (
        <Link
          href={query.status ? `/changes?status=${query.status}` : "/changes"}
          className="px-2 py-2 text-sm text-slate-600 hover:text-slate-900 hover:underline"
        >
          Clear
        </Link>
      )}
    </Form>
  );
}
