import "server-only";
import { headers } from "next/headers";
import type { AuditActor } from "../audit/log";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import { getEnv } from "../env";
import { queryFleetStatus, toPublicStatus } from "./queries";
import { createShareLink, listShareLinks, resolveShareToken, revokeShareLink, type CreateShareLinkInput, type ShareLinkView } from "./share-links";
import type { FleetStatus } from "./types";

/**
 * The status pages' data and the share-link service bound to the Next app's database (lib/db):
 * app/ never imports Prisma or lib/db itself. Same contracts as lib/status/queries.ts and
 * lib/status/share-links.ts.
 */

/**
 * The whole fleet's status for /status. Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getFleetStatus(opts: { onlyProblems: boolean }): Promise<FleetStatus> {
  await requirePermission("status.read");
  return queryFleetStatus(db, { onlyProblems: opts.onlyProblems });
}

/**
 * One site's name and status for the public page /share/<token>, stripped of ids and poller errors
 * (toPublicStatus); null for an unknown, malformed, revoked or expired token. No login: the token is
 * the permission.
 */
export async function getSharedSiteStatus(token: string, opts: { onlyProblems: boolean }): Promise<{ siteName: string; status: FleetStatus } | null> {
  const link = await resolveShareToken(db, token);
  if (!link) return null;
  return { siteName: link.siteName, status: toPublicStatus(await queryFleetStatus(db, { siteId: link.siteId, onlyProblems: opts.onlyProblems })) };
}

/**
 * Every share link and the sites a link can be made for (by name). Permission: status.share.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getShareLinksAdmin(): Promise<{ links: ShareLinkView[]; sites: { id: string; name: string }[] }> {
  await requirePermission("status.share");
  const [links, sites] = await Promise.all([listShareLinks(db), db.site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } })]);
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
 * createShareLink on the app database, the URL built on the app's origin (authorization: the caller).
 * @returns the link, and the token and URL to show ONCE
 * @throws ShareLinkError
 */
export async function createShareLinkInApp(actor: AuditActor | null, input: Omit<CreateShareLinkInput, "baseUrl">): ReturnType<typeof createShareLink> {
  return createShareLink(db, actor, { ...input, baseUrl: await appBaseUrl() });
}

/** revokeShareLink on the app database (authorization: the caller). @throws ShareLinkError */
export function revokeShareLinkInApp(actor: AuditActor | null, input: { id: string }): Promise<ShareLinkView> {
  return revokeShareLink(db, actor, input);
}
