import Form from "next/form";
import Link from "next/link";
import { DEVICE_STATUSES, type DeviceListQuery } from "@/lib/devices/queries";

const FIELD = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

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
      <div className="min-w-64 flex-1">
        <label htmlFor="device-q" className="block text-xs font-medium text-slate-600">
          Search
        </label>
        <input id="device-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="Name, identity, site, tag or API host" className={`mt-1 w-full ${FIELD}`} />
      </div>
      <div>
        <label htmlFor="device-site" className="block text-xs font-medium text-slate-600">
          Site
        </label>
        <select id="device-site" name="site" defaultValue={query.site ?? ""} className={`mt-1 ${FIELD}`}>
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="device-status" className="block text-xs font-medium text-slate-600">
          Status
        </label>
        <select id="device-status" name="status" defaultValue={query.status ?? ""} className={`mt-1 ${FIELD}`}>
          <option value="">Any status</option>
          {DEVICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
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
