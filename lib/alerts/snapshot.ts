import "server-only";
import { chunks } from "../chunks";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { fieldNames } from "../metrics/descriptors";
import { valueColumn } from "../metrics/sample-store";
import { normaliseMac } from "../validation/routeros";
import { MACSEC_ERROR_COUNTERS, type MacsecErrorCounter, type RuleType } from "./rule-types";

/**
 * What the rules read: the fleet as the poller stored it (Device columns, `/interface/macsec`, `/interface/macvlan`
 * and `/tool/mac-server/sessions` rows, the newest `macsec-stats` sample per interface) plus the MAC allow-list and
 * the newest configuration backups that are outside changes (lib/backups/store.ts). No router is asked anything. Each
 * table is read once per evaluation, only when a rule type needs it, and only for the devices evaluated.
 */

/** An enabled device as the poller left it. Times UTC; memory in bytes; cpuLoad in %. */
export type SnapshotDevice = {
  id: string;
  name: string;
  siteId: string;
  /** Device.updatedAt (UTC): the poller and every edit move it; the incremental engine's change stamp. */
  updatedAt: Date;
  status: string;
  lastPollAt: Date | null;
  lastOkAt: Date | null;
  cpuLoad: number | null;
  freeMemory: bigint | null;
  totalMemory: bigint | null;
};

/** Rates (packets/s) of the MACsec error counters in an interface's newest raw `macsec-stats` sample (null: unknown). */
export type MacsecErrorRates = Record<MacsecErrorCounter, number | null>;

/** A device's newest ConfigBackup version (times UTC; lines against the version before it). */
export type NewestBackup = {
  id: string;
  takenAt: Date;
  outsideChange: boolean;
  reviewedAt: Date | null;
  linesAdded: number;
  linesRemoved: number;
};

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
  /**
   * Newest backup by device id, for the devices whose newest version is an unreviewed outside change or that have an
   * active `config-changed-outside` alert (read only for that rule type).
   */
  configBackups: Map<string, NewestBackup>;
};

/** Device ids per `IN (...)` list: under both databases' bound-parameter limits (SQLite's adapter: 999). */
const IN_LIST = 500;
/** Above this many devices, reading every row and filtering is cheaper than IN lists. */
const SCAN_ABOVE = 2000;

/** RouterOS counter name → `macsec-stats` descriptor field (lib/routeros/menus/macsec-counters.ts, docs/routeros.md). */
const ERROR_FIELDS: Record<MacsecErrorCounter, string> = {
  "rx-sc-not-valid": "inPktsNotValid",
  "rx-sc-late": "inPktsLate",
  "rx-no-tag": "inPktsNoTag",
  "rx-bad-tag": "inPktsBadTag",
};

/**
 * The newest raw macsec-stats sample of every series (of `deviceIds`, or all), read with the (seriesId, resolution, ts)
 * key: one row each. CROSS JOIN keeps the series as SQLite's outer loop: with a plain JOIN its planner walked every raw
 * sample of the fleet by the (resolution, ts) index (0.6 s at 10,000 routers even for 50 of them); PostgreSQL plans
 * it as the inner join it is.
 */
