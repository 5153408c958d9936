import "server-only";
import { z } from "zod";
import type { AuditActor } from "../audit/log";
import { appendAuditEventInTx } from "../audit/log";
import { writeTransaction } from "../db-transaction";
import type { Db } from "../db-client";
import { isUniqueViolation } from "../db-errors";
import { getEnv } from "../env";
import type { Cidr } from "../net/ip";
import {
  DEFAULT_ROUTER_NETWORKS,
  NEVER_ALLOWED,
  RouterAddressDeniedError,
  checkNetworkEntry,
  effectiveNetworks,
  urlPort,
  vetRouterTarget,
  type RouterTargetPolicy,
} from "../net/router-networks";
import type { ConnectGuard } from "../routeros";
import { entityId } from "../validation/ids";
import { safeText } from "../validation/text";
import { DeviceServiceError } from "./errors";

/**
 * The admin-managed list of router networks (table RouterNetwork): the networks devices' API hosts may resolve
 * into, checked when a device is saved and again at every connection (lib/devices/router-client.ts). An empty table
 * means the defaults (lib/net/router-networks.ts DEFAULT_ROUTER_NETWORKS: the private ranges); the first network an
 * admin adds copies the defaults into the table, so adding one never silently drops them, and the list can only go
 * back to the defaults through an explicit reset. Every change is audited (`router_network.add`, `.remove`,
 * `.reset`). Authorization is the caller's job (server actions: `devices.manage`).
 */

/** One admin-listed network, for the networks page. `createdAt` is ISO 8601 UTC. */
export interface RouterNetworkRow {
  id: string;
  cidr: string;
  comment: string;
  createdAt: string;
}

/** What the networks page shows. */
export interface RouterNetworksView {
  /** The admin's list; empty while the defaults apply. */
  networks: RouterNetworkRow[];
  /** True when the table is empty and {@link RouterNetworksView.defaults} are in effect. */
  usingDefaults: boolean;
  defaults: readonly string[];
  /** Refused whatever the list says, with the reason. */
  neverAllowed: readonly { cidr: string; why: string }[];
}

/** Add form: a network in CIDR notation and an optional comment. */
export const addRouterNetworkSchema = z.strictObject({
  cidr: z
    .string()
    .trim()
    .min(1, "network is required")
    .max(64, "network is at most 64 characters")
    .transform((value, ctx) => {
      const entry = checkNetworkEntry(value);
      if ("error" in entry) {
        ctx.addIssue({ code: "custom", message: entry.error });
        return z.NEVER;
      }
      return entry.cidr;
    }),
  comment: safeText("comment", 200)
    .optional()
    .transform((v) => v ?? ""),
});
export type AddRouterNetworkInput = z.output<typeof addRouterNetworkSchema>;

/** Remove: the row's id. */
export const removeRouterNetworkSchema = z.strictObject({ id: entityId });
export type RemoveRouterNetworkInput = z.output<typeof removeRouterNetworkSchema>;

/** Reset to the defaults: the admin types `defaults` to confirm. */
export const resetRouterNetworksSchema = z.strictObject({
  confirm: z.literal("defaults", { error: "type defaults to confirm" }),
});

/** Reads the networks page's view. */
export async function queryRouterNetworks(db: Db): Promise<RouterNetworksView> {
  const rows = await db.routerNetwork.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, cidr: true, comment: true, createdAt: true } });
  return {
    networks: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    usingDefaults: rows.length === 0,
    defaults: DEFAULT_ROUTER_NETWORKS,
    neverAllowed: NEVER_ALLOWED,
  };
}

/** The read of the networks in flight per database: connections opened at the same moment share it. */
const networksInFlight = new WeakMap<Db, Promise<Cidr[]>>();

/**
 * The networks in effect now: the admin's list, or the defaults while it is empty. Read from the database at every
 * call; calls made while a read is in flight share that read (a poller opening many connections at once makes one
 * query, and no answer is older than the query it comes from).
 */
export function allowedRouterNetworks(db: Db): Promise<Cidr[]> {
  const pending = networksInFlight.get(db);
  if (pending) return pending;
  const read = db.routerNetwork
    .findMany({ select: { cidr: true } })
    .then((rows) => effectiveNetworks(rows.map((r) => r.cidr)))
    .finally(() => {
      if (networksInFlight.get(db) === read) networksInFlight.delete(db);
    });
  networksInFlight.set(db, read);
  return read;
}

/**
 * Adds a network. When the table is empty the defaults are written first (same transaction), so they stay in effect.
 * @returns the new row's id, its canonical CIDR and the defaults copied in (empty when the list already existed)
 * @throws DeviceServiceError when the network is already listed (fieldErrors.cidr)
 */
