import "server-only";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import type { MetricId } from "../metrics/descriptors";
import { MACSEC_SECURED_STATUS } from "../status/definitions";
import {
  MACSEC_LINKS_PAGE_SIZE,
  type MacsecLinkDto,
  type MacsecLinkEndDto,
  type MacsecLinkKind,
  type MacsecLinkPage,
  type MacsecLinkQuery,
} from "./link-types";

/**
 * The "MACsec links" view's read (docs/routeros.md "MACsec links"): the fleet's `/interface/macsec` rows as the poller
 * stored them (MacsecInterface, never a CAK), paired across routers by CKN. Takes the Prisma client as a parameter and
 * authorizes nothing (lib/macsec/server.ts checks the permission). One statement on SQLite and PostgreSQL alike.
 */

/** The metric whose raw samples carry each MACsec interface's `status` per poll (lib/metrics/descriptors.ts). */
const STATUS_METRIC: MetricId = "macsec-stats";

/** SQL: the link key of the MacsecInterface `m`: its CKN in lower case, or (no CKN) a key of its own that no CKN can equal. */
const linkKeySql = Prisma.sql`COALESCE(LOWER(m."ckn"), '#' || m."deviceId" || '/' || m."name")`;

/** SQL: the end (MacsecInterface `m` of device `d`) is secured: open-encrypted on an enabled device that is up. */
const securedSql = Prisma.sql`(m."status" = ${MACSEC_SECURED_STATUS} AND d."enabled" = true AND d."status" = 'up')`;

/** `text` as a LIKE pattern matching values that contain it (with `ESCAPE '\'`), in lower case. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** HAVING conditions of the link groups (over the `ends` rows `e`) for the query's filters. */
function linkFilters(query: MacsecLinkQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.site) conditions.push(Prisma.sql`SUM(CASE WHEN e."site" = ${query.site} THEN 1 ELSE 0 END) > 0`);
  if (query.status === "not-secured") conditions.push(Prisma.sql`MIN(e."secured") = 0`);
  if (query.q) {
    const p = containsPattern(query.q);
    conditions.push(
      Prisma.sql`SUM(CASE WHEN LOWER(e."router") LIKE ${p} ESCAPE '\\' OR LOWER(e."identity") LIKE ${p} ESCAPE '\\' OR LOWER(e."name") LIKE ${p} ESCAPE '\\' THEN 1 ELSE 0 END) > 0`,
    );
  }
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`HAVING ${Prisma.join(conditions, " AND ")}`;
}

/**
 * ORDER BY of the link groups `l`: problems first (conflict, not secured, far end missing, secured pair), or by router;
 * then by the first end (router name in lower case, interface name).
 */
function linkOrder(query: MacsecLinkQuery): Prisma.Sql {
  const byRouter = Prisma.sql`l."firstEnd", l."linkKey"`;
  if (query.sort === "router") return byRouter;
  return Prisma.sql`CASE WHEN l."endCount" > 2 THEN 0 WHEN l."secured" = 0 THEN 1 WHEN l."endCount" = 1 THEN 2 ELSE 3 END, ${byRouter}`;
}

/** A row of the statement: one end of a link on the page, with its link's numbers (counts may be bigint, booleans 0/1). */
type EndRow = {
  rn: number | bigint;
  total: number | bigint;
  endCount: number | bigint;
  linkSecured: number | bigint;
  ckn: string | null;
  deviceId: string;
  router: string;
  site: string;
  deviceStatus: string;
  deviceEnabled: boolean | number;
  name: string;
  parent: string;
  status: string | null;
  mtu: number | bigint | null;
  running: boolean | number;
  disabled: boolean | number;
  secured: number | bigint;
  lastPollAt: Date | string | null;
  changedTs: number | bigint | null;
  sinceTs: number | bigint | null;
};

/** A stored DateTime read by raw SQL (a Date, or ISO text on SQLite) as ISO UTC. */
function isoOf(v: Date | string | null): string | null {
  return v === null ? null : new Date(v).toISOString();
}

function kindOf(endCount: number): MacsecLinkKind {
  return endCount > 2 ? "conflict" : endCount === 2 ? "pair" : "far-end-missing";
}

function endOf(r: EndRow): MacsecLinkEndDto {
  return {
    deviceId: r.deviceId,
    router: r.router,
    site: r.site,
    deviceStatus: r.deviceStatus,
    deviceEnabled: Boolean(r.deviceEnabled),
    name: r.name,
    parent: r.parent,
    status: r.status,
    statusSince: r.sinceTs === null ? null : new Date(Number(r.sinceTs)).toISOString(),
    statusSinceAtLeast: r.changedTs === null,
    mtu: r.mtu === null ? null : Number(r.mtu),
    running: Boolean(r.running),
    disabled: Boolean(r.disabled),
    lastPollAt: isoOf(r.lastPollAt),
    secured: Number(r.secured) === 1,
  };
}

