import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";

const CONTROL =
  "mt-1 block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-1 disabled:bg-slate-50 aria-[invalid=true]:border-red-400 aria-[invalid=true]:focus:ring-red-500 border-slate-300 focus:border-brand focus:ring-brand";

interface FieldChrome {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
}

function ids(name: string) {
  return { id: `field-${name}`, hint: `field-${name}-hint`, error: `field-${name}-error` };
}

function Messages({ name, hint, errors }: Omit<FieldChrome, "label">) {
  const i = ids(name);
  return (
    <>
      {hint && (
        <p id={i.hint} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <p id={i.error} className="mt-1 text-xs text-red-700">
          {errors.join("; ")}
        </p>
      )}
    </>
  );
}

function describedBy({ name, hint, errors }: FieldChrome): string | undefined {
  const i = ids(name);
  const list = [hint ? i.hint : null, errors?.length ? i.error : null].filter(Boolean);
  return list.length ? list.join(" ") : undefined;
}

/** A labelled input with its hint and field errors linked through aria-describedby. */
export function TextField({ name, label, hint, errors, className = "", ...input }: FieldChrome & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  return (
    <div>
      <label htmlFor={ids(name).id} className="block text-sm font-medium text-slate-700">
        {label}
        {input.required && (
          <span className="text-red-600" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      <input
        id={ids(name).id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy({ name, label, hint, errors })}
        className={`${CONTROL} ${className}`}
        {...input}
      />
      <Messages name={name} hint={hint} errors={errors} />
    </div>
  );
}

/** A labelled textarea with its hint and field errors linked through aria-describedby. */
export function TextAreaField({
  name,
  label,
  hint,
  errors,
  className = "",
  ...input
}: FieldChrome & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  return (
    <div>
      <label htmlFor={ids(name).id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={ids(name).id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy({ name, label, hint, errors })}
        className={`${CONTROL} font-mono text-xs ${className}`}
        {...input}
      />
      <Messages name={name} hint={hint} errors={errors} />
    </div>
  );
}
