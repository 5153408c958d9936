import "server-only";
import type { Db } from "../db-client";
import { apiHostOf } from "../devices/api-host";
import { getEnv } from "../env";
import type { DeviceHeaderDto, DeviceOverviewDto, MacServerSessionDto, MacServerStateDto, MacsecDto, MacvlanDto } from "./detail-dto";

/**
 * The device page's reads, taking the Prisma client as a parameter (tested against a real SQLite
 * file). They authorize nothing: callers are lib/devices/server.ts, which checks the permission.
 * Every read `select`s a DTO: never `passwordSealed`, never a MACsec CAK (not stored anyway).
 * Functions return null (or an empty list) when the device does not exist.
 */

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const bytes = (b: bigint | null): number | null => (b === null ? null : Number(b));

/** The page header of device `id` (Device + Site). */
export async function selectDeviceHeader(db: Db, id: string): Promise<DeviceHeaderDto | null> {
  const d = await db.device.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      identity: true,
      status: true,
      enabled: true,
      apiUrl: true,
      version: true,
      lastPollAt: true,
      pollIntervalSec: true,
      site: { select: { name: true } },
    },
  });
  if (!d) return null;
  return {
    id: d.id,
    name: d.name,
    identity: d.identity,
    status: d.status,
    enabled: d.enabled,
    siteName: d.site.name,
    apiHost: apiHostOf(d.apiUrl),
    version: d.version,
    lastPollAt: iso(d.lastPollAt),
    pollIntervalSec: d.pollIntervalSec ?? getEnv().POLL_INTERVAL_SEC,
  };
}

/** Polled facts, poll health and row counts of device `id` (memory in bytes, uptime in seconds). */
export async function selectDeviceOverview(db: Db, id: string): Promise<DeviceOverviewDto | null> {
  const d = await db.device.findUnique({
    where: { id },
    select: {
      identity: true,
      boardName: true,
      model: true,
      serialNumber: true,
      architecture: true,
      version: true,
      uptimeSec: true,
      cpuLoad: true,
      freeMemory: true,
      totalMemory: true,
      status: true,
      lastPollAt: true,
      lastOkAt: true,
      lastError: true,
      lastPollMs: true,
      _count: { select: { sessions: true, macvlans: true, macsecs: true } },
    },
  });
  if (!d) return null;
  return {
    identity: d.identity,
    boardName: d.boardName,
    model: d.model,
    serialNumber: d.serialNumber,
    architecture: d.architecture,
    version: d.version,
    uptimeSec: d.uptimeSec,
    cpuLoad: d.cpuLoad,
    freeMemory: bytes(d.freeMemory),
    totalMemory: bytes(d.totalMemory),
    status: d.status,
    lastPollAt: iso(d.lastPollAt),
    lastOkAt: iso(d.lastOkAt),
    lastError: d.lastError,
    lastPollMs: d.lastPollMs,
    counts: { sessions: d._count.sessions, macvlans: d._count.macvlans, macsecs: d._count.macsecs },
  };
}

/** `/tool/mac-server` settings of device `id` as last read. */
export async function selectMacServerState(db: Db, id: string): Promise<MacServerStateDto | null> {
  const d = await db.device.findUnique({
    where: { id },
    select: { macTelnetAllowedList: true, macWinboxAllowedList: true, macPingEnabled: true, lastPollAt: true },
  });
  if (!d) return null;
  return { ...d, lastPollAt: iso(d.lastPollAt) };
}

/** Current `/tool/mac-server/sessions` of device `id`, newest first (by first seen), then by MAC. */
export async function selectMacServerSessions(db: Db, id: string): Promise<MacServerSessionDto[]> {
  const rows = await db.macServerSession.findMany({
    where: { deviceId: id },
    orderBy: [{ firstSeenAt: "desc" }, { srcAddress: "asc" }],
    select: { srcAddress: true, interface: true, uptimeSec: true, firstSeenAt: true, lastSeenAt: true },
  });
  return rows.map((r) => ({ ...r, firstSeenAt: r.firstSeenAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString() }));
}

/** Current `/interface/macvlan` rows of device `id`, by name. */
export async function selectMacvlans(db: Db, id: string): Promise<MacvlanDto[]> {
  return db.macvlanInterface.findMany({
    where: { deviceId: id },
    orderBy: { name: "asc" },
    select: { name: true, parent: true, mode: true, macAddress: true, mtu: true, running: true, disabled: true, comment: true },
  });
}

/** Current `/interface/macsec` rows of device `id` (no CAK), by name. */
export async function selectMacsecs(db: Db, id: string): Promise<MacsecDto[]> {
  return db.macsecInterface.findMany({
    where: { deviceId: id },
    orderBy: { name: "asc" },
    select: { name: true, parent: true, status: true, profile: true, ckn: true, mtu: true, running: true, disabled: true, comment: true },
  });
}

/** RouterOS `version` of device `id`; undefined when the device does not exist. */
export async function selectDeviceVersion(db: Db, id: string): Promise<string | null | undefined> {
  const d = await db.device.findUnique({ where: { id }, select: { version: true } });
  return d === null ? undefined : d.version;
}
