import { formatRouterOsDateTime } from "./dynamics";
import { MENUS, type MenuDef } from "./menus";
import type { RouterState } from "./router-state";
import type { Row, StoredRow } from "./types";

/**
 * `/export` of a virtual router, built from its state (docs/routeros.md, "Configuration export"): the
 * volatile header, then per menu (in the order of real exports) its `add` lines, `set` lines for
 * ethernet ports, `/ip service` entries and singletons that differ from RouterOS's defaults. Arguments
 * are sorted by name and only those the version's `add` (`set` for singletons) takes are shown, so
 * read-only fields (`running`, counters, `dynamic`) never appear. Booleans print `yes`/`no`.
 */

/** One menu of the export: its path, how its rows become lines, and the values RouterOS leaves out (defaults). */
interface ExportSection {
  menu: string;
  mode: "add" | "set-ethernet" | "set-named" | "singleton";
  /** Values equal to these are defaults: left out of the line. */
  defaults?: Readonly<Row>;
  /** Arguments never exported for this menu (derived by the router: a VLAN's MAC and l2mtu). */
  skip?: readonly string[];
  /** Rows left out (builtin lists, the default MACsec profile). */
  keep?: (row: Row) => boolean;
  /** Arguments printed even when they hold their default (firewall `action`). */
  always?: readonly string[];
}

const L2 = { arp: "enabled", "arp-timeout": "auto", "loop-protect": "default", mtu: "1500" } as const;

/**
 * RouterOS's order of the sections the simulator has (as in real exports: bridge, ethernet, vlan, list, pool,
 * dhcp-server, list member, address, lease, network, filter, nat, service, clock, identity, mac-server); where
 * macvlan, macsec and the macsec profile go is assumed (after vlan: a MACVLAN may sit on a VLAN).
 */
const SECTIONS: readonly ExportSection[] = [
  {
    menu: "/interface/bridge",
    mode: "add",
    defaults: {
      ...L2,
      mtu: "auto",
      "protocol-mode": "rstp",
      "fast-forward": "true",
      "igmp-snooping": "false",
      "auto-mac": "true",
      "ageing-time": "5m",
      priority: "0x8000",
      "vlan-filtering": "false",
    },
    skip: ["mac-address"],
  },
  { menu: "/interface/ethernet", mode: "set-ethernet" },
  { menu: "/interface/vlan", mode: "add", defaults: { ...L2, "use-service-tag": "false", mvrp: "false" }, skip: ["mac-address", "l2mtu"] },
  { menu: "/interface/macvlan", mode: "add", defaults: { ...L2, mode: "bridge" }, skip: ["l2mtu"] },
  { menu: "/interface/macsec/profile", mode: "add", defaults: { "server-priority": "10", ciphers: "gcm-aes-128" }, keep: (r) => r.default !== "true" },
  { menu: "/interface/macsec", mode: "add", defaults: { mtu: "1468", profile: "default" } },
  { menu: "/interface/list", mode: "add", defaults: { include: "", exclude: "" }, keep: (r) => r.builtin !== "true" },
  { menu: "/ip/pool", mode: "add" },
  { menu: "/ip/dhcp-server", mode: "add", defaults: { "address-pool": "static-only", "lease-time": "30m", authoritative: "yes", "use-radius": "no" } },
  { menu: "/interface/list/member", mode: "add" },
  { menu: "/ip/address", mode: "add" },
  { menu: "/ip/dhcp-server/lease", mode: "add" },
  { menu: "/ip/dhcp-server/network", mode: "add" },
  { menu: "/ip/firewall/filter", mode: "add", defaults: { log: "false" }, always: ["action"] },
  { menu: "/ip/firewall/nat", mode: "add", defaults: { log: "false" }, always: ["action"] },
  { menu: "/ip/service", mode: "set-named", defaults: { address: "", vrf: "main", "max-sessions": "20", "tls-version": "any", certificate: "none" } },
  { menu: "/system/clock", mode: "singleton", defaults: { "time-zone-autodetect": "true", "time-zone-name": "manual" } },
  { menu: "/system/identity", mode: "singleton", defaults: { name: "MikroTik" } },
  // Added rules only (default rules are not exported); `action=memory` left out as the add's default: assumed.
  { menu: "/system/logging", mode: "add", defaults: { action: "memory" }, keep: (r) => r.default !== "true" },
  { menu: "/tool/mac-server", mode: "singleton", defaults: { "allowed-interface-list": "all" } },
  { menu: "/tool/mac-server/mac-winbox", mode: "singleton", defaults: { "allowed-interface-list": "all" } },
  { menu: "/tool/mac-server/ping", mode: "singleton", defaults: { enabled: "true" } },
];

/** `/ip service` ports when nobody changed them (RouterOS defaults). */
const SERVICE_PORTS: Readonly<Row> = { telnet: "23", ftp: "21", www: "80", ssh: "22", "www-ssl": "443", api: "8728", winbox: "8291", "api-ssl": "8729" };

/** Arguments shown only with `show-sensitive` (docs/routeros.md: v7 exports hide secrets by default). */
export const EXPORT_SENSITIVE = new Set(["cak", "password"]);

/** Options of one export: `terse` puts the menu path on every line; `showSensitive` prints `cak`. */
export interface ExportOptions {
  terse: boolean;
  showSensitive: boolean;
  nowMs: number;
}

