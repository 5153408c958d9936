import { z } from "zod";
import { ROLES } from "../auth/permissions";
import { safeName } from "../validation/text";

/**
 * Zod schemas of the user-management forms (app/(dashboard)/users/actions.ts and lib/users/service.ts).
 * Strict objects: an unexpected field is refused. Emails are trimmed and lower-cased (login compares
 * lower-cased emails).
 */

/** Minimum length of a password typed by an admin (generated ones are longer). */
export const MIN_PASSWORD_LENGTH = 12;
/** Maximum password length accepted (argon2 input; also bounds the login form). */
const MAX_PASSWORD_LENGTH = 1024;

/** VIEWER | OPERATOR | ADMIN. */
const userRole = z.enum(ROLES, { error: "choose a role: viewer, operator or admin" });

const userId = z.string().trim().min(1, "user id is required").max(64);

/**
 * New account: email, display name, role, and either `passwordMode: "generate"` (a random password is shown
 * once) or `"typed"` with `password` (at least MIN_PASSWORD_LENGTH characters). A password sent with
 * "generate" must be blank (the form may post the empty field).
 */
export const createUserSchema = z
  .strictObject({
    email: z.string().trim().toLowerCase().pipe(z.email("enter a valid email address").max(254, "email is at most 254 characters")),
    name: z.string().trim().pipe(safeName("name", 100)),
    role: userRole,
    passwordMode: z.enum(["generate", "typed"], { error: "choose how the first password is set" }),
    password: z.string().max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.passwordMode === "typed" && (v.password ?? "").length < MIN_PASSWORD_LENGTH) {
      ctx.addIssue({ code: "custom", path: ["password"], message: `the password needs at least ${MIN_PASSWORD_LENGTH} characters` });
    }
    if (v.passwordMode === "generate" && (v.password ?? "") !== "") {
      ctx.addIssue({ code: "custom", path: ["password"], message: "leave the password blank when it is generated" });
    }
  });
export type CreateUserInput = z.output<typeof createUserSchema>;

/** Change an account's role. */
export const changeRoleSchema = z.strictObject({ id: userId, role: userRole });
export type ChangeRoleInput = z.output<typeof changeRoleSchema>;

/** Disable (`disabled: "true"`) or enable (`"false"`) an account; booleans accepted too. */
export const setDisabledSchema = z.strictObject({
  id: userId,
  disabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});
export type SetDisabledInput = z.output<typeof setDisabledSchema>;

/** Reset an account's password to a generated one (shown once). */
export const resetPasswordSchema = z.strictObject({ id: userId });
export type ResetPasswordInput = z.output<typeof resetPasswordSchema>;
