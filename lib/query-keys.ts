import type { MetricId } from "./metrics/descriptors";
import type { RangeKey } from "./metrics/ranges";
import type { RouterView } from "./devices/router-view-dto";

/**
 * Typed TanStack Query keys (one factory, so invalidation and the fetchers agree). Hierarchical:
 * `deviceKeys.detail(id)` prefixes every key of that device, so
 * `queryClient.invalidateQueries({ queryKey: deviceKeys.detail(id) })` refreshes all its widgets.
 */
export const deviceKeys = {
  all: ["devices"] as const,
  detail: (id: string) => [...deviceKeys.all, id] as const,
  /** GET /api/devices/[id]/series/[metric]?range=[&series=] (MetricSeries); every series when `series` is undefined */
  series: (id: string, metric: MetricId, range: RangeKey, series?: string) =>
    [...deviceKeys.detail(id), "series", metric, range, ...(series === undefined ? [] : [series])] as const,
  /** GET /api/devices/[id]/live/sessions (MacServerSessionDto[]) */
  liveSessions: (id: string) => [...deviceKeys.detail(id), "live", "sessions"] as const,
  /** GET /api/devices/[id]/live/macvlan (MacvlanDto[]) */
  liveMacvlans: (id: string) => [...deviceKeys.detail(id), "live", "macvlan"] as const,
  /** GET /api/devices/[id]/live/macsec (MacsecTableDto) */
  liveMacsec: (id: string) => [...deviceKeys.detail(id), "live", "macsec"] as const,
  /** GET /api/devices/[id]/router/<view> (RouterViewResult of the view's DTO, lib/devices/router-view-dto.ts) */
  routerView: (id: string, view: RouterView) => [...deviceKeys.detail(id), "router", view] as const,
};

/** URLs of the device route handlers, next to their keys. */
export const deviceApi = {
  series: (id: string, metric: MetricId, range: RangeKey, series?: string) =>
    `/api/devices/${encodeURIComponent(id)}/series/${metric}?range=${range}${series === undefined ? "" : `&series=${encodeURIComponent(series)}`}`,
  liveSessions: (id: string) => `/api/devices/${encodeURIComponent(id)}/live/sessions`,
  liveMacvlans: (id: string) => `/api/devices/${encodeURIComponent(id)}/live/macvlan`,
  liveMacsec: (id: string) => `/api/devices/${encodeURIComponent(id)}/live/macsec`,
  routerView: (id: string, view: RouterView) => `/api/devices/${encodeURIComponent(id)}/router/${view}`,
};

/** TanStack Query keys of the fleet overview's live widgets. */
export const fleetKeys = {
  all: ["fleet"] as const,
  /** GET /api/fleet/summary (FleetSummary) */
  summary: () => [...fleetKeys.all, "summary"] as const,
  /** GET /api/fleet/problems (FleetProblems: { generatedAt, total, rows: FiringAlert[] }) */
  problems: () => [...fleetKeys.all, "problems"] as const,
  /** GET /api/fleet/top-talkers ({ generatedAt, rows: TopTalker[] }, bits/s) */
  topTalkers: () => [...fleetKeys.all, "top-talkers"] as const,
};

/** URLs of the fleet route handlers, next to their keys. */
export const fleetApi = {
  summary: "/api/fleet/summary",
  problems: "/api/fleet/problems",
  topTalkers: "/api/fleet/top-talkers",
} as const;

/**
 * TanStack Query keys of change requests. `detail` and `suggestions` sit under their own segment, so a
 * request id can never collide with the suggestions key.
 */
export const changeKeys = {
  all: ["changes"] as const,
  /** GET /api/changes/[id] (ChangeDetailDto) */
  detail: (id: string) => [...changeKeys.all, "detail", id] as const,
  /** GET /api/changes/suggestions?device=… (ChangeSuggestions), for these device ids in this order */
  suggestions: (deviceIds: readonly string[]) => [...changeKeys.all, "suggestions", ...deviceIds] as const,
};

/** URLs of the change route handlers, next to their keys. */
export const changeApi = {
  detail: (id: string) => `/api/changes/${encodeURIComponent(id)}`,
  suggestions: (deviceIds: readonly string[]) => `/api/changes/suggestions?${deviceIds.map((id) => `device=${encodeURIComponent(id)}`).join("&")}`,
};

/** TanStack Query keys of the audit log's live widgets. */
export const auditKeys = {
  all: ["audit"] as const,
  /** GET /api/audit/chain (ChainStatus) */
  chain: () => [...auditKeys.all, "chain"] as const,
};

/** URLs of the audit route handlers, next to their keys. */
export const auditApi = {
  chain: "/api/audit/chain",
} as const;
