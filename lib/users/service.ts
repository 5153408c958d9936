import "server-only";
import type { Db } from "../db-client";
import { isUniqueViolation } from "../db-errors";
import { appendAuditEventInTx, type AuditActor, type AuditInput } from "../audit/log";
import type { RoleName } from "../auth/permissions";
import { hashPassword } from "../auth/password";
import { revokeUserSessions, type SessionRevokeReason } from "../auth/sessions";
import { writeTransaction } from "../db-transaction";
import type { User } from "../generated/prisma/client";
import { generatePassword } from "../seed/seed";
import type { ChangeRoleInput, CreateUserInput, ResetPasswordInput, SetDisabledInput } from "./schema";
import { ExpectedError } from "../errors";

/**
 * User management (admins): create, change role, disable/enable, reset password. Db-parameterised (tests use
 * a temporary SQLite file); authorization (users.manage) is the caller's job. Every change is an audit event
 * (`user.create`, `user.update`, `user.disable`, `user.enable`, `user.password_reset`) that never holds a
 * password or hash. Role and `disabled` are read from the database on every request (lib/auth/session.ts),
 * so changes take effect on the user's next request; disable, enable and password reset also revoke the
 * user's open sessions (lib/auth/sessions.ts); each change and its event commit in one transaction, and the event says how many
 * (`revokedSessions`). Passwords are hashed with argon2id (lib/auth/password.ts).
 */

/** An expected refusal (unknown user, duplicate email, last admin, acting on oneself); shown to the admin as is. */
export class UserServiceError extends ExpectedError {
  override name = "UserServiceError";
}

/** The admin doing it: an audit actor with the user id (needed for the "not yourself" rules). */
export interface UserActor extends AuditActor {
  id: string;
}

/** An account as the users page shows it (never the hash). createdAt is ISO 8601 UTC. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  disabled: boolean;
  createdAt: string;
}

function toRow(u: Pick<User, "id" | "email" | "name" | "role" | "disabled" | "createdAt">): UserRow {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt.toISOString() };
}

const ROW_SELECT = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true } as const;

/** Every account, sorted by email. */
export async function listUsers(db: Db): Promise<UserRow[]> {
  return (await db.user.findMany({ orderBy: { email: "asc" }, select: ROW_SELECT })).map(toRow);
}

async function findUser(db: Db, id: string): Promise<UserRow> {
  const user = await db.user.findUnique({ where: { id }, select: ROW_SELECT });
  if (!user) throw new UserServiceError("This user no longer exists.");
  return toRow(user);
}

/** Thrown inside a transaction to roll it back when no enabled admin would remain. */
class LastAdminError extends Error {}

/**
 * Applies `data` to user `id` in one write transaction and refuses (rolls back) when afterwards no enabled
 * ADMIN remains. The update comes first, so the transaction holds SQLite's write lock before it counts:
 * two admins demoting each other at the same time cannot both succeed. With `revokeSessions`, every open
 * session of the user is revoked in the same transaction (with that reason); the audit event `audit.event`
 * builds (from the updated row and the number of revoked sessions) commits with the change.
 * @returns the updated row
 */
async function updateKeepingAnAdmin(
  db: Db,
  id: string,
  data: { role?: RoleName; disabled?: boolean },
  refusal: string,
  audit: { actor: UserActor; event: (user: UserRow, revokedSessions: number) => AuditInput },
  revokeSessions?: SessionRevokeReason,
): Promise<UserRow> {
  try {
    return await writeTransaction(db, async (tx) => {
      const updated = toRow(await tx.user.update({ where: { id }, data, select: ROW_SELECT }));
      const admins = await tx.user.count({ where: { role: "ADMIN", disabled: false } });
      if (admins === 0) throw new LastAdminError();
      const revokedSessions = revokeSessions ? await revokeUserSessions(tx, id, revokeSessions) : 0;
      await appendAuditEventInTx(tx, audit.actor, audit.event(updated, revokedSessions));
      return updated;
    });
  } catch (err) {
    if (err instanceof LastAdminError) throw new UserServiceError(refusal);
    throw err;
  }
}

