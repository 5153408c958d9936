/**
 * The "MACsec links" view (/macsec): DTOs, list state and its URL. Types and pure functions only, so client code may
 * import them. A link is the `/interface/macsec` interfaces of the fleet that share a CKN (connectivity association
 * key name: both ends of a link carry the same one, docs/routeros.md "MACsec links"). Times are ISO 8601 strings in
 * UTC; no CAK ever appears (the poller does not store it).
 */

/**
 * How the fleet's interfaces pair on a CKN: `pair` = two interfaces; `far-end-missing` = one (the far end is not in the
 * inventory, or the interface prints no CKN); `conflict` = more than two interfaces share the CKN.
 */
export type MacsecLinkKind = "pair" | "far-end-missing" | "conflict";

/** One end of a link: an `/interface/macsec` row as the poller last stored it, with its router. */
export interface MacsecLinkEndDto {
  deviceId: string;
  /** The router's inventory name. */
  router: string;
  site: string;
  /** Device status as the poller last saw it (`up`, `down`, `unauthorized`, `unknown`). */
  deviceStatus: string;
  /** The device is enabled for polling. */
  deviceEnabled: boolean;
  /** `/interface/macsec` `name`. */
  name: string;
  /** `interface`: the parent interface. */
  parent: string;
  /** `status`: disabled, initializing, invalid, negotiating, open-encrypted; null when not printed. */
  status: string | null;
  /**
   * Since when the end has had `status`, ISO UTC, from the poller's raw `macsec-stats` samples: the first sample with this
   * status after the last sample with another one. Null when no sample has this status.
   */
  statusSince: string | null;
  /** True when no older sample has another status: the status held at least since `statusSince` (raw retention). */
  statusSinceAtLeast: boolean;
  mtu: number | null;
  running: boolean;
  disabled: boolean;
  /** The device's last poll attempt (these values are as of then), ISO UTC. */
  lastPollAt: string | null;
  /** Good: `status` is open-encrypted and the device is enabled and up (else the stored status may be stale). */
  secured: boolean;
}

/** One link: the ends that share a CKN, ordered by router then interface name. */
export interface MacsecLinkDto {
  /** Connectivity association key name (64 hex digits, not secret); null for an interface that prints none. */
  ckn: string | null;
  kind: MacsecLinkKind;
  /** Every end is secured (MacsecLinkEndDto.secured). */
  secured: boolean;
  ends: MacsecLinkEndDto[];
}

/** Status filter of the list: every link, or those with an end that is not secured. */
export const MACSEC_LINK_STATUSES = ["not-secured"] as const;
export type MacsecLinkStatusFilter = (typeof MACSEC_LINK_STATUSES)[number];

/** Orders of the list: problems first (conflicts, then links not secured, then far ends missing), or by router name. */
export const MACSEC_LINK_SORTS = ["problems", "router"] as const;
export type MacsecLinkSort = (typeof MACSEC_LINK_SORTS)[number];

/** Links per page. */
export const MACSEC_LINKS_PAGE_SIZE = 25;

/** The list state in the URL of /macsec. */
export interface MacsecLinkQuery {
  /** Search: part of a router name or identity, or of an interface name (either end), ignoring ASCII case. */
  q?: string;
  /** Site name: links with an end at this site. */
  site?: string;
  status?: MacsecLinkStatusFilter;
  /** Default `problems`. */
  sort?: MacsecLinkSort;
  /** 1-based, clamped to the last page. */
  page?: number;
}

/** A page of links. `page` is the page shown (clamped). */
export interface MacsecLinkPage {
  rows: MacsecLinkDto[];
  page: number;
  pageSize: number;
  pageCount: number;
  /** Links matching the filters. */
  total: number;
  /** When the page was read, ISO UTC. */
  generatedAt: string;
}

/** What the device MACsec tab shows of the far end of one of its interfaces (same pairing as the links view). */
export type MacsecFarEndDto =
  | { kind: "pair"; deviceId: string; router: string; name: string; status: string | null; secured: boolean }
  | { kind: "far-end-missing" }
  | { kind: "conflict"; interfaces: number };

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return values.find((x) => x === v);
}

/**
 * Parses /macsec's URL search params (`q`, `site`, `status`, `sort`, `page`); unknown or malformed values are dropped
 * (the defaults apply). `q` is trimmed and cut to 100 characters.
 */
export function parseMacsecLinkParams(params: Record<string, string | string[] | undefined>): MacsecLinkQuery {
  const page = Number.parseInt(first(params.page) ?? "1", 10);
  return {
    q: first(params.q)?.trim().slice(0, 100) || undefined,
    site: first(params.site) || undefined,
    status: oneOf(MACSEC_LINK_STATUSES, first(params.status)),
    sort: oneOf(MACSEC_LINK_SORTS, first(params.sort)),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The /macsec URL of a list state with `change` applied; defaults (sort=problems, page 1) are left out. */
export function macsecLinksHref(query: MacsecLinkQuery, change: Partial<MacsecLinkQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.site) params.set("site", next.site);
  if (next.status) params.set("status", next.status);
  if (next.sort && next.sort !== "problems") params.set("sort", next.sort);
  if (next.page && next.page > 1) params.set("page", String(next.page));
  const qs = params.toString();
  return qs ? `/macsec?${qs}` : "/macsec";
}
