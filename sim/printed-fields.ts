import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compareVersions, parseRouterOsVersion } from "../lib/routeros/version";
import { resolveSchemaDir, SchemaSet } from "./schema";

/**
 * The fields real RouterOS prints per menu, from `sim/routeros-schema/printed/<version>.json`: for each
 * menu path the `.proplist` completions of a real CHR build (every field a print of that menu can
 * show). Only some versions are dumped; other versions use the nearest dump, widened by the arguments
 * their own /console/inspect dump adds (see realPrintedFields). Menus the dumps do not cover but the
 * simulator serves have documented fallback lists below.
 */

interface Loaded {
  /** Dumped versions, oldest first. */
  versions: string[];
  /** Version → menu path → printed field names. */
  printed: Map<string, Map<string, ReadonlySet<string>>>;
  schemas: SchemaSet;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const dir = resolveSchemaDir();
  const printedDir = path.join(dir, "printed");
  const printed = new Map<string, Map<string, ReadonlySet<string>>>();
  for (const file of readdirSync(printedDir).filter((f) => f.endsWith(".json"))) {
    const dump = JSON.parse(readFileSync(path.join(printedDir, file), "utf8")) as Record<string, string[]>;
    printed.set(file.slice(0, -".json".length), new Map(Object.entries(dump).map(([menu, fields]) => [menu, new Set(fields)])));
  }
  const versions = [...printed.keys()].sort(compareVersions);
  if (versions.length === 0) throw new Error(`no printed-field dumps in ${printedDir}`);
  loaded = { versions, printed, schemas: new SchemaSet(dir) };
  return loaded;
}

/** major.minor.patch as one number, so that any minor step outweighs any patch step. */
function versionKey(version: string): number {
  const v = parseRouterOsVersion(version);
  return v.major * 1_000_000 + v.minor * 1_000 + v.patch;
}

/**
 * The dumped version nearest to `version` (ordered by compareVersions; distance on major, minor, then
 * patch, so 7.22.0 is nearer 7.22.3 than 7.21.5): versions at or below the oldest dump get the oldest
 * (7.21.5), at or above the newest get the newest (7.22.3); a tie goes to the older dump. Throws
 * RangeError for a string that is not a RouterOS version.
 */
export function nearestPrintedVersion(version: string): string {
  const { versions } = load();
  const first = versions.at(0);
  const last = versions.at(-1);
  if (first === undefined || last === undefined) throw new Error("no printed-field dumps loaded");
  if (compareVersions(version, first) <= 0) return first;
  if (compareVersions(version, last) >= 0) return last;
  const upperIndex = versions.findIndex((v) => compareVersions(v, version) > 0);
  const lower = versions[upperIndex - 1];
  const upper = versions[upperIndex];
  if (lower === undefined || upper === undefined) throw new Error(`no printed-field dumps around ${version}`);
  const key = versionKey(version);
  return versionKey(upper) - key < key - versionKey(lower) ? upper : lower;
}

/** Arguments of add/set that steer the command and are never printed. */
const COMMAND_ONLY_ARGS = new Set(["numbers", "copy-from", "place-before"]);

/** The `add` and `set` argument names of a menu in one version's inspect dump (empty when absent). */
function writableArgs(schemas: SchemaSet, version: string, menuPath: string): Set<string> {
  if (!schemas.versions.includes(version)) return new Set();
  const commands = schemas.menu(version, menuPath) ?? {};
  const names = [...Object.keys(commands.add ?? {}), ...Object.keys(commands.set ?? {})];
  return new Set(names.filter((n) => !COMMAND_ONLY_ARGS.has(n)));
}

/**
 * `/system/resource`: the property list of the MikroTik manual page "Resource" (System > Resource), as
 * quoted in issue 7; no dump covers it and it has no `set`.
 */
const RESOURCE_FIELDS = [
  "uptime",
  "version",
  "build-time",
  "factory-software",
  "free-memory",
  "total-memory",
  "cpu",
  "cpu-count",
  "cpu-frequency",
  "cpu-load",
  "free-hdd-space",
  "total-hdd-space",
  "write-sect-since-reboot",
  "write-sect-total",
  "bad-blocks",
  "architecture-name",
  "board-name",
  "platform",
];

