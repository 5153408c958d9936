import Form from "next/form";
import Link from "next/link";
import { FilterInput, FilterSelect } from "@/components/ui/filter-fields";
import { DEVICE_STATUSES, type DeviceListQuery } from "@/lib/devices/queries";

/**
 * Search and filters of the devices list: a GET form, so the state lives in the URL (works without
 * JavaScript; with it, next/form navigates client-side). Submitting resets to page 1.
 */
export function DeviceFilters({ query, sites }: { query: DeviceListQuery; sites: string[] }) {
  const filtered = Boolean(query.q || query.site || query.status);
  return (
    <Form action="/devices" role="search" aria-label="Filter devices" className="flex flex-wrap items-end gap-3">
      {query.sort && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir === "desc" && <input type="hidden" name="dir" value="desc" />}
      <FilterInput
        id="device-q"
        label="Search"
        className="min-w-64 flex-1"
        name="q"
        type="search"
        defaultValue={query.q ?? ""}
        placeholder="Name, identity, site, tag or API host"
      />
      <FilterSelect id="device-site" label="Site" name="site" value={query.site} any="All sites" options={sites.map((s) => ({ value: s, label: s }))} />
      <FilterSelect
        id="device-status"
        label="Status"
        name="status"
        value={query.status}
        any="Any status"
        options={DEVICE_STATUSES.map((s) => ({ value: s, label: s }))}
      />
      <button type="submit" className="rounded-md bg-slate-800 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700">
        Apply
      </button>
      {filtered && (
        <Link href="/devices" className="px-2 py-2 text-sm text-slate-600 hover:text-slate-900 hover:underline">
          Clear
        </Link>
      )}
    </Form>
  );
}
