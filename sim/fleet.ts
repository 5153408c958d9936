import { BOARDS } from "./base-config";
import { buildGenerated } from "./generated-config";
import { GUIDE_ROUTERS, guideBuilder } from "./guides";
import { hash32, Prng } from "./prng";
import { RouterState, type RouterSpec, type WorldEnv } from "./router-state";
import type { SchemaSet } from "./schema";
import { DEFAULT_POLICIES, type Clock, type SimRouterInfo, type StoredRow } from "./types";

/**
 * The fleet: the guide routers plus generated ones up to the requested count, deterministic from the
 * seed. Only the small specs are built up front; a router's tables are built on its first request,
 * so thousands of idle routers cost a few hundred bytes each.
 */

const SITES: ReadonlyArray<[string, string]> = [
  ["Paris-DC1", "par"],
  ["Lyon-POP2", "lys"],
  ["Frankfurt-DC1", "fra"],
  ["London-POP1", "lon"],
  ["Madrid-POP1", "mad"],
  ["Amsterdam-IX", "ams"],
];

/** Version mix of generated routers (weights); one in twenty generated routers runs 7.9.2 (no MACVLAN). */
const VERSION_WEIGHTS: ReadonlyArray<[string, number]> = [
  ["7.12.2", 8],
  ["7.16.2", 10],
  ["7.20.8", 12],
  ["7.21.5", 15],
  ["7.22.3", 15],
  ["7.23.3", 28],
  ["7.24", 12],
];

export interface FleetOptions {
  routers: number;
  seed: number;
  clock: Clock;
  schemas: SchemaSet;
  monitorCutMs: number;
}

function pickVersion(rng: Prng, index: number, available: readonly string[]): string {
  if (index % 20 === 3 && available.includes("7.9.2")) return "7.9.2";
  const weights = VERSION_WEIGHTS.filter(([v]) => available.includes(v));
  let r = rng.next() * weights.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of weights) {
    r -= w;
    if (r < 0) return v;
  }
  const lastWeight = weights.at(-1);
  if (lastWeight === undefined) throw new Error(`none of the weighted versions is in the schemas (${available.join(", ")})`);
  return lastWeight[0];
}

export class Fleet {
  readonly specs = new Map<string, RouterSpec>();
  private readonly states = new Map<string, RouterState>();
  readonly env: WorldEnv;

  constructor(opts: FleetOptions) {
    const simStartMs = opts.clock();
    this.env = {
      schemas: opts.schemas,
      clock: opts.clock,
      simStartMs,
      monitorCutMs: opts.monitorCutMs,
      peerMacsec: (router: string, iface: string): StoredRow | undefined =>
        this.state(router)
          ?.rows("interface")
          .find((r) => r.type === "macsec" && r.name === iface),
      macsecByCkn: (ckn: string, except: string) => {
        for (const [name, state] of this.states) {
          if (name === except) continue;
          const row = state.rows("interface").find((r) => r.type === "macsec" && r.ckn === ckn);
          if (row) return { state, row };
        }
        return undefined;
      },
    };
    const rng = new Prng(opts.seed);
    const boot = (seed: number) => simStartMs - (3_600_000 + (hash32(seed, "uptime") % (59 * 86_400_000)));
    const available = opts.schemas.versions;
    const guides = GUIDE_ROUTERS.slice(0, Math.max(0, opts.routers));
    for (const g of guides) {
      const seed = hash32(opts.seed, g.name);
      const board = BOARDS.find((b) => b.name === g.board) ?? BOARDS[0];
      this.add({
        info: this.info(g.name, seed, g.version, g.site, ["guide", g.role], g.role),
        seed,
        board,
        serial: serialOf(seed),
        bootAtMs: boot(seed),
        build: guideBuilder(g.name, opts.seed),
      });
    }
    const counters = new Map<string, number>();
    for (let i = 0; this.specs.size < opts.routers; i++) {
      const [site, code] = rng.pick(SITES);
      const role = rng.pick(["edge", "edge", "edge", "core", "access", "access"]);
      const key = `${role}-${code}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      const name = `${key}-${String(n).padStart(2, "0")}`;
      const seed = hash32(opts.seed, name);
      const board = role === "core" ? rng.pick(BOARDS.filter((b) => b.name.startsWith("CCR") || b.chr)) : rng.pick(BOARDS);
      const version = pickVersion(rng, i, available);
      const tags = [role, code, ...(rng.chance(0.3) ? ["critical"] : []), ...(board.chr ? ["virtual"] : [])];
      this.add({
        info: this.info(name, seed, version, site, tags, role),
        seed,
        board,
        serial: serialOf(seed),
        bootAtMs: boot(seed),
        build: buildGenerated,
      });
    }
  }

  private info(name: string, seed: number, version: string, site: string, tags: string[], role: string): SimRouterInfo {
    return { name, apiUrl: "", username: "noc-api", password: `sim-${(seed >>> 0).toString(36)}`, policies: [...DEFAULT_POLICIES], version, site, tags, role };
  }

  private add(spec: RouterSpec): void {
    this.specs.set(spec.info.name, spec);
  }

  /** Router names in fleet order (guides first). */
  names(): string[] {
    return [...this.specs.keys()];
  }

  /** Fills every router's `apiUrl` as `${baseUrl}/${name}`. */
  setBaseUrl(baseUrl: string): void {
    for (const spec of this.specs.values()) spec.info.apiUrl = `${baseUrl}/${spec.info.name}`;
  }

  /** Public router facts (with credentials), in fleet order. */
  infos(): SimRouterInfo[] {
    return [...this.specs.values()].map((s) => ({ ...s.info, tags: [...s.info.tags], policies: [...s.info.policies] }));
  }

  /** Replaces the policies of a router's REST user; false for an unknown router. */
  setPolicies(name: string, policies: string[]): boolean {
    const spec = this.specs.get(name);
    if (!spec) return false;
    spec.info.policies = [...new Set(policies)];
    return true;
  }

  /** The router's state, built on first use; undefined for an unknown name. */
  state(name: string): RouterState | undefined {
    let state = this.states.get(name);
    if (state) return state;
    const spec = this.specs.get(name);
    if (!spec) return undefined;
    state = new RouterState(spec, this.env);
    this.states.set(name, state);
    return state;
  }
}

function serialOf(seed: number): string {
  return `HF${(hash32(seed, "serial") >>> 0).toString(16).toUpperCase().padStart(8, "0")}`;
}
