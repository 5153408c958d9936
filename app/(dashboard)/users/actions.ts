"use server";

import { revalidatePath } from "next/cache";
import { defineAction, type ActionResult, type ExpectedErrorClass } from "@/lib/auth/action";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setDisabledSchema } from "@/lib/users/schema";
import { changeUserRoleInApp, createUserInApp, resetUserPasswordInApp, setUserDisabledInApp } from "@/lib/users/server";
import { UserServiceError } from "@/lib/users/service";

/**
 * Server actions of user management (admins: users.manage, checked inside each action by defineAction).
 * Each calls lib/users (which writes the audit event) and revalidates /users. Refusals (duplicate email,
 * last admin, acting on oneself) come back as messages. A generated password is returned in the action's
 * result once and stored nowhere in clear.
 */

/** The service's refusals (duplicate email, last admin, acting on oneself), shown as is. */
const expected: readonly ExpectedErrorClass[] = [UserServiceError];

/** What the create form shows after success: the account and, when generated, its password (once). */
export interface CreatedUser {
  email: string;
  generatedPassword: string | null;
}

/** What the reset button shows after success: the new password (once). */
export interface PasswordReset {
  email: string;
  password: string;
}

const createUserImpl = defineAction({
  name: "users.create",
  permission: "users.manage",
  schema: createUserSchema,
  expected,
  handler: async (input, { actor }): Promise<CreatedUser> => {
    const { user, generatedPassword } = await createUserInApp(actor, input);
    revalidatePath("/users");
    return { email: user.email, generatedPassword };
  },
});

const changeRoleImpl = defineAction({
  name: "users.change-role",
  permission: "users.manage",
  schema: changeRoleSchema,
  expected,
  handler: async (input, { actor }): Promise<null> => {
    await changeUserRoleInApp(actor, input);
    revalidatePath("/users");
    return null;
  },
});

const setDisabledImpl = defineAction({
  name: "users.set-disabled",
  permission: "users.manage",
  schema: setDisabledSchema,
  expected,
  handler: async (input, { actor }): Promise<null> => {
    await setUserDisabledInApp(actor, input);
    revalidatePath("/users");
    return null;
  },
});

const resetPasswordImpl = defineAction({
  name: "users.reset-password",
  permission: "users.manage",
  schema: resetPasswordSchema,
  expected,
  handler: async (input, { actor }): Promise<PasswordReset> => {
    const { user, password } = await resetUserPasswordInApp(actor, input);
    return { email: user.email, password };
  },
});

/** Creates an account (FormData: email, name, role, passwordMode generate|typed, password). Permission users.manage; audited `user.create`. */
export async function createUserAction(prev: ActionResult<CreatedUser> | null, input: FormData): Promise<ActionResult<CreatedUser>> {
  return createUserImpl(prev, input);
}

/** Changes an account's role (FormData: id, role). Permission users.manage; audited `user.update`. */
export async function changeUserRoleAction(prev: ActionResult<null> | null, input: FormData): Promise<ActionResult<null>> {
  return changeRoleImpl(prev, input);
}

/** Disables or enables an account (FormData: id, disabled true|false). Permission users.manage; audited `user.disable` / `user.enable`. */
export async function setUserDisabledAction(prev: ActionResult<null> | null, input: FormData): Promise<ActionResult<null>> {
  return setDisabledImpl(prev, input);
}

/** Resets an account's password to a generated one, returned once (FormData: id). Permission users.manage; audited `user.password_reset`. */
export async function resetUserPasswordAction(prev: ActionResult<PasswordReset> | null, input: FormData): Promise<ActionResult<PasswordReset>> {
  return resetPasswordImpl(prev, input);
}
