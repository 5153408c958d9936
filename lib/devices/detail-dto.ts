/**
 * DTOs of the device page (/devices/[id]): what server components pass to client components and
 * what the `app/api/devices/[id]/*` route handlers return as JSON. Types only, so client code may
 * import them. Times are ISO 8601 strings in UTC; rates are per second; no secret field ever appears
 * (no password, no MACsec CAK).
 */
import type { MacsecFarEndDto } from "../macsec/link-types";
import type { MetricSeries, SeriesLine, SeriesPoint } from "../metrics/query";

export type { MetricSeries, SeriesLine, SeriesPoint };

/** Device status as the poller last saw it. */
export type DeviceStatusDto = "up" | "down" | "unauthorized" | "unknown";

/** The device page header. */
export interface DeviceHeaderDto {
  id: string;
  name: string;
  /** `/system/identity` `name`, null until the first successful poll. */
  identity: string | null;
  status: DeviceStatusDto;
  enabled: boolean;
  siteName: string;
  /** host[:port] of the REST base URL (no credentials, no path). */
  apiHost: string;
  /** `/system/resource` `version`, e.g. `7.23.3 (stable)`. */
  version: string | null;
  /** Last poll attempt, ISO UTC. */
  lastPollAt: string | null;
  /** Effective poll interval in seconds (device override or POLL_INTERVAL_SEC). */
  pollIntervalSec: number;
}

/** Facts and poll health for the Overview tab. */
export interface DeviceOverviewDto {
  identity: string | null;
  boardName: string | null;
  model: string | null;
  serialNumber: string | null;
  architecture: string | null;
  version: string | null;
  /** `/system/resource` `uptime` in seconds at the last poll. */
  uptimeSec: number | null;
  /** `/system/resource` `cpu-load`, percent. */
  cpuLoad: number | null;
  /** Bytes (converted from the bigint column). */
  freeMemory: number | null;
  /** Bytes (converted from the bigint column). */
  totalMemory: number | null;
  status: DeviceStatusDto;
  lastPollAt: string | null;
  lastOkAt: string | null;
  /** Full error text of the last failed poll, including the RouterOS `detail` when there was one. */
  lastError: string | null;
  /** Duration of the last poll in milliseconds. */
  lastPollMs: number | null;
  counts: { sessions: number; macvlans: number; macsecs: number };
}

/** `/tool/mac-server` settings as last read. */
export interface MacServerStateDto {
  /** `/tool/mac-server` `allowed-interface-list` (MAC-Telnet): a list name, `all` or `none`. */
  macTelnetAllowedList: string | null;
  /** `/tool/mac-server/mac-winbox` `allowed-interface-list`. */
  macWinboxAllowedList: string | null;
  /** `/tool/mac-server/ping` `enabled`. */
  macPingEnabled: boolean | null;
  /** When these settings were read (last poll attempt), ISO UTC. */
  lastPollAt: string | null;
}

/** One `/tool/mac-server/sessions` row. */
export interface MacServerSessionDto {
  /** `src-address`: the client's MAC address. */
  srcAddress: string;
  interface: string;
  /** `uptime` in seconds at the last poll. */
  uptimeSec: number;
  /** First poll that saw this session, ISO UTC. */
  firstSeenAt: string;
  /** Last poll that saw this session, ISO UTC. */
  lastSeenAt: string;
}

/** One `/interface/macvlan` row. */
export interface MacvlanDto {
  name: string;
  /** `interface`: the parent interface. */
  parent: string;
  /** `bridge` or `private`. */
  mode: string;
  macAddress: string | null;
  mtu: number | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
}

/** One `/interface/macsec` row, without the CAK. */
export interface MacsecDto {
  name: string;
  /** `interface`: the parent interface. */
  parent: string;
  /** `status`: disabled, initializing, invalid, negotiating, open-encrypted. */
  status: string | null;
  profile: string | null;
  /** Connectivity association key name, 64 hex digits (not secret). */
  ckn: string | null;
  mtu: number | null;
  running: boolean;
  disabled: boolean;
  comment: string | null;
}

/** A MACsec row with its far end: the fleet's other interface with the same CKN (lib/macsec/far-ends.ts). */
export interface MacsecRowDto extends MacsecDto {
  farEnd: MacsecFarEndDto;
}

/** Body of `GET /api/devices/[id]/live/macsec`: rows plus whether the version prints MACsec statistics. */
export interface MacsecTableDto {
  rows: MacsecRowDto[];
  /** true from RouterOS 7.21, false before, null when the version is not known yet. */
  statsSupported: boolean | null;
}
