/**
 * Shapes of the fleet status pages (/status and the public /share/<token>), client-safe: no Prisma,
 * no server imports. Times are ISO 8601 UTC strings; rates are bits/s. Nothing secret: no API URL,
 * no router username, no password, no CAK.
 */

export type StatusDeviceState = "up" | "down" | "unauthorized" | "unknown";

/** One `/interface/macsec` link that is not secured (status other than `open-encrypted`, or stale). */
export interface InsecureMacsecLink {
  /** Interface name, e.g. `macsec1`. */
  name: string;
  /** RouterOS `status` as last read (`negotiating`, `invalid`, ...; null when never read). */
  status: string | null;
}

/** One enabled device of a site, as of its last poll. */
export interface StatusDevice {
  /** Device id: only in the signed-in page (links to /devices/<id>); left out of the public page. */
  id?: string;
  name: string;
  status: StatusDeviceState;
  /** Last poll attempt / last successful poll (ISO 8601 UTC). */
  lastPollAt: string | null;
  lastOkAt: string | null;
  /** The poller's last error: only in the signed-in page. */
  lastError?: string | null;
  /**
   * `/interface/macsec` rows that are not disabled. `secured` counts status `open-encrypted` on a device
   * that is up; on a device that is not up every link counts as not secured (`stale`: its status is the
   * last one read) and is listed in `insecure`.
   */
  macsec: { total: number; secured: number; insecure: InsecureMacsecLink[]; stale: boolean };
  /** `/tool/mac-server/sessions` rows of the last poll; null when the device is not up. */
  sessions: number | null;
  /** `/interface/macvlan` rows that are not disabled, as last read. */
  macvlans: number;
  /**
   * MACVLAN traffic now: sum over the device's `/interface/macvlan` interfaces of each one's latest
   * `rx-bits-per-second` / `tx-bits-per-second` sample within the window; null when none is recent or
   * the device is not up.
   */
  traffic: { rxBps: number; txBps: number; interfaces: number } | null;
  /** Not up, or at least one MACsec link not secured. */
  problem: boolean;
}

/** Per-site counters shown on the site's summary line. */
export interface StatusSiteSummary {
  devicesUp: number;
  /** Enabled devices. */
  devicesTotal: number;
  /** Disabled devices (not polled, not listed). */
  devicesDisabled: number;
  macsecTotal: number;
  /** MACsec links not secured (including every link of a device that is not up). */
  macsecInsecure: number;
  sessions: number;
  rxBps: number;
  txBps: number;
  /** Devices with `problem`. */
  problems: number;
}

/** One site with its devices, problems first (down, unauthorized, unknown, insecure MACsec), then by name. */
export interface StatusSite {
  /** Site id: only in the signed-in page. */
  id?: string;
  name: string;
  summary: StatusSiteSummary;
  devices: StatusDevice[];
}

/** The whole status page: sites by name. */
export interface FleetStatus {
  /** When the data was read (ISO 8601 UTC). */
  generatedAt: string;
  /** How far back a traffic sample still counts as "now" (seconds). */
  trafficWindowSec: number;
  /** Only devices with a problem (and sites that have one) are listed; summaries still count every device. */
  onlyProblems: boolean;
  sites: StatusSite[];
  totals: StatusSiteSummary;
}
