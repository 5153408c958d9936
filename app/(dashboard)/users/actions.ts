"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setDisabledSchema } from "@/lib/users/schema";
import { changeUserRole, createUser, resetUserPassword, setUserDisabled } from "@/lib/users/server";

/**
 * Server actions of user management (admins: users.manage, checked inside each action by defineAction and
 * again by lib/users/server.ts), each defined once. Each calls lib/users (which writes the audit event) and
 * revalidates /users. Refusals (duplicate email, last admin, acting on oneself) come back as messages. A
 * generated password is returned in the action's result once and stored nowhere in clear.
 */

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

/** Creates an account (FormData: email, name, role, passwordMode generate|typed, password). Permission users.manage; audited `user.create`. */
export const createUserAction = defineAction({
  name: "users.create",
  permission: "users.manage",
  schema: createUserSchema,
  handler: async (input): Promise<CreatedUser> => {
    const { user, generatedPassword } = await createUser(input);
    revalidatePath("/users");
    return { email: user.email, generatedPassword };
  },
});

/** Changes an account's role (FormData: id, role). Permission users.manage; audited `user.update`. */
export const changeUserRoleAction = defineAction({
  name: "users.change-role",
  permission: "users.manage",
  schema: changeRoleSchema,
  handler: async (input): Promise<null> => {
    await changeUserRole(input);
    revalidatePath("/users");
    return null;
  },
});

/** Disables or enables an account (FormData: id, disabled true|false). Permission users.manage; audited `user.disable` / `user.enable`. */
export const setUserDisabledAction = defineAction({
  name: "users.set-disabled",
  permission: "users.manage",
  schema: setDisabledSchema,
  handler: async (input): Promise<null> => {
    await setUserDisabled(input);
    revalidatePath("/users");
    return null;
  },
});

/** Resets an account's password to a generated one, returned once (FormData: id). Permission users.manage; audited `user.password_reset`. */
export const resetUserPasswordAction = defineAction({
  name: "users.reset-password",
  permission: "users.manage",
  schema: resetPasswordSchema,
  handler: async (input): Promise<PasswordReset> => {
    const { user, password } = await resetUserPassword(input);
    return { email: user.email, password };
  },
});
