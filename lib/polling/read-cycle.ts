import "server-only";
import { SAMPLED_INTERFACE_TYPES, type CycleReadings, type SampledInterfaceType } from "../metrics/descriptors";
import type { MacvlanStateRow, SessionStateRow } from "../metrics/store";
import type { RouterOsClient } from "../routeros";
import { RouterOsApiError, RouterOsUnauthorizedError } from "../routeros";
import { collectIdentity, collectResource, type IdentityFacts, type ResourceFacts } from "./collectors/facts";
import { collectInterfaceCounters, type InterfaceLink } from "./collectors/interface-counters";
import { collectMacServerSessions, collectMacServerSettings, type MacServerFacts } from "./collectors/mac-server";
import { collectMacsec } from "./collectors/macsec";
import { collectMacvlans } from "./collectors/macvlan";

/**
 * Which reads a cycle makes. Fast reads, every cycle (values that move between polls): `/system/resource`
 * (load, memory, uptime, version for the feature gates), `/tool/mac-server/sessions`, `/interface/macsec`
 * (`status`, `running`) with `print stats`, and the `/interface` counters. Slow reads, only when `full`
 * (configuration that changes when someone changes the router): `/system/identity`, `/system/routerboard`,
 * the three `/tool/mac-server` singletons and the `/interface/macvlan` definitions. The poller asks for a
 * full read on a device's first poll by this process, after it was down, after a change request touched
 * it, when the counters show a MACVLAN set that differs from the known one, and otherwise every
 * POLL_SLOW_READ_SEC (docs/reliability.md "Poll cadence").
 */
export type ReadPlan = {
  full: boolean;
  /** MACVLAN definitions from the last full read (fast cycles only; undefined: unknown, their counters are not read). */
  knownMacvlans?: MacvlanStateRow[];
};

/** What one cycle read from a router that answered. A section left undefined failed (or, for slow sections, was not read). */
export type RouterReading = {
  /** Cycle start (UTC): timestamp of resource values and the session count. */
  startedAt: Date;
  full: boolean;
  resource: ResourceFacts;
  identity?: IdentityFacts;
  macServer?: MacServerFacts;
  sessions?: SessionStateRow[];
  /** MACVLAN rows to store: the full read's, or the known ones when `/interface` shows another `running`/`disabled`. */
  macvlans?: MacvlanStateRow[];
  /** MACVLAN definitions known after this cycle (undefined: unknown). */
  knownMacvlans?: MacvlanStateRow[];
  /** The counters list MACVLANs other than the known ones: the next cycle should be a full read. */
  macvlansChanged: boolean;
  macsec?: Awaited<ReturnType<typeof collectMacsec>>;
  readings: CycleReadings;
  /** `<section>: <message>` of each section that failed with an API error (the router stays `up`). */
  sectionErrors: string[];
};

/** Sections whose failure (RouterOS answering an API error, e.g. 400/406 on one menu) does not fail the cycle. */
type Section = "mac-server" | "macvlan" | "macsec" | "interface";

/** The known MACVLANs with `running`/`disabled` as `/interface` printed them; undefined when nothing changed. */
function linkUpdates(known: MacvlanStateRow[], links: InterfaceLink[]): MacvlanStateRow[] | undefined {
  const byName = new Map(links.map((l) => [l.name, l]));
  let changed = false;
  const rows = known.map((row) => {
    const link = byName.get(row.name);
    if (!link || (link.running === row.running && link.disabled === row.disabled)) return row;
    changed = true;
    return { ...row, running: link.running, disabled: link.disabled };
  });
  return changed ? rows : undefined;
}

function sameNames(known: MacvlanStateRow[], links: InterfaceLink[]): boolean {
  if (known.length !== links.length) return false;
  const names = new Set(known.map((m) => m.name));
  return links.every((l) => names.has(l.name));
}

/**
 * Reads one router, sequentially (one request in flight per router), each request with a `.proplist`
 * (see {@link ReadPlan} for which). `checkpoint` runs before each section and may throw (the cycle's
 * deadline). `/interface` counters of both sampled types come in one request (`type=macvlan` /
 * `type=macsec`), only for types the router has.
 * @throws the first error of `/system/resource` or (full reads) `/system/identity`, any transport error,
 *   RouterOsUnauthorizedError from any section, or the checkpoint's error; an API error on a later section
 *   is kept in `sectionErrors` instead.
 */
export async function readRouter(client: RouterOsClient, plan: ReadPlan, checkpoint: () => void = () => undefined): Promise<RouterReading> {
  const startedAt = new Date();
  const sectionErrors: string[] = [];
  async function section<T>(name: Section, read: () => Promise<T>): Promise<T | undefined> {
    checkpoint();
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof RouterOsApiError) || err instanceof RouterOsUnauthorizedError) throw err;
      sectionErrors.push(`${name}: ${err.message}`);
      return undefined;
    }
  }

  checkpoint();
  const { facts: resource, version } = await collectResource(client);
  const identity = plan.full ? await collectIdentity(client) : undefined;
  const macServer = plan.full ? await section("mac-server", () => collectMacServerSettings(client)) : undefined;
  const sessions = await section("mac-server", () => collectMacServerSessions(client));
  const readMacvlans = plan.full ? await section("macvlan", () => collectMacvlans(client, version)) : undefined;
  const known = plan.full ? readMacvlans : plan.knownMacvlans;
  const macsec = await section("macsec", () => collectMacsec(client, version));
  const types: SampledInterfaceType[] = [];
  if (known && known.length > 0) types.push("macvlan");
  if (macsec && macsec.rows.length > 0) types.push("macsec");
  const counters = await section("interface", () => collectInterfaceCounters(client, types));
  checkpoint();

  let macvlans = readMacvlans;
  let knownMacvlans = known;
  let macvlansChanged = false;
  if (!plan.full && known && counters) {
    macvlansChanged = !sameNames(known, counters.links.macvlan);
    macvlans = linkUpdates(known, counters.links.macvlan);
    knownMacvlans = macvlans ?? known;
  }

  const interfaceCounters: CycleReadings["interfaceCounters"] = {};
  const menuRead: Record<SampledInterfaceType, boolean> = { macvlan: known !== undefined, macsec: macsec !== undefined };
  for (const type of SAMPLED_INTERFACE_TYPES) {
    if (menuRead[type] && counters) interfaceCounters[type] = { readAt: counters.readAt, rows: counters.byType[type] };
  }
  const stats = new Map((macsec?.stats ?? []).map((s) => [s.name, s.counters]));
  const defined = (values: Partial<Record<string, bigint>>): Record<string, bigint> =>
    Object.fromEntries(Object.entries(values).filter((e): e is [string, bigint] => e[1] !== undefined));
  const readings: CycleReadings = {
    resource: { readAt: startedAt, cpuLoad: resource.cpuLoad, freeMemory: Number(resource.freeMemory), totalMemory: Number(resource.totalMemory) },
    macServerSessions: sessions && { readAt: startedAt, count: sessions.length },
    interfaceCounters,
    macsecStats: macsec && {
      readAt: macsec.readAt,
      rows: macsec.rows.map((row) => {
        const counters = stats.get(row.name);
        return { name: row.name, status: row.status, counters: counters && defined(counters) };
      }),
    },
  };
  return { startedAt, full: plan.full, resource, identity, macServer, sessions, macvlans, knownMacvlans, macvlansChanged, macsec, readings, sectionErrors };
}
