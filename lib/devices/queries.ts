import "server-only";
import type { Db } from "../db-client";
import { containsText } from "../db-dialect";
import type { Tx } from "../db-transaction";
import type { Prisma } from "../generated/prisma/client";
import { clampPage } from "../pagination";
import { apiHostOf } from "./api-host";

/**
 * Read queries over the device inventory, shaped as DTOs safe for the browser (no passwordSealed,
 * never; no CA PEM except in the admin edit view). Authorization happens in lib/devices/server.ts, which
 * wraps these; they take a Prisma client so they can be tested on a temporary SQLite file.
 */

export const DEVICE_STATUSES = ["up", "down", "unauthorized", "unknown"] as const;
export type DeviceStatusName = (typeof DEVICE_STATUSES)[number];

export const DEVICE_SORTS = ["name", "site", "status", "version", "lastPoll"] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

/** Rows per page of the devices list. */
export const DEVICE_PAGE_SIZE = 25;

/** The devices list's query (from the URL): all optional; page is 1-based. */
export interface DeviceListQuery {
  q?: string;
  site?: string;
  status?: DeviceStatusName;
  sort?: DeviceSort;
  dir?: "asc" | "desc";
  page?: number;
}

/** One row of the devices list. Times are ISO 8601 UTC strings; uptime in seconds. */
export interface DeviceListRow {
  id: string;
  name: string;
  site: string;
  /** `host[:port]` of the REST base URL (never the full URL: no path, no credentials). */
  apiHost: string;
  enabled: boolean;
  status: DeviceStatusName;
  identity: string | null;
  model: string | null;
  boardName: string | null;
  version: string | null;
  uptimeSec: number | null;
  lastPollAt: string | null;
  lastError: string | null;
  tags: string[];
}

/** A page of the devices list. */
export interface DeviceListPage {
  rows: DeviceListRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

function listWhere(db: Db, query: DeviceListQuery): Prisma.DeviceWhereInput {
  const and: Prisma.DeviceWhereInput[] = [];
  const q = query.q?.trim();
  if (q) {
    // Case-insensitive for ASCII letters on both databases (lib/db-dialect.ts containsText).
    and.push({
      OR: [
        { name: containsText(db, q) },
        { identity: containsText(db, q) },
        { apiUrl: containsText(db, q) },
        { site: { name: containsText(db, q) } },
        { tags: { some: { tag: { contains: q.toLowerCase() } } } },
      ],
    });
  }
  if (query.site) and.push({ site: { name: query.site } });
  if (query.status) and.push({ status: query.status });
  return and.length > 0 ? { AND: and } : {};
}

function listOrder(sort: DeviceSort, dir: "asc" | "desc"): Prisma.DeviceOrderByWithRelationInput[] {
  const byName: Prisma.DeviceOrderByWithRelationInput = { name: sort === "name" ? dir : "asc" };
  switch (sort) {
    case "site":
      return [{ site: { name: dir } }, byName];
    case "status":
      return [{ status: dir }, byName];
    case "version":
      // Lexicographic on the version string ("7.9" sorts after "7.23"): good enough for grouping.
      return [{ version: { sort: dir, nulls: "last" } }, byName];
    case "lastPoll":
      return [{ lastPollAt: { sort: dir, nulls: "last" } }, byName];
    case "name":
      return [byName];
  }
}

/**
 * One page of the devices list: search `q` in name, identity, API URL, site name and tags; filter by
 * exact site name and status; sort by name (default), site, status, version or last poll.
 * A page past the end is clamped to the last page.
 */
export async function queryDeviceList(db: Db, query: DeviceListQuery): Promise<DeviceListPage> {
  const where = listWhere(db, query);
  const total = await db.device.count({ where });
  const { page, pageCount } = clampPage(query.page, total, DEVICE_PAGE_SIZE);
  const rows = await db.device.findMany({
    where,
    orderBy: listOrder(query.sort ?? "name", query.dir ?? "asc"),
    skip: (page - 1) * DEVICE_PAGE_SIZE,
    take: DEVICE_PAGE_SIZE,
    select: {
      id: true,
      name: true,
      apiUrl: true,
      enabled: true,
      status: true,
      identity: true,
      model: true,
      boardName: true,
      version: true,
      uptimeSec: true,
      lastPollAt: true,
      lastError: true,
      site: { select: { name: true } },
      tags: { select: { tag: true }, orderBy: { tag: "asc" } },
    },
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      site: r.site.name,
      apiHost: apiHostOf(r.apiUrl),
      enabled: r.enabled,
      status: r.status,
      identity: r.identity,
      model: r.model,
      boardName: r.boardName,
      version: r.version,
      uptimeSec: r.uptimeSec,
      lastPollAt: r.lastPollAt?.toISOString() ?? null,
      lastError: r.lastError,
      tags: r.tags.map((t) => t.tag),
    })),
    total,
    page,
    pageSize: DEVICE_PAGE_SIZE,
    pageCount,
  };
}

/** Names of every site, sorted (for the site filter and the form's datalist). */
export async function querySiteNames(db: Db): Promise<string[]> {
  const sites = await db.site.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  return sites.map((s) => s.name);
}

/** What the admin edit form shows: every stored setting except the password. */
export interface DeviceEditView {
  id: string;
  name: string;
  site: string;
  apiUrl: string;
  username: string;
  tlsFingerprint: string | null;
  caPem: string | null;
  tags: string[];
  pollIntervalSec: number | null;
  enabled: boolean;
}

/** The edit view of one device, or null when it does not exist. */
export async function queryDeviceEditView(db: Db | Tx, id: string): Promise<DeviceEditView | null> {
  const d = await db.device.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      apiUrl: true,
      username: true,
      tlsFingerprint: true,
      caPem: true,
      pollIntervalSec: true,
      enabled: true,
      site: { select: { name: true } },
      tags: { select: { tag: true }, orderBy: { tag: "asc" } },
    },
  });
  if (!d) return null;
  return { ...d, site: d.site.name, tags: d.tags.map((t) => t.tag) };
}
