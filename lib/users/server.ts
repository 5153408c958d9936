import "server-only";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import type { ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetDisabledInput } from "./schema";
import * as accounts from "./service";
import type { UserRow } from "./service";

/**
 * User management's data layer (CODE_STYLE.md "Data layer"): what the /users page and its server actions
 * call. Server-only, on the app's database (lib/db). Every function checks `users.manage` first
 * (requirePermission: the signed-in user from the session) and runs lib/users/service.ts as that user
 * (audit events with the request's client address and a fresh request id; the "not yourself" rules apply
 * to them). No password hash is ever returned.
 * @throws UnauthenticatedError when signed out, ForbiddenError without users.manage (lib/auth/permissions.ts)
 */

/** Every account (no hashes), by email. Permission: users.manage. */
export async function listAllUsers(): Promise<UserRow[]> {
  await requirePermission("users.manage");
  return accounts.listUsers(db);
}

/** Creates an account (audited `user.create`); the generated password, if any, is returned once. Permission: users.manage. @throws UserServiceError */
export async function createUser(input: CreateUserInput): Promise<{ user: UserRow; generatedPassword: string | null }> {
  const user = await requirePermission("users.manage");
  return accounts.createUser(db, await auditActor(user), input);
}

/** Changes an account's role (audited `user.update`). Permission: users.manage. @throws UserServiceError (last admin, oneself) */
export async function changeUserRole(input: ChangeRoleInput): Promise<UserRow> {
  const user = await requirePermission("users.manage");
  return accounts.changeUserRole(db, await auditActor(user), input);
}

/** Disables or enables an account, ending its sessions (audited `user.disable` / `user.enable`). Permission: users.manage. @throws UserServiceError */
export async function setUserDisabled(input: SetDisabledInput): Promise<UserRow> {
  const user = await requirePermission("users.manage");
  return accounts.setUserDisabled(db, await auditActor(user), input);
}

/** Resets an account's password to a generated one, returned once (audited `user.password_reset`). Permission: users.manage. @throws UserServiceError */
export async function resetUserPassword(input: ResetPasswordInput): Promise<{ user: UserRow; password: string }> {
  const user = await requirePermission("users.manage");
  return accounts.resetUserPassword(db, await auditActor(user), input);
}
