import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { authOptions } from "./options";
import { can, ForbiddenError, UnauthenticatedError, type Permission, type RoleName } from "./permissions";
import { clientIpFromHeaders } from "./request-meta";
import { liveSessionOwner, sessionIdSchema } from "./sessions";

/** The signed-in user as the server sees it on this request (never secrets). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

/** What next-auth's session callback (lib/auth/options.ts) returns: the UserSession id of the token. */
const sessionClaimsSchema = z.object({ sid: sessionIdSchema });

/**
 * The current user, or null. The session token only names a UserSession row; that row is checked on every
 * request (lib/auth/sessions.ts liveSessionOwner): revoked (sign-out, password reset, disable, re-enable),
 * past its 8 h expiry, unused for longer than SESSION_IDLE_MINUTES, or a disabled user → null. Role and
 * `disabled` come from the database, so changes take effect on the user's next request. Cached per request.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const claims = sessionClaimsSchema.safeParse(await getServerSession(authOptions));
  if (!claims.success) return null;
  return liveSessionOwner(db, claims.data.sid, getEnv().SESSION_IDLE_MINUTES * 60_000);
});

/** For pages: the current user, or a redirect to /login. */
export async function requireUserOrRedirect(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** For pages: the current user if they hold `permission`; signed-out users go to /login, others get 403 page. */
export async function requirePagePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUserOrRedirect();
  if (!can(user.role, permission)) redirect("/forbidden");
  return user;
}

/**
 * For server actions and route handlers: the current user if they hold `permission`.
 * @throws UnauthenticatedError when signed out; ForbiddenError when the role lacks the permission
 */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthenticatedError();
  if (!can(user.role, permission)) throw new ForbiddenError(permission);
  return user;
}

/**
 * Audit actor for the current request: the user plus client address and a fresh request id (generated here:
 * a client-sent `x-request-id` is not trusted, since users could then choose the id of their own audit events).
 */
export async function auditActor(user: SessionUser): Promise<{ id: string; email: string; clientIp: string | null; requestId: string }> {
  const h = await headers();
  return { id: user.id, email: user.email, clientIp: clientIpFromHeaders(h), requestId: randomUUID() };
}