/**
 * `/system/routerboard` (read only; not on a CHR, so no dump covers it). MikroTik manual "RouterBOARD"
 * (https://help.mikrotik.com/docs/display/ROS/RouterBOARD, read-only properties): routerboard, model,
 * serial-number, firmware-type, factory-firmware, current-firmware, upgrade-firmware. `revision`: a
 * real 7.11.2 REST reply quoted in terraform-routeros `routeros/datasource_system_routerboard.go`.
 * `board-name`: unverified (neither source shows it; a third-party menu schema lists it as optional).
 */
const ROUTERBOARD_FIELDS = [
  "routerboard",
  "board-name",
  "model",
  "revision",
  "serial-number",
  "firmware-type",
  "factory-firmware",
  "current-firmware",
  "upgrade-firmware",
];

/**
 * `/system/clock` read-only fields besides its `set` arguments: a real REST reply quoted in
 * terraform-routeros `routeros/resource_system_clock.go` (`date`, `dst-active`, `gmt-offset`, `time`,
 * `time-zone-autodetect`, `time-zone-name`); the MikroTik manual "Clock"
 * (https://help.mikrotik.com/docs/display/ROS/Clock) lists the settable ones.
 */
const CLOCK_READ_ONLY = ["gmt-offset", "dst-active"];

/**
 * `/system/history` (MikroTik manual "Command Line Interface", safe mode: `/system/history/print` shows
 * columns ACTION, BY, POLICY and flags undoable, redoable, floating-undo). Whether a REST print also
 * carries a time or other fields is unknown.
 */
const HISTORY_FIELDS = ["action", "by", "policy", "undoable", "redoable", "floating-undo"];

/** Settings singletons: their printed fields are the `set` arguments of the version's inspect dump. */
const SETTINGS_MENUS = new Set(["/system/identity", "/tool/mac-server", "/tool/mac-server/mac-winbox", "/tool/mac-server/ping"]);

/** Fields of a menu the printed dumps lack, or undefined when no fallback is known. */
function fallbackFields(schemas: SchemaSet, version: string, menuPath: string): Set<string> | undefined {
  const setArgs = () => {
    const exact = schemas.versions.includes(version) ? version : nearestPrintedVersion(version);
    return Object.keys(schemas.menu(exact, menuPath)?.set ?? {}).filter((n) => !COMMAND_ONLY_ARGS.has(n));
  };
  if (SETTINGS_MENUS.has(menuPath)) return new Set(setArgs());
  switch (menuPath) {
    case "/system/clock":
      return new Set([...setArgs(), ...CLOCK_READ_ONLY]);
    case "/system/resource":
      return new Set(RESOURCE_FIELDS);
    case "/system/routerboard":
      return new Set(ROUTERBOARD_FIELDS);
    case "/system/history":
      return new Set(HISTORY_FIELDS);
    case "/system/logging/action":
      return new Set([...setArgs(), "default"]);
    default:
      return undefined;
  }
}

/**
 * Every field real RouterOS `version` can print on `menuPath` (`/interface`, `/ip/dhcp-server/lease`):
 * the printed dump of nearestPrintedVersion(version), or the fallback list of an undumped menu
 * (`/system/resource`, `/system/routerboard`, `/system/clock`, `/system/history`, `/system/logging/action` (its
 * `set` arguments and `default`, assumed), and settings
 * singletons such as `/system/identity`, `/tool/mac-server*`, whose fields are their `set` arguments).
 * A version without its own dump may print fields its nearest dump lacks: the `add`/`set` argument
 * names of that exact version's inspect dump that the inspect dump of the nearest dumped version does
 * not have are added (e.g. `/interface/macsec/profile` `ciphers` from 7.23). Undefined when neither a
 * dump nor a fallback covers the menu. Throws RangeError for a string that is not a RouterOS version.
 */
export function realPrintedFields(version: string, menuPath: string): ReadonlySet<string> | undefined {
  const { printed, schemas } = load();
  const nearest = nearestPrintedVersion(version);
  const base = printed.get(nearest)?.get(menuPath) ?? fallbackFields(schemas, version, menuPath);
  if (!base) return undefined;
  const known = writableArgs(schemas, nearest, menuPath);
  const added = [...writableArgs(schemas, version, menuPath)].filter((n) => !known.has(n));
  return added.length === 0 ? base : new Set([...base, ...added]);
}