/**
 * Creates an account. With `passwordMode: "generate"` a random password (base64url, 19 characters) is made and
 * returned once (never stored in clear, never logged); with `"typed"` the admin's password is used.
 * Audited as `user.create` (after: email, name, role, credential "generated" | "typed").
 * @returns the account and the generated password (null when typed)
 * @throws UserServiceError (fieldErrors.email) when the email is taken
 */
export async function createUser(db: Db, actor: UserActor, input: CreateUserInput): Promise<{ user: UserRow; generatedPassword: string | null }> {
  const generatedPassword = input.passwordMode === "generate" ? generatePassword() : null;
  const passwordHash = await hashPassword(generatedPassword ?? input.password ?? "");
  try {
    const user = await writeTransaction(db, async (tx) => {
      const created = toRow(await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash }, select: ROW_SELECT }));
      await appendAuditEventInTx(tx, actor, {
        action: "user.create",
        entityType: "user",
        entityId: created.id,
        after: { email: created.email, name: created.name, role: created.role, credential: generatedPassword ? "generated" : "typed" },
      });
      return created;
    });
    return { user, generatedPassword };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new UserServiceError("An account with this email already exists.", { email: ["an account with this email already exists"] });
    throw err;
  }
}

/**
 * Changes an account's role; same role = no change, no event. Refuses changing one's own role and demoting
 * the last enabled ADMIN. Audited as `user.update` (before/after: role).
 * @throws UserServiceError
 */
export async function changeUserRole(db: Db, actor: UserActor, input: ChangeRoleInput): Promise<UserRow> {
  const current = await findUser(db, input.id);
  if (current.role === input.role) return current;
  if (current.id === actor.id) throw new UserServiceError("You cannot change your own role: ask another admin.");
  return updateKeepingAnAdmin(db, input.id, { role: input.role }, "This is the last enabled admin: make another account admin first.", {
    actor,
    event: (user) => ({
      action: "user.update",
      entityType: "user",
      entityId: user.id,
      before: { email: user.email, role: current.role },
      after: { email: user.email, role: user.role },
    }),
  });
}

/**
 * Disables or enables an account; already in that state = no change, no event. A disabled account cannot log
 * in. Both directions revoke every session the user has open (reason "disabled" / "enabled"): a session from
 * before a disable never comes back with the re-enable. Refuses disabling oneself and the last enabled ADMIN.
 * Audited as `user.disable` / `user.enable` (before/after: disabled; after: revokedSessions).
 * @throws UserServiceError
 */
export async function setUserDisabled(db: Db, actor: UserActor, input: SetDisabledInput): Promise<UserRow> {
  const current = await findUser(db, input.id);
  if (current.disabled === input.disabled) return current;
  if (input.disabled && current.id === actor.id) throw new UserServiceError("You cannot disable your own account: ask another admin.");
  return updateKeepingAnAdmin(
    db,
    input.id,
    { disabled: input.disabled },
    "This is the last enabled admin: it cannot be disabled.",
    {
      actor,
      event: (user, revokedSessions) => ({
        action: input.disabled ? "user.disable" : "user.enable",
        entityType: "user",
        entityId: user.id,
        before: { email: user.email, disabled: current.disabled },
        after: { email: user.email, disabled: user.disabled, revokedSessions },
      }),
    },
    input.disabled ? "disabled" : "enabled",
  );
}

/**
 * Sets a new random password (base64url, 19 characters) on an account and returns it once. In the same
 * transaction every open session of the user is revoked (reason "password_reset"); a login that checked the
 * old password and commits later opens no session (lib/auth/sessions.ts openUserSession). Audited as
 * `user.password_reset` (after: email, revokedSessions).
 * @throws UserServiceError when the user does not exist
 */
export async function resetUserPassword(db: Db, actor: UserActor, input: ResetPasswordInput): Promise<{ user: UserRow; password: string }> {
  const current = await findUser(db, input.id);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await writeTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: current.id }, data: { passwordHash } });
    const revokedSessions = await revokeUserSessions(tx, current.id, "password_reset");
    await appendAuditEventInTx(tx, actor, {
      action: "user.password_reset",
      entityType: "user",
      entityId: current.id,
      after: { email: current.email, revokedSessions },
    });
  });
  return { user: current, password };
}
