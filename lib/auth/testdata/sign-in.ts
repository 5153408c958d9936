import type { Db } from "../../db-client";
import type { RoleName } from "../permissions";
import { openUserSession } from "../sessions";

/**
 * Opens a real UserSession (lib/auth/sessions.ts openUserSession, audited `auth.login`) for an existing
 * user, so a test that replaces only next-auth's cookie decoding (`getServerSession` → `{ sid }`) runs
 * the app's own session check (getCurrentUser → liveSessionOwner → role from the database).
 * @returns the session id the token would carry
 * @throws Error when the user does not exist or is disabled
 */
export async function openTestSession(db: Db, userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, passwordHash: true } });
  const sid = await openUserSession(db, user, { clientIp: "192.0.2.10", userAgent: "vitest" });
  if (!sid) throw new Error(`user ${userId} is disabled: no session`);
  return sid;
}

/** Creates a user with `role` (no usable password) and opens a session for it. @returns its id and session id */
export async function signInAs(
  db: Db,
  role: RoleName,
  email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`,
): Promise<{ id: string; sid: string }> {
  const { id } = await db.user.create({ data: { email, name: email, role, passwordHash: "unused" } });
  return { id, sid: await openTestSession(db, id) };
}