/** A value as RouterOS prints it in an export: booleans as `yes`/`no`, quoted when it holds spaces or specials. */
export function exportValue(value: string): string {
  const v = value === "true" ? "yes" : value === "false" ? "no" : value;
  if (v !== "" && /^[^\s"\\$?;=[\]{}]+$/.test(v)) return v;
  return `"${v.replace(/[\\"$?]/g, (c) => `\\${c}`)}"`;
}

function takes(state: RouterState, menu: string, command: string): Set<string> {
  const args = state.env.schemas.menu(state.version, menu)?.[command];
  return new Set(Object.keys(args ?? {}));
}

/** `name=value` words of a row: allowed arguments, not default, not skipped, secrets only when shown; sorted by name. */
function words(row: Row, allowed: Set<string>, section: ExportSection, opts: ExportOptions): string[] {
  const out: string[] = [];
  for (const key of Object.keys(row).sort()) {
    const value = row[key];
    if (value === undefined || !allowed.has(key) || key === "copy-from" || key === "numbers" || section.skip?.includes(key)) continue;
    if (EXPORT_SENSITIVE.has(key) && !opts.showSensitive) continue;
    const isDefault = (section.defaults?.[key] ?? (key === "disabled" ? "false" : "")) === value;
    if (isDefault && !section.always?.includes(key)) continue;
    out.push(`${key}=${exportValue(value)}`);
  }
  return out;
}

function sectionLines(state: RouterState, section: ExportSection, opts: ExportOptions): string[] {
  const def: MenuDef | undefined = MENUS[section.menu];
  if (!def || !state.env.schemas.menu(state.version, section.menu)) return [];
  if (section.mode === "singleton") {
    const w = words(state.single(def.store), takes(state, section.menu, "set"), section, opts);
    return w.length > 0 ? [`set ${w.join(" ")}`] : [];
  }
  const rows: StoredRow[] = state.rows(def.store).filter((r) => (def.ifaceType ? r.type === def.ifaceType : true) && (section.keep?.(r) ?? true));
  if (section.mode === "add") {
    const allowed = takes(state, section.menu, "add");
    return rows.map((r) => ["add", ...words(r, allowed, section, opts)].join(" "));
  }
  const allowed = takes(state, section.menu, "set");
  return rows.flatMap((r) => {
    const own: ExportSection =
      section.mode === "set-ethernet"
        ? {
            ...section,
            defaults: {
              ...L2,
              name: r["default-name"] ?? "",
              l2mtu: r.l2mtu ?? "",
              "mac-address": r["orig-mac-address"] ?? "",
              "orig-mac-address": r["orig-mac-address"] ?? "",
              "auto-negotiation": "true",
              "rx-flow-control": "off",
              "tx-flow-control": "off",
            },
          }
        : { ...section, defaults: { ...section.defaults, port: SERVICE_PORTS[r.name ?? ""] ?? "" }, skip: ["name"] };
    const w = words(r, allowed, own, opts);
    if (w.length === 0) return [];
    const target = section.mode === "set-ethernet" ? `[ find default-name=${r["default-name"] ?? r.name} ]` : exportValue(r.name ?? "");
    return [`set ${target} ${w.join(" ")}`];
  });
}

/**
 * The export header as RouterOS prints it: `# <date> <time> by RouterOS <version>` (date in the version's format:
 * ISO from 7.10, `nov/21/2026` before), then on RouterBOARDs `# software id = XXXX-XXXX`, `#`, `# model = …` and
 * `# serial number = …`. A CHR prints only the first line here (what a CHR prints after it is unverified).
 */
export function exportHeader(state: RouterState, nowMs: number): string[] {
  const first = `# ${formatRouterOsDateTime(nowMs, state.version)} by RouterOS ${state.version}`;
  if (state.spec.board.chr) return [first];
  const id = state.spec.serial
    .replace(/[^A-Z0-9]/gi, "")
    .toUpperCase()
    .padEnd(8, "0");
  return [first, `# software id = ${id.slice(0, 4)}-${id.slice(4, 8)}`, "#", `# model = ${state.spec.board.name}`, `# serial number = ${state.spec.serial}`];
}

/** A menu path as export prints it: `/ip/dhcp-server/lease` → `/ip dhcp-server lease`. */
export function exportMenuPath(menu: string): string {
  return `/${menu.slice(1).split("/").join(" ")}`;
}

/** Splits a long line at spaces into continuation lines (` \` then four spaces), as a non-terse export does at 80 columns. */
function wrap(line: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > 78) {
      out.push(`${current} \\`);
      current = `    ${word}`;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}

/**
 * The whole export text (lines end with `\n`). Terse: `/ip address add address=… interface=…` on one line each;
 * otherwise one `/ip address` header per section and wrapped lines beneath it.
 */
export function renderExport(state: RouterState, opts: ExportOptions): string {
  const lines = exportHeader(state, opts.nowMs);
  for (const section of SECTIONS) {
    const body = sectionLines(state, section, opts);
    if (body.length === 0) continue;
    const path = exportMenuPath(section.menu);
    if (opts.terse) lines.push(...body.map((l) => `${path} ${l}`));
    else lines.push(path, ...body.flatMap(wrap));
  }
  return `${lines.join("\n")}\n`;
}
