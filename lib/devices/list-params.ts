import { DEVICE_SORTS, DEVICE_STATUSES, type DeviceListQuery } from "./queries";

/** Next's page `searchParams` after awaiting. */
export type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return values.find((x) => x === v);
}

/**
 * Parses the devices list's URL search params (`q`, `site`, `status`, `sort`, `dir`, `page`);
 * unknown or malformed values are dropped (the defaults apply) rather than rejected. `q` is cut
 * to 100 characters.
 */
export function parseDeviceListParams(params: SearchParams): DeviceListQuery {
  const page = Number.parseInt(first(params.page) ?? "1", 10);
  return {
    q: first(params.q)?.trim().slice(0, 100) || undefined,
    site: first(params.site) || undefined,
    status: oneOf(DEVICE_STATUSES, first(params.status)),
    sort: oneOf(DEVICE_SORTS, first(params.sort)),
    dir: first(params.dir) === "desc" ? "desc" : "asc",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/**
 * The /devices URL for a list state, with `change` applied: only non-default values are written
 * (sort=name, dir=asc and page=1 are left out), so links stay short and shareable.
 */
export function deviceListHref(query: DeviceListQuery, change: Partial<DeviceListQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.site) params.set("site", next.site);
  if (next.status) params.set("status", next.status);
  if (next.sort && next.sort !== "name") params.set("sort", next.sort);
  if (next.dir === "desc") params.set("dir", "desc");
  if (next.page && next.page > 1) params.set("page", String(next.page));
  const qs = params.toString();
  return qs ? `/devices?${qs}` : "/devices";
}