/** The raw `macsec-stats` samples (resolution 0) of the end `alias` (SampleSeries `ss`, MetricSample `x`). */
function endSamples(alias: string): Prisma.Sql {
  const e = Prisma.raw(alias);
  return Prisma.sql`FROM "SampleSeries" ss CROSS JOIN "MetricSample" x
    WHERE ss."deviceId" = ${e}."deviceId" AND ss."metric" = ${STATUS_METRIC} AND ss."series" = ${e}."name" AND x."seriesId" = ss."id" AND x."resolution" = 0`;
}

/**
 * A page of MACsec links: the fleet's MacsecInterface rows grouped by CKN (ignoring case; a row without a CKN is a link
 * of its own), filtered by site (an end there), status (`not-secured`: an end not open-encrypted on an enabled device
 * that is up) and search (router name or identity, or interface name, of an end; ASCII case ignored), ordered by
 * `query.sort`, MACSEC_LINKS_PAGE_SIZE links per page (the requested page clamped to the last). Each end's
 * `statusSince` comes from the raw `macsec-stats` samples of its interface (RAW_RETENTION_HOURS). One statement.
 */
export async function queryMacsecLinks(db: Db, query: MacsecLinkQuery): Promise<MacsecLinkPage> {
  const size = MACSEC_LINKS_PAGE_SIZE;
  const skip = (Math.max(1, Math.floor(query.page ?? 1)) - 1) * size;
  // Bound numbers may arrive as REAL on SQLite: integer division needs INTEGER operands.
  const int = (v: number) => Prisma.sql`CAST(${v} AS INTEGER)`;
  const start = Prisma.sql`CASE WHEN n."total" > ${int(skip)} THEN ${int(skip)} ELSE ((n."total" - 1) / ${int(size)}) * ${int(size)} END`;
  const rows = await db.$queryRaw<EndRow[]>`
    WITH "ends" AS (
      SELECT ${linkKeySql} AS "linkKey", m."ckn", m."deviceId", d."name" AS "router", COALESCE(d."identity", '') AS "identity", s."name" AS "site",
        d."status" AS "deviceStatus", d."enabled" AS "deviceEnabled", d."lastPollAt", m."name", m."parent", m."status", m."mtu", m."running", m."disabled",
        CASE WHEN ${securedSql} THEN 1 ELSE 0 END AS "secured"
      FROM "MacsecInterface" m CROSS JOIN "Device" d CROSS JOIN "Site" s
      WHERE d."id" = m."deviceId" AND s."id" = d."siteId"
    ),
    "links" AS (
      SELECT e."linkKey", COUNT(*) AS "endCount", MIN(e."secured") AS "secured", MIN(LOWER(e."router") || '/' || e."name") AS "firstEnd"
      FROM "ends" e GROUP BY e."linkKey" ${linkFilters(query)}
    ),
    "numbered" AS (
      SELECT l."linkKey", l."endCount", l."secured", ROW_NUMBER() OVER (ORDER BY ${linkOrder(query)}) AS "rn", COUNT(*) OVER () AS "total" FROM "links" l
    ),
    "page" AS (
      SELECT n.* FROM "numbered" n WHERE n."rn" > ${start} AND n."rn" <= ${start} + ${int(size)}
    ),
    "pageEnds" AS (
      SELECT p."rn", p."total", p."endCount", p."secured" AS "linkSecured", e.*,
        (SELECT MAX(x."ts") ${endSamples("e")} AND (x."status" IS NULL OR x."status" <> e."status")) AS "changedTs"
      FROM "page" p CROSS JOIN "ends" e WHERE e."linkKey" = p."linkKey"
    )
    SELECT pe.*, (SELECT MIN(x."ts") ${endSamples("pe")} AND x."status" = pe."status" AND x."ts" > COALESCE(pe."changedTs", -1)) AS "sinceTs"
    FROM "pageEnds" pe ORDER BY pe."rn", LOWER(pe."router"), pe."name"`;
  const first = rows.at(0);
  const total = first ? Number(first.total) : 0;
  const links: MacsecLinkDto[] = [];
  let rn: number | undefined;
  for (const r of rows) {
    const end = endOf(r);
    const current = links.at(-1);
    if (current && rn === Number(r.rn)) {
      current.ends.push(end);
      continue;
    }
    rn = Number(r.rn);
    links.push({ ckn: r.ckn, kind: kindOf(Number(r.endCount)), secured: Number(r.linkSecured) === 1, ends: [end] });
  }
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = first ? Math.floor((Number(first.rn) - 1) / size) + 1 : 1;
  return { rows: links, page, pageSize: size, pageCount, total, generatedAt: new Date().toISOString() };
}
