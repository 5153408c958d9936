import "server-only";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import type { ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetDisabledInput } from "./schema";
import { changeUserRole, createUser, listUsers, resetUserPassword, setUserDisabled, type UserActor, type UserRow } from "./service";

export type { UserRow } from "./service";

/**
 * The user service bound to the Next app's database (lib/db): app/ never imports Prisma. listAllUsers checks
 * `users.manage` itself; the mutations are called from server actions built with defineAction (users.manage),
 * with the same contracts (audit events, UserServiceError) as lib/users/service.ts.
 */

/**
 * Every account (no hashes), by email. Permission: users.manage.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listAllUsers(): Promise<UserRow[]> {
  await requirePermission("users.manage");
  return listUsers(db);
}

/** createUser on the app database. @throws UserServiceError */
export function createUserInApp(actor: UserActor, input: CreateUserInput): Promise<{ user: UserRow; generatedPassword: string | null }> {
  return createUser(db, actor, input);
}

/** changeUserRole on the app database. @throws UserServiceError */
export function changeUserRoleInApp(actor: UserActor, input: ChangeRoleInput): Promise<UserRow> {
  return changeUserRole(db, actor, input);
}

/** setUserDisabled on the app database. @throws UserServiceError */
export function setUserDisabledInApp(actor: UserActor, input: SetDisabledInput): Promise<UserRow> {
  return setUserDisabled(db, actor, input);
}

/** resetUserPassword on the app database. @throws UserServiceError */
export function resetUserPasswordInApp(actor: UserActor, input: ResetPasswordInput): Promise<{ user: UserRow; password: string }> {
  return resetUserPassword(db, actor, input);
}
