"use client";

import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/action";

/** Classes of a form select, like components/devices/form-field.tsx inputs. */
export const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand aria-[invalid=true]:border-red-400";

/** Classes of a form's main button. */
export const PRIMARY = "rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark disabled:cursor-wait disabled:opacity-60";

/** Classes of a secondary button. */
export const SECONDARY =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

/** The field errors of a refused action (empty when it succeeded or did not run). */
export function fieldErrorsOf(state: ActionResult<unknown> | null): Record<string, string[]> {
  return state && !state.ok ? (state.fieldErrors ?? {}) : {};
}

/** The refusal message of an action, above its form (role=alert). */
export function Refusal({ state, testId }: { state: ActionResult<unknown> | null; testId: string }) {
  if (!state || state.ok) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid={testId}>
      {state.message}
    </div>
  );
}

/** Field errors shown under a control that is not a TextField (id for aria-describedby). */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700">
      {errors.join("; ")}
    </p>
  );
}

/** A labelled select with its field errors (ids `field-<name>` and `field-<name>-error`, like TextField). */
export function SelectField({
  name,
  label,
  errors,
  children,
  value,
  defaultValue,
  onChange,
}: {
  name: string;
  label: string;
  errors?: string[];
  children: ReactNode;
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={`field-${name}`}
        name={name}
        value={value}
        defaultValue={defaultValue}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `field-${name}-error` : undefined}
        className={SELECT}
      >
        {children}
      </select>
      <FieldError id={`field-${name}-error`} errors={errors} />
    </div>
  );
}

/** A labelled checkbox (label after the box). */
export function CheckboxField({ name, label, defaultChecked, value }: { name: string; label: string; defaultChecked?: boolean; value?: string }) {
  const id = `field-${name}${value ? `-${value}` : ""}`;
  return (
    <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-700">
      <input id={id} type="checkbox" name={name} value={value} defaultChecked={defaultChecked} className="h-4 w-4 rounded border-slate-300" />
      {label}
    </label>
  );
}
