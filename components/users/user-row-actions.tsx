"use client";

import { useActionState } from "react";
import { changeUserRoleAction, resetUserPasswordAction, setUserDisabledAction } from "@/app/(dashboard)/users/actions";
import type { ActionResult } from "@/lib/auth/action";
import { ROLES, type RoleName } from "@/lib/auth/permissions";
import { submitWith } from "@/components/ui/submit-with";
import { OneTimePassword } from "./one-time-password";

const BTN =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

function Refusal({ state }: { state: ActionResult<unknown> | null }) {
  if (!state || state.ok) return null;
  return (
    <p role="alert" className="mt-1 text-xs text-red-700" data-testid="user-action-error">
      {state.message}
    </p>
  );
}

/** Role select + Save for one account (refused server-side for oneself and the last enabled admin). */
export function RoleForm({ id, email, role, self }: { id: string; email: string; role: RoleName; self: boolean }) {
  const [state, formAction, pending] = useActionState(changeUserRoleAction, null);
  return (
    <form onSubmit={submitWith(formAction)} className="flex flex-wrap items-center gap-2" data-testid="user-role-form">
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`role-${id}`} className="sr-only">
        Role of {email}
      </label>
      <select id={`role-${id}`} name="role" defaultValue={role} disabled={self} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r.toLowerCase()}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending || self} className={BTN} data-testid="user-role-save">
        {pending ? "Saving…" : "Save role"}
      </button>
      <Refusal state={state} />
    </form>
  );
}

/** Disable / Enable button for one account. */
export function DisableForm({ id, disabled, self }: { id: string; disabled: boolean; self: boolean }) {
  const [state, formAction, pending] = useActionState(setUserDisabledAction, null);
  return (
    <form onSubmit={submitWith(formAction)} data-testid="user-disable-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <button type="submit" disabled={pending || (self && !disabled)} className={BTN} data-testid={disabled ? "user-enable" : "user-disable"}>
        {pending ? "Saving…" : disabled ? "Enable" : "Disable"}
      </button>
      <Refusal state={state} />
    </form>
  );
}

/** "Reset password": sets a generated password and shows it once. */
export function ResetPasswordForm({ id }: { id: string }) {
  const [state, formAction, pending] = useActionState(resetUserPasswordAction, null);
  return (
    <form onSubmit={submitWith(formAction)} className="space-y-2" data-testid="user-reset-form">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className={BTN} data-testid="user-reset-password">
        {pending ? "Resetting…" : "Reset password"}
      </button>
      <Refusal state={state} />
      {state?.ok && <OneTimePassword email={state.data.email} password={state.data.password} />}
    </form>
  );
}
