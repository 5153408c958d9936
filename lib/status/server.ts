import "server-only";
import { headers } from "next/headers";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import { getEnv } from "../env";
import { queryFiringAlerts } from "../alerts/views";
import { queryFleetSummary, queryFleetTotals, queryTopMacvlanTalkers } from "./fleet-queries";
import { queryFleetStatus, toPublicStatus } from "./queries";
import { FLEET_AGGREGATE_TTL_MS, sharedRead, sharedReadByKey } from "./shared-read";
import * as shareLinks from "./share-links";
import type { CreateShareLinkInput, ShareLinkView } from "./share-links";
import type { FleetProblems, FleetStatus, FleetSummary, TimedRows, TopTalker } from "./types";

/**
 * The status pages' and share links' data layer (CODE_STYLE.md "Data layer"): what /status, /share/<token>,
 * /status/share-links and its server actions call. Server-only, on the app's database (lib/db). Every
 * function checks its permission first (requirePermission: the signed-in user from the session), except
 * getSharedSiteStatus, whose permission is the share token itself (checked by resolveShareToken). Same
 * contracts as lib/status/queries.ts and lib/status/share-links.ts.
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** The fleet's totals for the status page's summary line, read at most once per FLEET_AGGREGATE_TTL_MS in this process. */
const readFleetTotals = sharedRead(FLEET_AGGREGATE_TTL_MS, () => queryFleetTotals(db, { pollIntervalSec: getEnv().POLL_INTERVAL_SEC }));

/**
 * How long (ms) one read of a /status page (filter, page number) serves every viewer of that page in this process: a
 * second, far below the page's 15 s refresh, so a viewer's refresh always gets a newer read (`generatedAt` moves). With
 * 50 viewers on the page, the reads of 1,000 devices per page (about a third of the request's CPU, bench/load.ts) are
 * made about once a second instead of once per request. Nothing is written; another web instance reads its own.
 */
const STATUS_PAGE_TTL_MS = 1_000;

/** Pages (filter, page number) kept at once: the page number comes from the URL, so the kept reads stay bounded. */
const STATUS_PAGES_KEPT = 200;

/** One page of /status, the same for every viewer allowed to see it; the caller checks the permission first. */
const readFleetStatusPage = sharedReadByKey(STATUS_PAGE_TTL_MS, STATUS_PAGES_KEPT, async (key: `${boolean}:${number}`) => {
  const [onlyProblems, page] = key.split(":");
  return queryFleetStatus(db, { onlyProblems: onlyProblems === "true", page: Number(page), fleetTotals: await readFleetTotals() });
});

/**
 * One page of the fleet's status for /status (`page`: 1-based page of sites, clamped), with the fleet's totals (at
 * most FLEET_AGGREGATE_TTL_MS old); the page's read is at most STATUS_PAGE_TTL_MS old. Permission: status.read
 * (checked on every call, before the shared read).
 */
export async function getFleetStatus(opts: { onlyProblems: boolean; page?: number }): Promise<FleetStatus> {
  await requirePermission("status.read");
  const page = opts.page !== undefined && Number.isSafeInteger(opts.page) && opts.page > 0 ? opts.page : 1;
  return readFleetStatusPage(`${opts.onlyProblems}:${page}`);
}

/**
 * One site's name and status for the public page /share/<token>, stripped of ids and poller errors
 * (toPublicStatus); null for an unknown, malformed, revoked or expired token. No login: the token is
 * the permission.
 */
export async function getSharedSiteStatus(token: string, opts: { onlyProblems: boolean }): Promise<{ siteName: string; status: FleetStatus } | null> {
  const link = await shareLinks.resolveShareToken(db, token);
  if (!link) return null;
  return { siteName: link.siteName, status: toPublicStatus(await queryFleetStatus(db, { siteId: link.siteId, onlyProblems: opts.onlyProblems })) };
}

/** Every share link and the sites a link can be made for (by name). Permission: status.share. */
export async function getShareLinksAdmin(): Promise<{ links: ShareLinkView[]; sites: { id: string; name: string }[] }> {
  await requirePermission("status.share");
  const [links, sites] = await Promise.all([shareLinks.listShareLinks(db), db.site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } })]);
  return { links, sites };
}

/**
 * The origin share URLs are built on: NEXTAUTH_URL (the app's public URL) when set, else this request's
 * host (X-Forwarded-Host/-Proto from a reverse proxy, or Host).
 */
async function appBaseUrl(): Promise<string> {
  const configured = getEnv().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

/**
 * Creates a share link for a site as the signed-in user (audited `status_share.create`), its URL built on the
 * app's origin. Permission: status.share.
 * @returns the link, and the token and URL to show ONCE
 * @throws ShareLinkError (unknown site, expiry in the past)
 */
export async function createShareLink(input: Omit<CreateShareLinkInput, "baseUrl">): ReturnType<typeof shareLinks.createShareLink> {
  const user = await requirePermission("status.share");
  return shareLinks.createShareLink(db, await auditActor(user), { ...input, baseUrl: await appBaseUrl() });
}

/** Revokes a share link as the signed-in user (audited `status_share.revoke`). Permission: status.share. @throws ShareLinkError (unknown link, already revoked) */
export async function revokeShareLink(input: { id: string }): Promise<ShareLinkView> {
  const user = await requirePermission("status.share");
  return shareLinks.revokeShareLink(db, await auditActor(user), input);
}

/** How many top talkers the overview shows. */
const TOP_TALKERS_LIMIT = 10;

/** How many firing alerts the overview lists (the rest are counted and listed on /alerts). */
const PROBLEMS_LIMIT = 50;

/** The fleet's counters, read at most once per FLEET_AGGREGATE_TTL_MS in this process (./shared-read.ts). */
const readFleetSummary = sharedRead(FLEET_AGGREGATE_TTL_MS, () => queryFleetSummary(db, { pollIntervalSec: getEnv().POLL_INTERVAL_SEC }));

/** The first firing alerts, read at most once per FLEET_AGGREGATE_TTL_MS in this process (every open overview polls them). */
const readFleetProblems = sharedRead(FLEET_AGGREGATE_TTL_MS, async (): Promise<FleetProblems> => {
  const now = new Date();
  return { generatedAt: now.toISOString(), ...(await queryFiringAlerts(db, PROBLEMS_LIMIT, now)) };
});

/**
 * The overview's counters: devices by status and with a problem, MACsec links secured or not,
 * MAC-server sessions; the same state as /status (lib/status/fleet-queries.ts, at most
 * FLEET_AGGREGATE_TTL_MS old). Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getFleetSummary(): Promise<FleetSummary> {
  await requirePermission("status.read");
  return readFleetSummary();
}

/**
 * The overview's problems: the fleet's firing alerts (the first PROBLEMS_LIMIT, the most severe first, then the newest;
 * lib/alerts/views.ts queryFiringAlerts) and their total, at most FLEET_AGGREGATE_TTL_MS old. Permission: status.read
 * (the overview's; every role also has alerts.read).
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listFleetProblems(): Promise<FleetProblems> {
  await requirePermission("status.read");
  return readFleetProblems();
}

/**
 * The busiest MACVLAN interfaces of the fleet right now (bits/s). Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listTopMacvlanTalkers(): Promise<TimedRows<TopTalker>> {
  await requirePermission("status.read");
  const now = new Date();
  return { generatedAt: now.toISOString(), rows: await queryTopMacvlanTalkers(db, TOP_TALKERS_LIMIT, now) };
}
