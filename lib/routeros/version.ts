/**
 * RouterOS versions as `/system/resource` `version` prints them (`"7.23.3 (stable)"`, `"7.12 (stable)"`,
 * `"7.24beta2 (testing)"`) and the feature gates of docs/routeros.md.
 */

/** A parsed RouterOS version. `patch` is 0 when absent (`7.12` = 7.12.0). */
export interface RouterOsVersion {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release tag such as `beta2` or `rc1`, or null for a release. */
  prerelease: string | null;
  /** Release channel from the parentheses (`stable`, `long-term`, `testing`, `development`), or null. */
  channel: string | null;
  /** The string as RouterOS printed it. */
  raw: string;
}

/** Features whose presence depends on the RouterOS version. */
export type RouterOsFeature = "macvlan" | "macsecStats" | "showSensitive" | "macsecMonitor" | "macsecCiphers";

/**
 * Minimum version per feature (docs/routeros.md, checked against the /console/inspect dumps in
 * sim/routeros-schema): `/interface/macvlan` from 7.12; MACsec `print stats` from 7.21; `print
 * show-sensitive` (secrets such as `cak` hidden without it) from 7.21; MACsec `monitor` and profile
 * `ciphers` from 7.23.
 */
export const FEATURE_MIN_VERSION: Record<RouterOsFeature, readonly [number, number]> = {
  macvlan: [7, 12],
  macsecStats: [7, 21],
  showSensitive: [7, 21],
  macsecMonitor: [7, 23],
  macsecCiphers: [7, 23],
};

const VERSION_RE = /^\s*(\d+)\.(\d+)(?:\.(\d+))?([a-z]+\d*)?\s*(?:\(([a-z0-9-]+)\))?\s*$/i;

/** Parses a RouterOS version string. Throws RangeError when it is not `major.minor[.patch][tag] [(channel)]`. */
export function parseRouterOsVersion(raw: string): RouterOsVersion {
  const m = VERSION_RE.exec(raw);
  if (!m) throw new RangeError(`not a RouterOS version: "${raw}"`);
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    prerelease: m[4] ? m[4].toLowerCase() : null,
    channel: m[5] ? m[5].toLowerCase() : null,
    raw: raw.trim(),
  };
}

function toVersion(v: RouterOsVersion | string): RouterOsVersion {
  return typeof v === "string" ? parseRouterOsVersion(v) : v;
}

/**
 * Orders two versions: negative when a < b, 0 when equal, positive when a > b. A pre-release sorts
 * before its release (`7.24beta2` < `7.24`); pre-release tags compare as strings. Channel is ignored.
 */
export function compareVersions(a: RouterOsVersion | string, b: RouterOsVersion | string): number {
  const x = toVersion(a);
  const y = toVersion(b);
  const diff = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (diff !== 0) return diff;
  if (x.prerelease === y.prerelease) return 0;
  if (x.prerelease === null) return 1;
  if (y.prerelease === null) return -1;
  return x.prerelease.localeCompare(y.prerelease, "en", { numeric: true });
}

/**
 * True when the router's version has the feature. Pre-releases of the gate version count as having it
 * (*assumed*: features appear in the betas before the release).
 */
export function supportsFeature(version: RouterOsVersion | string, feature: RouterOsFeature): boolean {
  const v = toVersion(version);
  const [major, minor] = FEATURE_MIN_VERSION[feature];
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * {@link supportsFeature} for a version as stored (Device.version, last polled): null when the version
 * is unknown (never polled) or unparsable.
 */
export function knownSupport(version: string | null | undefined, feature: RouterOsFeature): boolean | null {
  if (!version) return null;
  try {
    return supportsFeature(version, feature);
  } catch {
    return null;
  }
}
