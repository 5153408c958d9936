/**
 * Shapes of the fleet's current state as the overview (/), the status page (/status) and the public
 * /share/<token> show it, client-safe: no Prisma, no server imports. Times are ISO 8601 UTC strings;
 * rates are bits/s. Nothing secret: no API URL, no router username, no password, no CAK.
 */

export type StatusDeviceState = "up" | "down" | "unauthorized" | "unknown";

/**
 * Why an enabled device is a problem (lib/status/queries.ts decides, for every view):
 * - `down`: the poller could not reach it or read it (unreachable, TLS, timeout, RouterOS error);
 * - `unauthorized`: it refused the stored credentials or the API user's policy;
 * - `unknown`: not polled yet;
 * - `poll-overdue`: up, but its last successful poll is older than 3 poll intervals (at least a
 *   minute): the poller has stopped or falls behind, so its figures are not current;
 * - `macsec-not-secured`: up, and at least one `/interface/macsec` link (not disabled) has a status
 *   other than `open-encrypted`.
 * A device that is not up has one kind (its state); its MACsec links count as not secured anyway.
 */
export type DeviceProblemKind = "down" | "unauthorized" | "unknown" | "poll-overdue" | "macsec-not-secured";

/** Short labels of the problem kinds, as the overview and the status page print them. */
export const DEVICE_PROBLEM_LABELS: Record<DeviceProblemKind, string> = {
  down: "poll failed",
  unauthorized: "credentials or policy refused",
  unknown: "not polled yet",
  "poll-overdue": "poll overdue",
  "macsec-not-secured": "MACsec link not secured",
};

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
  traffic: { rxBitsPerSecond: number; txBitsPerSecond: number; interfaces: number } | null;
  /** Why the device is a problem (empty: none): only in the signed-in pages. */
  problems?: DeviceProblemKind[];
  /** At least one problem kind (see {@link DeviceProblemKind}). */
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
  rxBitsPerSecond: number;
  txBitsPerSecond: number;
  /** Devices with `problem`. */
  problems: number;
}

/**
 * One site with its devices: problems first, the longest without a successful poll first (never
 * first), then by name; then the devices without a problem by name.
 */
export interface StatusSite {
  /** Site id: only in the signed-in page. */
  id?: string;
  name: string;
  summary: StatusSiteSummary;
  devices: StatusDevice[];
  /** Devices of the site (after the problems filter) not listed on the fleet status page: only shown counted. */
  devicesNotShown?: number;
  /** Firing alerts of the site's enabled devices, the most severe first, then the newest (at most a page's worth). */
  alerts: StatusAlert[];
  /** Firing alerts of the site not listed in `alerts`: only shown counted. */
  alertsNotShown: number;
}

/** The whole status page: sites by name. */
export interface FleetStatus {
  /** When the data was read (ISO 8601 UTC). */
  generatedAt: string;
  /** How far back a traffic sample still counts as "now" (seconds). */
  trafficWindowSec: number;
  /** Only devices with a problem (and sites that have one) are listed; summaries still count every device. */
  onlyProblems: boolean;
  /** Page of sites shown (1-based) and how many there are (1 for one site). */
  page: number;
  pageCount: number;
  sites: StatusSite[];
  /** The whole fleet's summary (the one site's, for a share link). */
  totals: StatusSiteSummary;
}

/**
 * The overview's counters, derived from the same state as the status page: enabled devices by
 * status (plus `disabled`, not polled), devices with a problem, MACsec links and MAC-server sessions.
 */
export interface FleetSummary {
  /** ISO 8601 UTC time the state was read. */
  generatedAt: string;
  devices: { total: number; disabled: number; problems: number } & Record<StatusDeviceState, number>;
  /**
   * `/interface/macsec` rows (not disabled) of enabled devices: `secured` = status open-encrypted on a
   * device that is up; `notSecured` = any other status on a device that is up; `unknown` = the device
   * is not up, so its last-read status is stale. `notSecured + unknown` is the status page's
   * `macsecInsecure`.
   */
  macsec: { total: number; secured: number; notSecured: number; unknown: number };
  /** `/tool/mac-server/sessions` rows on devices that are up (last poll). */
  sessions: { total: number };
}

/**
 * One firing alert of the overview's problems (lib/alerts/views.ts queryFiringAlerts): signed-in page, so ids are
 * there for the links to /alerts and to the device.
 */
export interface FiringAlert {
  id: string;
  rule: { id: string; name: string; severity: string };
  device: { id: string; name: string };
  site: { id: string; name: string };
  /** Interface name or MAC address; "" for the device itself. */
  subject: string;
  /** When it fired (ISO 8601 UTC). */
  firedAt: string | null;
  acknowledged: boolean;
  /** Silenced at the time of the read. */
  silenced: boolean;
}

/** The overview's problems: the first firing alerts and how many are firing in all, as read at `generatedAt`. */
export interface FleetProblems extends TimedRows<FiringAlert> {
  /** Firing alerts of the fleet (also those past the listed rows). */
  total: number;
}

/**
 * A firing alert as /status and the public /share/<token> show it: text only, no internal id (no alert, rule, device
 * or site id), so it may go to a browser without a login.
 */
export interface StatusAlert {
  /** Device name. */
  device: string;
  /** Rule name. */
  rule: string;
  /** `info`, `warning` or `critical`. */
  severity: string;
  /** Interface name or MAC address; "" for the device itself. */
  subject: string;
  /** When it fired (ISO 8601 UTC). */
  since: string | null;
  /** Someone acknowledged it (who, and the note, stay in the app). */
  acknowledged: boolean;
}

/** A MACVLAN interface of the overview's top talkers: its device, its `name` and its latest rates (bits/s). */
export type TopTalker = { deviceId: string; deviceName: string; interface: string; rxBitsPerSecond: number; txBitsPerSecond: number };

/** A list as read at `generatedAt` (ISO 8601 UTC), so a live widget knows how fresh it is. */
export interface TimedRows<T> {
  generatedAt: string;
  rows: T[];
}
