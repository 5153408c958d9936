import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { appendAuditEventInTx, type AuditActor } from "../audit/log";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { ExpectedError } from "../errors";

/**
 * Bearer tokens of `GET /metrics` (Prometheus scrapes): `rnoc_` and 43 characters of base64url (32 random bytes).
 * Only the token's SHA-256 is stored (MetricsToken.tokenHash) with its first characters for display; the token is
 * shown once at creation. Authorization of create/revoke/list is the caller's job (permission metrics.manage);
 * {@link verifyMetricsToken} is the scrape's own check.
 */

/** Every metrics token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const METRICS_TOKEN_PREFIX = "rnoc_";
/** Random bytes in a token. */
const TOKEN_BYTES = 32;
/** Characters of the token kept in clear (the prefix and 6 more) so admins can tell tokens apart. */
const TOKEN_PREFIX_LENGTH = METRICS_TOKEN_PREFIX.length + 6;
/** lastUsedAt is written at most once per this many seconds per token (no write per scrape). */
export const METRICS_TOKEN_LAST_USED_THROTTLE_SEC = 60;

const TOKEN_PATTERN = /^rnoc_[A-Za-z0-9_-]{43}$/;

/** An expected failure (unknown or already revoked token), shown to the admin. */
export class MetricsTokenError extends ExpectedError {
  override name = "MetricsTokenError";
}

/** A token as the admin list shows it (never the token or its hash). Times ISO 8601 UTC. */
export interface MetricsTokenView {
  id: string;
  name: string;
  /** First characters of the token, e.g. `rnoc_Xk3_9a` (shown as `rnoc_Xk3_9a…`). */
  tokenPrefix: string;
  createdAt: string;
  createdByEmail: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** SHA-256 (hex) of a token: the only form stored. */
export function hashMetricsToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const TOKEN_SELECT = { id: true, name: true, tokenPrefix: true, createdById: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

type TokenRow = { id: string; name: string; tokenPrefix: string; createdById: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

function toView(row: TokenRow, emails: Map<string, string>): MetricsTokenView {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.tokenPrefix,
    createdAt: row.createdAt.toISOString(),
    createdByEmail: row.createdById ? (emails.get(row.createdById) ?? null) : null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

async function emailsOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

/**
 * Creates a metrics token named `name` (what scrapes with it, e.g. "prometheus-1"). Audit event
 * `metrics.token.create` (name and prefix; never the token or its hash).
 * @returns the token's view and the token itself: shown ONCE, not retrievable later
 */
export async function createMetricsToken(
  db: Db,
  actor: AuditActor | null,
  input: { name: string },
  now: Date = new Date(),
): Promise<{ token: string; view: MetricsTokenView }> {
  const token = `${METRICS_TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
  const row = await writeTransaction(db, async (tx) => {
    const created = await tx.metricsToken.create({
      data: {
        name: input.name,
        tokenHash: hashMetricsToken(token),
        tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH),
        createdById: actor?.id ?? null,
        createdAt: now,
      },
      select: TOKEN_SELECT,
    });
    await appendAuditEventInTx(tx, actor, {
      action: "metrics.token.create",
      entityType: "metrics_token",
      entityId: created.id,
      after: { name: created.name, prefix: created.tokenPrefix },
    });
    return created;
  });
  return { token, view: toView(row, new Map(actor?.id && actor.email ? [[actor.id, actor.email]] : [])) };
}

/**
 * Revokes a token: from now on a scrape with it gets 401. Audit event `metrics.token.revoke`.
 * @throws MetricsTokenError when the token does not exist or is already revoked
 */
export async function revokeMetricsToken(db: Db, actor: AuditActor | null, input: { id: string }, now: Date = new Date()): Promise<MetricsTokenView> {
  const existing = await db.metricsToken.findUnique({ where: { id: input.id }, select: TOKEN_SELECT });
  if (!existing) throw new MetricsTokenError("This metrics token does not exist.");
  const revoked = await writeTransaction(db, async (tx) => {
    const { count } = await tx.metricsToken.updateMany({ where: { id: input.id, revokedAt: null }, data: { revokedAt: now, revokedById: actor?.id ?? null } });
    if (count === 0) return false;
    await appendAuditEventInTx(tx, actor, {
      action: "metrics.token.revoke",
      entityType: "metrics_token",
      entityId: existing.id,
      before: { name: existing.name, prefix: existing.tokenPrefix },
      after: { revokedAt: now.toISOString() },
    });
    return true;
  });
  if (!revoked) throw new MetricsTokenError("This metrics token is already revoked.");
  return toView({ ...existing, revokedAt: now }, await emailsOf(db, [existing.createdById]));
}

/** Every metrics token, newest first, with its creator's email. */
export async function listMetricsTokens(db: Db): Promise<MetricsTokenView[]> {
  const rows = await db.metricsToken.findMany({ select: TOKEN_SELECT, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  const emails = await emailsOf(
    db,
    rows.map((r) => r.createdById),
  );
  return rows.map((r) => toView(r, emails));
}

/** The token of an `Authorization: Bearer <token>` header value; null for another scheme or no header. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

/**
 * True when `token` is an active (not revoked) metrics token. The row is found by the token's SHA-256 (unique index),
 * then the stored hash is compared with `timingSafeEqual` (constant time). Records lastUsedAt at most once per
 * {@link METRICS_TOKEN_LAST_USED_THROTTLE_SEC} (a conditional UPDATE: no write per scrape, no audit event).
 */
export async function verifyMetricsToken(db: Db, token: string | null, now: Date = new Date()): Promise<boolean> {
  if (token === null || !TOKEN_PATTERN.test(token)) return false;
  const hash = hashMetricsToken(token);
  const row = await db.metricsToken.findUnique({ where: { tokenHash: hash }, select: { id: true, tokenHash: true, revokedAt: true } });
  if (!row || row.revokedAt) return false;
  const stored = Buffer.from(row.tokenHash, "hex");
  const given = Buffer.from(hash, "hex");
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return false;
  const staleBefore = new Date(now.getTime() - METRICS_TOKEN_LAST_USED_THROTTLE_SEC * 1000);
  await db.metricsToken.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } });
  return true;
}
