import type { DeviceListQuery } from "@/lib/devices/queries";

/**
 * The /devices URL for a list state: only non-default values are written (sort=name, dir=asc and
 * page=1 are left out), so links stay short and shareable.
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
