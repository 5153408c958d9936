import Form from "next/form";
import Link from "next/link";
import { FilterInput, FilterSelect } from "@/components/ui/filter-fields";
import type { MacsecLinkQuery } from "@/lib/macsec/link-types";

/**
 * Search and filters of the MACsec links view: a GET form, so the state lives in the URL (works without JavaScript;
 * with it, next/form navigates client-side). Submitting resets to page 1 and keeps the sort.
 */
export function MacsecLinkFilters({ query, sites }: { query: MacsecLinkQuery; sites: string[] }) {
  const filtered = Boolean(query.q || query.site || query.status);
  return (
    <Form action="/macsec" role="search" aria-label="Filter MACsec links" className="flex flex-wrap items-end gap-3">
      {query.sort && <input type="hidden" name="sort" value={query.sort} />}
      <FilterInput
        id="macsec-q"
        label="Search"
        className="min-w-64 flex-1"
        name="q"
        type="search"
        defaultValue={query.q ?? ""}
        placeholder="Router or interface"
      />
      <FilterSelect id="macsec-site" label="Site" name="site" value={query.site} any="All sites" options={sites.map((s) => ({ value: s, label: s }))} />
      <FilterSelect
        id="macsec-status"
        label="Status"
        name="status"
        value={query.status}
        any="All links"
        options={[{ value: "not-secured", label: "Not secured" }]}
      />
      <button type="submit" className="rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700">
        Apply
      </button>
      {filtered && (
        <Link href="/macsec" className="px-2 py-2 text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Clear
        </Link>
      )}
    </Form>
  );
}