export async function addRouterNetwork(
  db: Db,
  actor: AuditActor | null,
  input: AddRouterNetworkInput,
): Promise<{ id: string; cidr: string; copiedDefaults: string[] }> {
  try {
    const result = await writeTransaction(db, async (tx) => {
      const copiedDefaults = (await tx.routerNetwork.count()) === 0 ? DEFAULT_ROUTER_NETWORKS.filter((d) => d !== input.cidr) : [];
      for (const cidr of copiedDefaults) await tx.routerNetwork.create({ data: { cidr, comment: "default (private range)", createdById: actor?.id ?? null } });
      const row = await tx.routerNetwork.create({ data: { cidr: input.cidr, comment: input.comment, createdById: actor?.id ?? null }, select: { id: true } });
      await appendAuditEventInTx(tx, actor, {
        action: "router_network.add",
        entityType: "router_network",
        entityId: row.id,
        after: { cidr: input.cidr, comment: input.comment, copiedDefaults },
      });
      return { id: row.id, copiedDefaults };
    });
    return { id: result.id, cidr: input.cidr, copiedDefaults: result.copiedDefaults };
  } catch (err) {
    if (isUniqueViolation(err)) throw new DeviceServiceError(`${input.cidr} is already in the list.`, { cidr: ["this network is already listed"] });
    throw err;
  }
}

/**
 * Removes a network. The last one cannot be removed (an empty list means the defaults, which may allow more):
 * use {@link resetRouterNetworks}.
 * @throws DeviceServiceError when the row does not exist or is the last one
 */
export async function removeRouterNetwork(db: Db, actor: AuditActor | null, input: RemoveRouterNetworkInput): Promise<{ cidr: string }> {
  return writeTransaction(db, async (tx) => {
    const row = await tx.routerNetwork.findUnique({ where: { id: input.id }, select: { cidr: true, comment: true } });
    if (!row) throw new DeviceServiceError("This network is no longer in the list.");
    if ((await tx.routerNetwork.count()) <= 1) {
      throw new DeviceServiceError("The last network cannot be removed: an empty list means the defaults. Use Reset to defaults instead.");
    }
    await tx.routerNetwork.delete({ where: { id: input.id } });
    await appendAuditEventInTx(tx, actor, { action: "router_network.remove", entityType: "router_network", entityId: input.id, before: row });
    return { cidr: row.cidr };
  });
}

/** Empties the list, so the defaults apply again; audits the list as it was. */
export async function resetRouterNetworks(db: Db, actor: AuditActor | null): Promise<{ removed: string[] }> {
  return writeTransaction(db, async (tx) => {
    const rows = await tx.routerNetwork.findMany({ orderBy: { createdAt: "asc" }, select: { cidr: true } });
    await tx.routerNetwork.deleteMany();
    const removed = rows.map((r) => r.cidr);
    await appendAuditEventInTx(tx, actor, {
      action: "router_network.reset",
      entityType: "router_network",
      before: { networks: removed },
      after: { defaults: DEFAULT_ROUTER_NETWORKS },
    });
    return { removed };
  });
}

/** The ports this NOC serves on, from PORT (set by `next start`) and NEXTAUTH_URL. */
function appPorts(): number[] {
  const env = getEnv();
  const ports = new Set<number>();
  if (env.PORT !== undefined) ports.add(env.PORT);
  if (env.NEXTAUTH_URL) ports.add(urlPort(new URL(env.NEXTAUTH_URL)));
  return [...ports];
}

/** The router-target policy over this database: the allowed networks read at every check, the app's ports, node:dns. */
function routerTargetPolicy(db: Db): RouterTargetPolicy {
  return { networks: () => allowedRouterNetworks(db), selfPorts: appPorts() };
}

/** The RouterOS client's connect guard for devices: {@link routerTargetPolicy} applied to every new connection. */
export function routerConnectGuard(db: Db): ConnectGuard {
  const policy = routerTargetPolicy(db);
  return ({ hostname, port }) => vetRouterTarget(hostname, port, policy);
}

/** True for a node:dns lookup failure (ENOTFOUND, EAI_AGAIN, ...). */
function isResolverError(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).syscall === "getaddrinfo";
}

/**
 * The save-time check of a device's API URL (already a valid apiBaseUrl): its host must resolve, and every address
 * must be allowed (lib/net/router-networks.ts). Nothing is connected.
 * @throws DeviceServiceError with fieldErrors.apiUrl naming the reason (e.g. `127.0.0.1 is a loopback address: add
 *   it under Router networks to allow it`), or that the name does not resolve; the database's errors as they are
 */
export async function checkApiUrlAllowed(db: Db, apiUrl: string): Promise<void> {
  const url = new URL(apiUrl);
  try {
    await vetRouterTarget(url.hostname, urlPort(url), routerTargetPolicy(db));
  } catch (err) {
    if (err instanceof RouterAddressDeniedError) {
      throw new DeviceServiceError("This API URL points at an address routers may not use.", { apiUrl: [err.reason] });
    }
    if (isResolverError(err))
      throw new DeviceServiceError("This API URL's host name does not resolve.", { apiUrl: [`${url.hostname} does not resolve to an address`] });
    throw err;
  }
}
