import "server-only";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import type { FiringAlert, StatusAlert } from "../status/types";
import { SEVERITIES, severityRank } from "./rule-types";

/**
 * Where alerts show outside /alerts (Db-parameterised; lib/alerts/server.ts and lib/status/server.ts bind them to the
 * session): the device page's Alerts tab, the overview's problems (firing alerts of the fleet) and the firing alerts
 * per site of /status and /share/<token>. Each is one indexed read (Alert `state` or `deviceId` index), bounded by a
 * limit. Times are UTC (Date, or ISO 8601 strings in the client-safe shapes).
 */

/** SQL: the rank of the rule `r`'s severity (info 0 < warning 1 < critical 2, as severityRank), for ORDER BY. */
const severityRankSql = Prisma.sql`CASE r."severity" ${Prisma.join(
  SEVERITIES.map((s) => Prisma.sql`WHEN ${s} THEN ${severityRank(s)}`),
  " ",
)} ELSE 0 END`;

/** A timestamp of a raw row: a Date (PostgreSQL, SQLite with the column's declared type), else ISO text or epoch ms. */
function asDate(value: Date | string | number | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

/** A boolean of a raw row: PostgreSQL answers true/false, SQLite 1/0. */
const asBool = (value: boolean | number | bigint): boolean => Number(value) === 1;

/** One alert of a device's Alerts tab (signed-in page: the id is there for acknowledge and silence). */
export interface DeviceAlert {
  id: string;
  /** `pending`, `firing` or `resolved`. */
  state: string;
  rule: { id: string; name: string; severity: string };
  /** Interface name or MAC address; "" for the device itself. */
  subject: string;
  /** What the rule compared (units in lib/alerts/rule-types.ts). */
  values: Record<string, unknown>;
  firstSeenAt: Date;
  firedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  /** Name of the user who acknowledged it (null: not acknowledged, or the account is gone). */
  acknowledgedBy: string | null;
  ackNote: string | null;
  silencedUntil: Date | null;
  /** silencedUntil is after the time of the read. */
  silenced: boolean;
}

/** How many alerts the device tab reads: every open one up to `open`, the `resolved` most recent resolved ones. */
export const DEVICE_ALERT_LIMITS = { open: 100, resolved: 20 } as const;

/**
 * A device's alerts: its open ones (firing first, then pending; the most severe first, then the newest), then its
 * most recently resolved ones, with who acknowledged each (User `name`). Three reads by the Alert `deviceId` index and
 * the users by id.
 */
export async function queryDeviceAlerts(db: Db, deviceId: string, now: Date = new Date()): Promise<{ open: DeviceAlert[]; resolved: DeviceAlert[] }> {
  const select = {
    id: true,
    state: true,
    subject: true,
    values: true,
    firstSeenAt: true,
    firedAt: true,
    resolvedAt: true,
    acknowledgedAt: true,
    acknowledgedById: true,
    ackNote: true,
    silencedUntil: true,
    rule: { select: { id: true, name: true, severity: true } },
  } as const;
  const [open, resolved] = await db.$transaction([
    db.alert.findMany({
      where: { deviceId, state: { in: ["pending", "firing"] } },
      select,
      orderBy: [{ firstSeenAt: "desc" }, { id: "asc" }],
      take: DEVICE_ALERT_LIMITS.open,
    }),
    db.alert.findMany({
      where: { deviceId, state: "resolved" },
      select,
      orderBy: [{ resolvedAt: "desc" }, { id: "asc" }],
      take: DEVICE_ALERT_LIMITS.resolved,
    }),
  ]);
  const ackIds = [...new Set([...open, ...resolved].flatMap((a) => (a.acknowledgedById ? [a.acknowledgedById] : [])))];
  const users = ackIds.length ? await db.user.findMany({ where: { id: { in: ackIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const toAlert = ({ acknowledgedById, values, ...a }: (typeof open)[number]): DeviceAlert => ({
    ...a,
    values: JSON.parse(values) as Record<string, unknown>,
    acknowledgedBy: acknowledgedById ? (names.get(acknowledgedById) ?? null) : null,
    silenced: a.silencedUntil !== null && a.silencedUntil.getTime() > now.getTime(),
  });
  const openFirst = (a: DeviceAlert, b: DeviceAlert) =>
    Number(b.state === "firing") - Number(a.state === "firing") || severityRank(b.rule.severity) - severityRank(a.rule.severity);
  return { open: open.map(toAlert).sort(openFirst), resolved: resolved.map(toAlert) };
}

/** Firing alerts of a device (the Alerts tab's badge): one count by the Alert `deviceId` index. */
export function countDeviceFiring(db: Db, deviceId: string): Promise<number> {
  return db.alert.count({ where: { deviceId, state: "firing" } });
}

type FiringRow = {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  deviceId: string;
  deviceName: string;
  siteId: string;
  siteName: string;
  subject: string;
  firedAt: Date | string | number | null;
  acknowledged: boolean | number | bigint;
  silenced: boolean | number | bigint;
  total: number | bigint;
};

/**
 * The fleet's firing alerts for the overview's problems: at most `limit`, the most severe first, then the most
 * recently fired, with the total of firing alerts (also counted past `limit`). One statement through the Alert
 * `state` index, joined by key to its rule, device and the device's site.
 */
export async function queryFiringAlerts(db: Db, limit: number, now: Date = new Date()): Promise<{ total: number; rows: FiringAlert[] }> {
  const rows = await db.$queryRaw<FiringRow[]>`
    SELECT a."id" AS "id", r."id" AS "ruleId", r."name" AS "ruleName", r."severity" AS "severity", d."id" AS "deviceId", d."name" AS "deviceName",
      s."id" AS "siteId", s."name" AS "siteName", a."subject" AS "subject", a."firedAt" AS "firedAt",
      CASE WHEN a."acknowledgedAt" IS NULL THEN 0 ELSE 1 END AS "acknowledged",
      CASE WHEN a."silencedUntil" > ${now} THEN 1 ELSE 0 END AS "silenced",
      COUNT(*) OVER () AS "total"
    FROM "Alert" a
    JOIN "AlertRule" r ON r."id" = a."ruleId"
    JOIN "Device" d ON d."id" = a."deviceId"
    JOIN "Site" s ON s."id" = d."siteId"
    WHERE a."state" = 'firing'
    ORDER BY ${severityRankSql} DESC, a."firedAt" DESC, a."id" ASC
    LIMIT ${Math.max(0, Math.floor(limit))}`;
  return {
    total: Number(rows.at(0)?.total ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      rule: { id: r.ruleId, name: r.ruleName, severity: r.severity },
      device: { id: r.deviceId, name: r.deviceName },
      site: { id: r.siteId, name: r.siteName },
      subject: r.subject,
      firedAt: asDate(r.firedAt)?.toISOString() ?? null,
      acknowledged: asBool(r.acknowledged),
      silenced: asBool(r.silenced),
    })),
  };
}

type SiteFiringRow = {
  siteId: string;
  device: string;
  rule: string;
  severity: string;
  subject: string;
  since: Date | string | number | null;
  acknowledged: boolean | number | bigint;
  total: number | bigint;
};

/**
 * The firing alerts of the enabled devices of each of `siteIds` (the device's current site), at most `perSite` per site,
 * the most severe first, then the most recently fired; `total` counts them all. One statement (window functions, the
 * same on SQLite and PostgreSQL) through the Alert `state` index, joined by key to the device and the rule.
 * @returns per site id the listed alerts and the total (sites without a firing alert are absent)
 */
export function siteFiringAlertsQuery(db: Db, siteIds: string[], perSite: number) {
  return db.$queryRaw<SiteFiringRow[]>`
    SELECT x."siteId", x."device", x."rule", x."severity", x."subject", x."since", x."acknowledged", x."total" FROM (
      SELECT d."siteId" AS "siteId", d."name" AS "device", r."name" AS "rule", r."severity" AS "severity", a."subject" AS "subject", a."firedAt" AS "since",
        CASE WHEN a."acknowledgedAt" IS NULL THEN 0 ELSE 1 END AS "acknowledged",
        ROW_NUMBER() OVER (PARTITION BY d."siteId" ORDER BY ${severityRankSql} DESC, a."firedAt" DESC, d."name" ASC, a."subject" ASC) AS "n",
        COUNT(*) OVER (PARTITION BY d."siteId") AS "total"
      FROM "Alert" a
      JOIN "Device" d ON d."id" = a."deviceId"
      JOIN "AlertRule" r ON r."id" = a."ruleId"
      WHERE a."state" = 'firing' AND d."enabled" = true AND d."siteId" IN (${Prisma.join(siteIds.length ? siteIds : [""])})
    ) x
    WHERE x."n" <= ${Math.max(0, Math.floor(perSite))}
    ORDER BY x."siteId" ASC, x."n" ASC`;
}

/** Groups the rows of {@link siteFiringAlertsQuery} by site id: the listed alerts and the total per site. */
export function groupStatusAlerts(rows: SiteFiringRow[]): Map<string, { alerts: StatusAlert[]; total: number }> {
  const bySite = new Map<string, { alerts: StatusAlert[]; total: number }>();
  for (const r of rows) {
    const alert: StatusAlert = {
      device: r.device,
      rule: r.rule,
      severity: r.severity,
      subject: r.subject,
      since: asDate(r.since)?.toISOString() ?? null,
      acknowledged: asBool(r.acknowledged),
    };
    const site = bySite.get(r.siteId);
    if (site) site.alerts.push(alert);
    else bySite.set(r.siteId, { alerts: [alert], total: Number(r.total) });
  }
  return bySite;
}
