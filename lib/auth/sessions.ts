import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import type { Prisma } from "../generated/prisma/client";
import { appendAuditEventInTx } from "../audit/log";
import type { RoleName } from "./permissions";

/** Absolute lifetime of a session, in seconds (8 hours from login). */
export const SESSION_MAX_AGE_SEC = 8 * 60 * 60;
/** `lastSeenAt` is written at most this often per session, in milliseconds (1 minute). */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

/** Why a session was ended on the server (UserSession.revokedReason). */
export type SessionRevokeReason = "logout" | "password_reset" | "disabled" | "enabled" | "idle";

/** A session id: base64url of 32 random bytes (43 characters). */
export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** A Prisma client or an interactive transaction client. */
type DbOrTx = Db | Prisma.TransactionClient;

/** The user behind a live session (never secrets). */
export interface SessionOwner {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

/**
 * Short, non-secret reference to a session for the audit log (12 base64url characters of its SHA-256), so
 * `auth.login`, `auth.logout` and `auth.session_idle` events of one session can be matched without storing
 * the id the session token carries.
 */
export function sessionRef(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 12);
}

/** Thrown inside openUserSession's transaction when the account changed after the password was checked. */
class AccountChangedError extends Error {}

/**
 * Opens a session (table UserSession) for a user whose password was just verified against `passwordHash`:
 * id = base64url of 32 random bytes, createdAt = lastSeenAt = now, expiresAt = now + SESSION_MAX_AGE_SEC.
 * In one write transaction (lib/db-transaction.ts: it holds SQLite's write lock from its start) the row is
 * written and the account re-read: if it was disabled or its password changed since the check (a reset
 * racing the login), nothing is stored and null is returned, so no session outlives a reset or disable
 * that it raced. The `auth.login` event (actor: the user and client IP; after: the session reference)
 * commits in the same transaction.
 * @param meta client IP (canonical, or null) and User-Agent (already cut to length, or null)
 * @returns the session id (the only thing the session token carries), or null
 */
export async function openUserSession(
  db: Db,
  user: { id: string; email: string; passwordHash: string },
  meta: { clientIp: string | null; userAgent: string | null },
  now: Date = new Date(),
): Promise<string | null> {
  const id = randomBytes(32).toString("base64url");
  try {
    await writeTransaction(db, async (tx) => {
      await tx.userSession.create({
        data: {
          id,
          userId: user.id,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SEC * 1000),
          clientIp: meta.clientIp,
          userAgent: meta.userAgent,
        },
      });
      const unchanged = await tx.user.count({ where: { id: user.id, passwordHash: user.passwordHash, disabled: false } });
      if (unchanged !== 1) throw new AccountChangedError();
      await appendAuditEventInTx(
        tx,
        { id: user.id, email: user.email, clientIp: meta.clientIp },
        { action: "auth.login", entityType: "user", entityId: user.id, after: { session: sessionRef(id) } },
      );
    });
    return id;
  } catch (err) {
    if (err instanceof AccountChangedError) return null;
    throw err;
  }
}

const SESSION_SELECT = {
  lastSeenAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, email: true, name: true, role: true, disabled: true } },
} as const;

type SessionRow = Prisma.UserSessionGetPayload<{ select: typeof SESSION_SELECT }>;

/** The row of a well-formed session id, or null. */
async function readSession(db: Db, sessionId: string): Promise<SessionRow | null> {
  if (!sessionIdSchema.safeParse(sessionId).success) return null;
  return db.userSession.findUnique({ where: { id: sessionId }, select: SESSION_SELECT });
}

/** "live", "idle" (not used for longer than idleMs: to be revoked) or "ended" (revoked, expired, user disabled). */
function sessionState(row: SessionRow, idleMs: number, now: Date): "live" | "idle" | "ended" {
  if (row.revokedAt !== null || row.expiresAt.getTime() <= now.getTime() || row.user.disabled) return "ended";
  return now.getTime() - row.lastSeenAt.getTime() > idleMs ? "idle" : "live";
}

function owner(row: SessionRow): SessionOwner {
  const { id, email, name, role } = row.user;
  return { id, email, name, role };
}

/**
 * The owner of session `sessionId` if it is still live, else null. Live = the row exists, is not revoked, is
 * before expiresAt, was seen within `idleMs`, and its user is not disabled. A session idle for longer is
 * revoked here (reason "idle") and audited once as `auth.session_idle` (actor: its user; after: session
 * reference, lastSeenAt); a live one gets lastSeenAt = now when the stored value is older than
 * LAST_SEEN_WRITE_INTERVAL_MS (so at most one write per minute per session).
 * @param idleMs idle timeout in milliseconds (SESSION_IDLE_MINUTES × 60 000 in the app)
 */
export async function liveSessionOwner(db: Db, sessionId: string, idleMs: number, now: Date = new Date()): Promise<SessionOwner | null> {
  const row = await readSession(db, sessionId);
  if (!row) return null;
  const state = sessionState(row, idleMs, now);
  if (state === "ended") return null;
  if (state === "idle") {
    await writeTransaction(db, async (tx) => {
      const ended = await tx.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: "idle" } });
      if (ended.count !== 1) return;
      await appendAuditEventInTx(
        tx,
        { id: row.user.id, email: row.user.email },
        {
          action: "auth.session_idle",
          entityType: "user",
          entityId: row.user.id,
          after: { session: sessionRef(sessionId), lastSeenAt: row.lastSeenAt },
        },
      );
    });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_WRITE_INTERVAL_MS) {
    await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null, lastSeenAt: row.lastSeenAt }, data: { lastSeenAt: now } });
  }
  return owner(row);
}

/**
 * Like liveSessionOwner but read-only (no lastSeenAt update, no idle revocation): for callers that only need
 * to know who holds a session token, e.g. proxy.ts naming the actor of a refused request.
 */
export async function peekSessionOwner(db: Db, sessionId: string, idleMs: number, now: Date = new Date()): Promise<SessionOwner | null> {
  const row = await readSession(db, sessionId);
  return row && sessionState(row, idleMs, now) === "live" ? owner(row) : null;
}

/**
 * Ends one session at sign-out (reason "logout"), with its `auth.logout` event (actor: the user; after: the
 * session reference) in the same transaction.
 * @returns its user when this call revoked it; null when it was unknown or already ended (so replaying an old
 *   token cannot write audit events)
 */
export async function endUserSession(db: Db, sessionId: string, now: Date = new Date()): Promise<{ id: string; email: string } | null> {
  if (!sessionIdSchema.safeParse(sessionId).success) return null;
  return writeTransaction(db, async (tx) => {
    const ended = await tx.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: "logout" } });
    if (ended.count !== 1) return null;
    const row = await tx.userSession.findUnique({ where: { id: sessionId }, select: { user: { select: { id: true, email: true } } } });
    if (!row) return null;
    await appendAuditEventInTx(tx, row.user, { action: "auth.logout", entityType: "user", entityId: row.user.id, after: { session: sessionRef(sessionId) } });
    return row.user;
  });
}

/**
 * Revokes every session of `userId` that is not revoked yet (all of them were opened before this call: run it
 * inside the transaction that changes the account, after its first write, so logins that commit later see the
 * change). Audit it as part of the event of the action (e.g. `revokedSessions` in `after`).
 * @returns how many sessions were revoked
 */
export async function revokeUserSessions(db: DbOrTx, userId: string, reason: SessionRevokeReason, now: Date = new Date()): Promise<number> {
  const revoked = await db.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
  return revoked.count;
}
