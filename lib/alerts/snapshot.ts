import "server-only";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { fieldNames } from "../metrics/descriptors";
import { valueColumn } from "../metrics/sample-store";
import { normaliseMac } from "../validation/routeros";
import { MACSEC_ERROR_COUNTERS, type MacsecErrorCounter, type RuleType } from "./rule-types";

/**
 * What the rules read: the fleet as the poller stored it (Device columns, `/interface/macsec`, `/interface/macvlan`
 * and `/tool/mac-server/sessions` rows, the newest `macsec-stats` sample per interface) plus the MAC allow-list.
 * No router is asked anything. Each table is read once per evaluation, and only when a rule type needs it.
 */

/** An enabled device as the poller left it. Times UTC; memory in bytes; cpuLoad in %. */
export type SnapshotDevice = {
  id: string;
  name: string;
  siteId: string;
  status: string;
  lastPollAt: Date | null;
  lastOkAt: Date | null;
  cpuLoad: number | null;
  freeMemory: bigint | null;
  totalMemory: bigint | null;
};

/** Rates (packets/s) of the MACsec error counters in an interface's newest raw `macsec-stats` sample (null: unknown). */
export type MacsecErrorRates = Record<MacsecErrorCounter, number | null>;

export type FleetSnapshot = {
  devices: SnapshotDevice[];
  /** Tags by device id (read only when a rule is scoped to a tag). */
  tags: Map<string, Set<string>>;
  macsecs: { deviceId: string; name: string; status: string | null }[];
  macvlans: { deviceId: string; name: string; running: boolean; rxBitsPerSecond: number | null; txBitsPerSecond: number | null; ratesAt: Date | null }[];
  sessions: { deviceId: string; srcAddress: string; interface: string }[];
  /** Newest raw `macsec-stats` sample per `<deviceId>/<interface>`: its time (ms, UTC) and error rates. */
  macsecErrors: Map<string, { ts: number; rates: MacsecErrorRates }>;
  /** Allowed MACs (upper-case, colons) by `site:<siteId>` and `device:<deviceId>`. */
  allowList: Map<string, Set<string>>;
};

/** RouterOS counter name → `macsec-stats` descriptor field (lib/routeros/menus/macsec-counters.ts, docs/routeros.md). */
const ERROR_FIELDS: Record<MacsecErrorCounter, string> = {
  "rx-sc-not-valid": "inPktsNotValid",
  "rx-sc-late": "inPktsLate",
  "rx-no-tag": "inPktsNoTag",
  "rx-bad-tag": "inPktsBadTag",
};

/** The newest raw macsec-stats sample of every series, read with the (seriesId, resolution, ts) key: one row each. */
async function readMacsecErrors(db: Db): Promise<FleetSnapshot["macsecErrors"]> {
  const fields = fieldNames("macsec-stats");
  const columns = MACSEC_ERROR_COUNTERS.map((counter) => {
    const i = fields.indexOf(ERROR_FIELDS[counter] as (typeof fields)[number]);
    if (i < 0) throw new Error(`macsec-stats has no field ${ERROR_FIELDS[counter]}`);
    return Prisma.sql`m.${valueColumn("v", i)} AS ${Prisma.raw(`"${counter}"`)}`;
  });
  const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT s."deviceId" AS "deviceId", s."series" AS "series", m."ts" AS "ts", ${Prisma.join(columns)}
    FROM "SampleSeries" s
    JOIN "MetricSample" m ON m."seriesId" = s."id" AND m."resolution" = 0
     AND m."ts" = (SELECT MAX(l."ts") FROM "MetricSample" l WHERE l."seriesId" = s."id" AND l."resolution" = 0)
    WHERE s."metric" = 'macsec-stats'`);
  const out: FleetSnapshot["macsecErrors"] = new Map();
  for (const row of rows) {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const rates = Object.fromEntries(MACSEC_ERROR_COUNTERS.map((c) => [c, num(row[c])])) as MacsecErrorRates;
    out.set(`${String(row.deviceId)}/${String(row.series)}`, { ts: Number(row.ts), rates });
  }
  return out;
}

/**
 * Reads what the enabled rules of `types` need (one query per table), for the enabled devices.
 * @param needTags whether a rule is scoped to a tag
 */
export async function readFleetSnapshot(db: Db, types: ReadonlySet<RuleType>, needTags: boolean): Promise<FleetSnapshot> {
  const need = (...t: RuleType[]) => t.some((x) => types.has(x));
  const devices = await db.device.findMany({
    where: { enabled: true },
    select: { id: true, name: true, siteId: true, status: true, lastPollAt: true, lastOkAt: true, cpuLoad: true, freeMemory: true, totalMemory: true },
  });
  const tags: FleetSnapshot["tags"] = new Map();
  if (needTags) {
    for (const t of await db.deviceTag.findMany()) {
      const set = tags.get(t.deviceId) ?? new Set<string>();
      set.add(t.tag);
      tags.set(t.deviceId, set);
    }
  }
  const macsecs = need("macsec-not-encrypted", "macsec-errors")
    ? await db.macsecInterface.findMany({ where: { disabled: false }, select: { deviceId: true, name: true, status: true } })
    : [];
  const macvlans = need("macvlan-not-running", "macvlan-traffic")
    ? await db.macvlanInterface.findMany({
        where: { disabled: false },
        select: { deviceId: true, name: true, running: true, rxBitsPerSecond: true, txBitsPerSecond: true, ratesAt: true },
      })
    : [];
  const sessions = need("mac-session-unknown") ? await db.macServerSession.findMany({ select: { deviceId: true, srcAddress: true, interface: true } }) : [];
  const allowList: FleetSnapshot["allowList"] = new Map();
  if (need("mac-session-unknown")) {
    for (const e of await db.macAllowListEntry.findMany({ select: { macAddress: true, siteId: true, deviceId: true } })) {
      const key = e.deviceId !== null ? `device:${e.deviceId}` : `site:${e.siteId ?? ""}`;
      const set = allowList.get(key) ?? new Set<string>();
      set.add(normaliseMac(e.macAddress));
      allowList.set(key, set);
    }
  }
  const macsecErrors = need("macsec-errors") ? await readMacsecErrors(db) : new Map();
  return { devices, tags, macsecs, macvlans, sessions, macsecErrors, allowList };
}
