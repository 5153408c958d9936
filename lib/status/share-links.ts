import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import { writeTransaction } from "../db-transaction";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { ExpectedError } from "../errors";

/**
 * Per-site status share links: a random token (32 bytes, base64url, 43 characters) in the URL
 * `/share/<token>`; only its SHA-256 is stored (StatusShareLink.tokenHash) with its first characters
 * for display. Links can expire and be revoked. Authorization is the caller's job (permission
 * status.share for create/revoke/list; resolving a token needs no login).
 */

/** Random bytes in a token. */
const SHARE_TOKEN_BYTES = 32;
/** Characters of the token kept in clear (tokenPrefix) so admins can tell links apart. */
export const SHARE_TOKEN_PREFIX_LENGTH = 6;
/** lastUsedAt is written at most once per this many seconds per link (no write per page view). */
export const LAST_USED_THROTTLE_SEC = 60;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** An expected failure (unknown site or link, already revoked, expiry in the past); shown to the admin. */
export class ShareLinkError extends ExpectedError {
  override name = "ShareLinkError";
}

/** Where a link stands at a given time. */
export type ShareLinkState = "active" | "expired" | "revoked";

/** A share link as the admin list shows it (never the token or its hash). Times ISO 8601 UTC. */
export interface ShareLinkView {
  id: string;
  siteId: string;
  siteName: string;
  label: string;
  /** First characters of the token, e.g. `Xk3_9a` (shown as `Xk3_9a…`). */
  tokenPrefix: string;
  createdAt: string;
  createdByEmail: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: ShareLinkState;
}

