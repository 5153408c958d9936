"use client";

import { useActionState, useState } from "react";
import { submitWith } from "@/components/ui/submit-with";
import { createUserAction } from "@/app/(dashboard)/users/actions";
import { TextField } from "@/components/devices/form-field";
import { ROLES } from "@/lib/auth/permissions";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/schema";
import { OneTimePassword } from "./one-time-password";

const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

/**
 * "Add user": email, name, role, and the first password either generated (shown once after saving) or typed
 * by the admin (at least 12 characters). Field errors appear under their fields; on success the form is
 * cleared and the generated password is shown once.
 */
export function CreateUserForm() {
  const [state, formAction, pending] = useActionState(createUserAction, null);
  const [mode, setMode] = useState<"generate" | "typed">("generate");
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  const onSubmit = submitWith(formAction);

  return (
    <div className="space-y-3">
      {state?.ok &&
        (state.data.generatedPassword ? (
          <OneTimePassword email={state.data.email} password={state.data.generatedPassword} />
        ) : (
          <p role="status" className="text-sm text-green-800" data-testid="create-user-done">
            Created {state.data.email} with the password you typed.
          </p>
        ))}
      <form
        key={state?.ok ? state.data.email : "new"}
        onSubmit={onSubmit}
        noValidate
        className="grid grid-cols-1 gap-4 md:grid-cols-4"
        data-testid="create-user-form"
      >
        {state && !state.ok && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 md:col-span-4" data-testid="create-user-error">
            {state.message}
          </div>
        )}
        <TextField name="email" label="Email" type="email" required maxLength={254} errors={errors.email} autoComplete="off" />
        <TextField name="name" label="Name" required maxLength={100} errors={errors.name} autoComplete="off" />
        <div>
          <label htmlFor="field-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="field-role" name="role" defaultValue="VIEWER" className={SELECT}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">First password</legend>
          <div className="mt-2 flex gap-4 text-sm">
            <label className="flex items-center gap-1">
              <input type="radio" name="passwordMode" value="generate" checked={mode === "generate"} onChange={() => setMode("generate")} /> Generate
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="passwordMode" value="typed" checked={mode === "typed"} onChange={() => setMode("typed")} /> Type it
            </label>
          </div>
        </fieldset>
        {mode === "typed" && (
          <div className="md:col-span-2">
            <TextField
              name="password"
              label="Password"
              type="password"
              minLength={MIN_PASSWORD_LENGTH}
              errors={errors.password}
              hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
              autoComplete="new-password"
            />
          </div>
        )}
        {mode === "generate" && errors.password && <p className="text-xs text-red-700 md:col-span-4">{errors.password.join("; ")}</p>}
        <div className="flex items-end md:col-span-4">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:cursor-wait disabled:opacity-60"
            data-testid="create-user-submit"
          >
            {pending ? "Creating…" : "Add user"}
          </button>
        </div>
      </form>
    </div>
  );
}
