import "server-only";
import type { AuditActor } from "../audit/log";
import { requirePermission } from "../auth/session";
import { db } from "../db";
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
 * One site's status for the public page /share/<token>, stripped of ids and poller errors
 * (toPublicStatus); null for an unknown, malformed, revoked or expired token. No login: the token is
 * the permission.
 */
export async function getSharedSiteStatus(token: string, opts: { onlyProblems: boolean }): Promise<FleetStatus | null> {
  const link = await resolveShareToken(db, token);
  if (!link) return null;
  return toPublicStatus(await queryFleetStatus(db, { siteId: link.siteId, onlyProblems: opts.onlyProblems }));
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

/** createShareLink on the app database (authorization: the caller). @throws ShareLinkError */
export function createShareLinkInApp(actor: AuditActor | null, input: CreateShareLinkInput): ReturnType<typeof createShareLink> {
  return createShareLink(db, actor, input);
}

/** revokeShareLink on the app database (authorization: the caller). @throws ShareLinkError */
export function revokeShareLinkInApp(actor: AuditActor | null, input: { id: string }): Promise<ShareLinkView> {
  return revokeShareLink(db, actor, input);
}