/** SHA-256 (hex) of a token: the only form stored. */
export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function stateOf(link: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ShareLinkState {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

const LINK_SELECT = {
  id: true,
  siteId: true,
  label: true,
  tokenPrefix: true,
  createdById: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  site: { select: { name: true } },
} as const satisfies Prisma.StatusShareLinkSelect;

type LinkRow = Prisma.StatusShareLinkGetPayload<{ select: typeof LINK_SELECT }>;

function toView(row: LinkRow, emails: Map<string, string>, now: Date): ShareLinkView {
  return {
    id: row.id,
    siteId: row.siteId,
    siteName: row.site.name,
    label: row.label,
    tokenPrefix: row.tokenPrefix,
    createdAt: row.createdAt.toISOString(),
    createdByEmail: row.createdById ? (emails.get(row.createdById) ?? null) : null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    state: stateOf(row, now),
  };
}

async function emailsOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

/** Input of createShareLink. */
export interface CreateShareLinkInput {
  siteId: string;
  /** Free text so admins remember who got the link, e.g. "ACME support"; may be empty. */
  label: string;
  /** UTC; null = never expires. Must be in the future. */
  expiresAt: Date | null;
  /** Origin the URL is built on, e.g. `https://noc.example.net` (no trailing slash needed). */
  baseUrl: string;
}

/**
 * Creates a share link for one site. Audit event `status_share.create` (site, label, prefix, expiry;
 * never the token).
 * @returns the link, and the token and full URL `<baseUrl>/share/<token>`: shown ONCE, not retrievable later
 * @throws ShareLinkError when the site does not exist or the expiry is not in the future
 */
export async function createShareLink(
  db: Db,
  actor: AuditActor | null,
  input: CreateShareLinkInput,
  now: Date = new Date(),
): Promise<{ link: ShareLinkView; token: string; url: string }> {
  const site = await db.site.findUnique({ where: { id: input.siteId }, select: { id: true, name: true } });
  if (!site) throw new ShareLinkError("This site does not exist (it may have been removed).", { siteId: ["Unknown site"] });
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new ShareLinkError("The expiry must be in the future.", { expiresIn: ["Must be in the future"] });
  }
  const token = randomBytes(SHARE_TOKEN_BYTES).toString("base64url");
  const row = await writeTransaction(db, async (tx) => {
    const created = await tx.statusShareLink.create({
      data: {
        siteId: site.id,
        tokenHash: hashShareToken(token),
        tokenPrefix: token.slice(0, SHARE_TOKEN_PREFIX_LENGTH),
        label: input.label,
        createdById: actor?.id ?? null,
        createdAt: now,
        expiresAt: input.expiresAt,
      },
      select: LINK_SELECT,
    });
    await appendAuditEventInTx(tx, actor, {
      action: "status_share.create",
      entityType: "status_share",
      entityId: created.id,
      after: { siteId: site.id, site: site.name, label: created.label, prefix: created.tokenPrefix, expiresAt: created.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  const url = `${input.baseUrl.replace(/\/+$/, "")}/share/${token}`;
  return { link: toView(row, new Map(actor?.id && actor.email ? [[actor.id, actor.email]] : []), now), token, url };
}

/**
 * Revokes a link: from now on its URL shows the same 404 as an unknown token. Audit event
 * `status_share.revoke`.
 * @throws ShareLinkError when the link does not exist or is already revoked
 */
export async function revokeShareLink(db: Db, actor: AuditActor | null, input: { id: string }, now: Date = new Date()): Promise<ShareLinkView> {
  const existing = await db.statusShareLink.findUnique({ where: { id: input.id }, select: LINK_SELECT });
  if (!existing) throw new ShareLinkError("This share link does not exist.");
  if (existing.revokedAt) throw new ShareLinkError("This share link is already revoked.");
  // Conditional update: two admins revoking together revoke once (the loser gets the error above's twin).
  const revoked = await writeTransaction(db, async (tx) => {
    const { count } = await tx.statusShareLink.updateMany({
      where: { id: input.id, revokedAt: null },
      data: { revokedAt: now, revokedById: actor?.id ?? null },
    });
    if (count === 0) return false;
    await appendAuditEventInTx(tx, actor, {
      action: "status_share.revoke",
      entityType: "status_share",
      entityId: existing.id,
      before: { siteId: existing.siteId, site: existing.site.name, label: existing.label, prefix: existing.tokenPrefix, state: stateOf(existing, now) },
      after: { revokedAt: now.toISOString() },
    });
    return true;
  });
  if (!revoked) throw new ShareLinkError("This share link is already revoked.");
  const emails = await emailsOf(db, [existing.createdById]);
  return toView({ ...existing, revokedAt: now }, emails, now);
}

/** What a valid token opens. */
export interface ResolvedShareLink {
  linkId: string;
  siteId: string;
  siteName: string;
}

/**
 * Looks a token up by its SHA-256 (the unique index on tokenHash): the token itself is never stored or
 * compared, and the lookup's timing depends only on the hash, which does not leak the token. Unknown, malformed,
 * revoked and expired tokens all give null (callers answer the same 404). Records lastUsedAt at most
 * once per {@link LAST_USED_THROTTLE_SEC} (a conditional UPDATE, no audit event per view).
 */
export async function resolveShareToken(db: Db, token: string, now: Date = new Date()): Promise<ResolvedShareLink | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = hashShareToken(token);
  const row = await db.statusShareLink.findUnique({
    where: { tokenHash: hash },
    select: { id: true, siteId: true, expiresAt: true, revokedAt: true, site: { select: { name: true } } },
  });
  if (!row) return null;
  if (stateOf(row, now) !== "active") return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_THROTTLE_SEC * 1000);
  await db.statusShareLink.updateMany({
    where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: now },
  });
  return { linkId: row.id, siteId: row.siteId, siteName: row.site.name };
}

/** Every share link, newest first, with its site, creator's email and state at `now`. */
export async function listShareLinks(db: Db, now: Date = new Date()): Promise<ShareLinkView[]> {
  const rows = await db.statusShareLink.findMany({ select: LINK_SELECT, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  const emails = await emailsOf(
    db,
    rows.map((r) => r.createdById),
  );
  return rows.map((r) => toView(r, emails, now));
}