async function readMacsecErrors(db: Db, deviceIds: readonly string[] | undefined): Promise<FleetSnapshot["macsecErrors"]> {
  const fields = fieldNames("macsec-stats");
  const columns = MACSEC_ERROR_COUNTERS.map((counter) => {
    const i = fields.indexOf(ERROR_FIELDS[counter] as (typeof fields)[number]);
    if (i < 0) throw new Error(`macsec-stats has no field ${ERROR_FIELDS[counter]}`);
    return Prisma.sql`m.${valueColumn("v", i)} AS ${Prisma.raw(`"${counter}"`)}`;
  });
  const rows = await forDevices(
    deviceIds,
    (ids) =>
      db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT s."deviceId" AS "deviceId", s."series" AS "series", m."ts" AS "ts", ${Prisma.join(columns)}
    FROM "SampleSeries" s CROSS JOIN "MetricSample" m
    WHERE m."seriesId" = s."id" AND m."resolution" = 0
      AND m."ts" = (SELECT MAX(l."ts") FROM "MetricSample" l WHERE l."seriesId" = s."id" AND l."resolution" = 0)
      AND s."metric" = 'macsec-stats'${ids === undefined ? Prisma.empty : Prisma.sql` AND s."deviceId" IN (${Prisma.join(ids)})`}`),
    (row) => String(row.deviceId),
  );
  const out: FleetSnapshot["macsecErrors"] = new Map();
  for (const row of rows) {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const rates = Object.fromEntries(MACSEC_ERROR_COUNTERS.map((c) => [c, num(row[c])])) as MacsecErrorRates;
    out.set(`${String(row.deviceId)}/${String(row.series)}`, { ts: Number(row.ts), rates });
  }
  return out;
}

/**
 * Runs `read` once for all devices (`ids` undefined), or once per IN_LIST ids and concatenates the rows; above
 * SCAN_ABOVE ids (most of the fleet polled since the last pass) one read of every row, kept when its device is in `ids`.
 */
async function forDevices<T>(
  ids: readonly string[] | undefined,
  read: (ids: string[] | undefined) => Promise<T[]>,
  deviceOf: (row: T) => string,
): Promise<T[]> {
  if (ids === undefined) return read(undefined);
  if (ids.length > SCAN_ABOVE) {
    const wanted = new Set(ids);
    return (await read(undefined)).filter((row) => wanted.has(deviceOf(row)));
  }
  const out: T[] = [];
  for (const part of chunks(ids, IN_LIST)) out.push(...(await read(part)));
  return out;
}

/**
 * The newest ConfigBackup of every device whose newest version is an outside change nobody reviewed, or that has an
 * active alert of a `config-changed-outside` rule (so that a review or a newer version resolves it). Both sets are
 * small: the (outsideChange, takenAt) index finds the candidates and the (deviceId, takenAt) index their newest.
 */
async function readConfigBackups(db: Db): Promise<FleetSnapshot["configBackups"]> {
  const rows = await db.$queryRaw<
    { deviceId: string; id: string; takenAt: unknown; outsideChange: unknown; reviewedAt: unknown; linesAdded: unknown; linesRemoved: unknown }[]
  >(Prisma.sql`
    SELECT b."deviceId", b."id", b."takenAt", b."outsideChange", b."reviewedAt", b."linesAdded", b."linesRemoved"
    FROM "ConfigBackup" b
    WHERE b."takenAt" = (SELECT MAX(l."takenAt") FROM "ConfigBackup" l WHERE l."deviceId" = b."deviceId")
      AND ((b."outsideChange" = ${true} AND b."reviewedAt" IS NULL)
        OR b."deviceId" IN (SELECT a."deviceId" FROM "Alert" a
                            WHERE a."ruleId" IN (SELECT r."id" FROM "AlertRule" r WHERE r."type" = 'config-changed-outside')
                              AND a."state" IN ('pending', 'firing')))
    ORDER BY b."takenAt", b."id"`);
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v instanceof Date ? v.getTime() : String(v)));
  const out: FleetSnapshot["configBackups"] = new Map();
  for (const r of rows) {
    out.set(r.deviceId, {
      id: r.id,
      takenAt: date(r.takenAt) ?? new Date(0),
      outsideChange: r.outsideChange === true || Number(r.outsideChange) === 1,
      reviewedAt: date(r.reviewedAt),
      linesAdded: Number(r.linesAdded),
      linesRemoved: Number(r.linesRemoved),
    });
  }
  return out;
}

/**
 * Reads what the enabled rules of `types` need (one query per table, or per IN_LIST devices), for the enabled devices
 * among `deviceIds` (all when undefined) and, for a `config-changed-outside` rule, those of its backups
 * (FleetSnapshot.configBackups) as well.
 * @param needTags whether a rule is scoped to a tag
 */
export async function readFleetSnapshot(db: Db, types: ReadonlySet<RuleType>, needTags: boolean, deviceIds?: readonly string[]): Promise<FleetSnapshot> {
  const need = (...t: RuleType[]) => t.some((x) => types.has(x));
  const configBackups = need("config-changed-outside") ? await readConfigBackups(db) : new Map<string, NewestBackup>();
  const ids = deviceIds === undefined ? undefined : [...new Set([...deviceIds, ...configBackups.keys()])];
  const byDevice = (part: string[] | undefined) => (part === undefined ? {} : { deviceId: { in: part } });
  const byDeviceId = (row: { deviceId: string }) => row.deviceId;
  const devices = await forDevices(
    ids,
    (part) =>
      db.device.findMany({
        where: { enabled: true, ...(part === undefined ? {} : { id: { in: part } }) },
        select: {
          id: true,
          name: true,
          siteId: true,
          updatedAt: true,
          status: true,
          lastPollAt: true,
          lastOkAt: true,
          cpuLoad: true,
          freeMemory: true,
          totalMemory: true,
        },
      }),
    (d) => d.id,
  );
  const tags: FleetSnapshot["tags"] = new Map();
  if (needTags) {
    for (const t of await forDevices(ids, (part) => db.deviceTag.findMany({ where: byDevice(part) }), byDeviceId)) {
      const set = tags.get(t.deviceId) ?? new Set<string>();
      set.add(t.tag);
      tags.set(t.deviceId, set);
    }
  }
  const macsecs = need("macsec-not-encrypted", "macsec-errors")
    ? await forDevices(
        ids,
        (part) => db.macsecInterface.findMany({ where: { disabled: false, ...byDevice(part) }, select: { deviceId: true, name: true, status: true } }),
        byDeviceId,
      )
    : [];
  const macvlans = need("macvlan-not-running", "macvlan-traffic")
    ? await forDevices(
        ids,
        (part) =>
          db.macvlanInterface.findMany({
            where: { disabled: false, ...byDevice(part) },
            select: { deviceId: true, name: true, running: true, rxBitsPerSecond: true, txBitsPerSecond: true, ratesAt: true },
          }),
        byDeviceId,
      )
    : [];
  const sessions = need("mac-session-unknown")
    ? await forDevices(
        ids,
        (part) => db.macServerSession.findMany({ where: byDevice(part), select: { deviceId: true, srcAddress: true, interface: true } }),
        byDeviceId,
      )
    : [];
  const allowList: FleetSnapshot["allowList"] = new Map();
  if (need("mac-session-unknown") && (ids === undefined || ids.length > 0)) {
    for (const e of await db.macAllowListEntry.findMany({ select: { macAddress: true, siteId: true, deviceId: true } })) {
      const key = e.deviceId !== null ? `device:${e.deviceId}` : `site:${e.siteId ?? ""}`;
      const set = allowList.get(key) ?? new Set<string>();
      set.add(normaliseMac(e.macAddress));
      allowList.set(key, set);
    }
  }
  const macsecErrors = need("macsec-errors") ? await readMacsecErrors(db, ids) : new Map();
  return { devices, tags, macsecs, macvlans, sessions, macsecErrors, allowList, configBackups };
}
