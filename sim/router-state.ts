import { normaliseMac } from "../lib/validation/routeros";
import { Prng } from "./prng";
import type { SchemaSet } from "./schema";
import type { Clock, Row, SimRouterInfo, StoredRow } from "./types";

/** Hardware of a virtual router (`/system/resource`, `/system/routerboard`). */
export interface BoardModel {
  /** `board-name` / routerboard `model`, e.g. `RB5009UG+S+`, `CHR`. */
  name: string;
  /** `architecture-name`: `arm64`, `x86_64`, ... */
  architecture: string;
  cpu: string;
  cpuCount: number;
  cpuFrequencyMhz: number;
  /** `total-memory` in bytes. */
  totalMemory: number;
  /** Names of the physical ports in order (`ether1`, `sfp-sfpplus1`, ...). */
  ports: string[];
  /** True for Cloud Hosted Router: no `/system/routerboard` menu. */
  chr: boolean;
}

/**
 * The physical port at `index` of a board (0 = the first, e.g. `ether1`).
 * @throws RangeError naming the board when it has no port at `index`
 */
export function boardPort(board: BoardModel, index: number): string {
  const port = board.ports[index];
  if (port === undefined) throw new RangeError(`board ${board.name} has no port at index ${index} (${board.ports.length} ports)`);
  return port;
}

/** Everything needed to build one router's state lazily; cheap to hold for thousands of routers. */
export interface RouterSpec {
  info: SimRouterInfo;
  /** Per-router seed (derived from the fleet seed and the router name). */
  seed: number;
  board: BoardModel;
  serial: string;
  /** Boot time, ms since epoch (UTC); `uptime` = now - bootAtMs. */
  bootAtMs: number;
  /** Fills the initial configuration (interfaces, lists, addresses...) of a fresh state. */
  build(state: RouterState): void;
}

/** Fleet-wide context a router state needs: schemas, clock, and a way to read a MACsec peer. */
export interface WorldEnv {
  schemas: SchemaSet;
  clock: Clock;
  /** Time the simulator started (ms since epoch): bursts and events are computed from here on. */
  simStartMs: number;
  /** How long a monitor without `once`/`duration` runs before `Session closed` (RouterOS: 60 s). */
  monitorCutMs: number;
  /** The `/interface/macsec` row `iface` of router `router`, if that router exists and has it. */
  peerMacsec(router: string, iface: string): StoredRow | undefined;
  /** A `/interface/macsec` row with this CKN on another router than `except` (only routers already in use are searched), with its router's state. */
  macsecByCkn(ckn: string, except: string): { state: RouterState; row: StoredRow } | undefined;
}

/**
 * The configuration tables of one virtual router. Rows are stored as RouterOS prints them (string
 * values) minus dynamic fields (counters, `running`, `status`), which sim/dynamics.ts computes at
 * print time. All interface menus share the store `interface` (one `.id` space, as on RouterOS).
 */
export class RouterState {
  private readonly stores = new Map<string, StoredRow[]>();
  private readonly singles = new Map<string, Row>();
  private readonly nextIds = new Map<string, number>();
  /** Creation time (ms) of interfaces added after boot, by `.id`: their counters start there. */
  readonly createdAt = new Map<string, number>();
  /** MACsec peering set up by the fleet: local interface name → peer router and interface. */
  readonly macsecPeers = new Map<string, { router: string; iface: string }>();
  /** Last CAK/CKN/profile change of a MACsec interface (ms), by name: it renegotiates from there. */
  readonly macsecRekeyAt = new Map<string, number>();
  /**
   * Conditions forced through the control API (`PUT /_sim/routers/<name>/condition`, sim/control.ts): a MACsec
   * interface's `status` by name, extra `rx-sc-not-valid` packets by MACsec interface name (a burst: the counter
   * keeps them, as a real counter does), and MAC-server sessions from given MACs with their start time (ms).
   */
  readonly forced = {
    macsecStatus: new Map<string, string>(),
    macsecNotValid: new Map<string, number>(),
    sessions: [] as { interface: string; srcAddress: string; startMs: number }[],
  };
  readonly rng: Prng;

  constructor(
    readonly spec: RouterSpec,
    readonly env: WorldEnv,
  ) {
    this.rng = new Prng(spec.seed ^ 0x5eed);
    spec.build(this);
  }

  get version(): string {
    return this.spec.info.version;
  }

  /** The rows of a store (created empty on first use), in print order. */
  rows(store: string): StoredRow[] {
    let rows = this.stores.get(store);
    if (!rows) {
      rows = [];
      this.stores.set(store, rows);
    }
    return rows;
  }

  /** The one row of a singleton menu (created empty on first use). */
  single(store: string): Row {
    let row = this.singles.get(store);
    if (!row) {
      row = {};
      this.singles.set(store, row);
    }
    return row;
  }

  /** Appends (or inserts at `index`) a row with a fresh `.id` (`*` + upper hex) and returns it. */
  insert(store: string, values: Row, index?: number): StoredRow {
    const n = this.nextIds.get(store) ?? 1;
    this.nextIds.set(store, n + 1);
    const row: StoredRow = { ".id": `*${n.toString(16).toUpperCase()}`, ...values };
    const rows = this.rows(store);
    if (index === undefined || index < 0 || index >= rows.length) rows.push(row);
    else rows.splice(index, 0, row);
    return row;
  }

  /** Removes a row by `.id`; returns false when absent. */
  remove(store: string, id: string): boolean {
    const rows = this.rows(store);
    const i = rows.findIndex((r) => r[".id"] === id);
    if (i < 0) return false;
    rows.splice(i, 1);
    this.createdAt.delete(id);
    return true;
  }

  /** The interface named `name` (any type), or undefined. */
  findInterface(name: string): StoredRow | undefined {
    return this.rows("interface").find((r) => r.name === name);
  }

  /** The names of a store's rows (e.g. every `/ip/pool` name); rows without a `name` are left out. */
  names(store: string): string[] {
    return this.rows(store).flatMap((r) => (r.name === undefined ? [] : [r.name]));
  }

  /** An interface name not used yet: `prefix1`, `prefix2`, ... */
  nextName(prefix: string, store = "interface"): string {
    const taken = new Set(this.names(store));
    let i = 1;
    while (taken.has(`${prefix}${i}`)) i++;
    return `${prefix}${i}`;
  }

  /** Full dump for `GET /_sim/routers/<name>`: every store and singleton, plus the spec facts. */
  dump(): Record<string, unknown> {
    return {
      info: this.spec.info,
      board: this.spec.board,
      bootAt: new Date(this.spec.bootAtMs).toISOString(),
      tables: Object.fromEntries(this.stores),
      singletons: Object.fromEntries(this.singles),
    };
  }
}

/**
 * Convenience for configuration builders: adds an interface row with defaults for its type.
 * `type` is the `/interface` type (`ether`, `vlan`, `macvlan`, `macsec`, `bridge`).
 */
export function addInterface(state: RouterState, type: string, values: Row): StoredRow {
  const row = state.insert("interface", {
    type,
    mtu: type === "macsec" ? "1468" : "1500",
    disabled: "false",
    ...values,
  });
  if (row["mac-address"]) row["mac-address"] = normaliseMac(row["mac-address"]);
  return row;
}
