import type { InputHTMLAttributes, ReactNode } from "react";

const FIELD = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
const LABEL = "block text-xs font-medium text-slate-600";

/** One `<option>` of a select: its value and the text shown. */
export interface Choice {
  value: string;
  label: string;
}

/** The `<option>`s of a select: `any` first (value "": nothing chosen, or no filter), then `options` in order. */
export function SelectOptions({ any, options }: { any: string; options: Choice[] }) {
  return (
    <>
      <option value="">{any}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/**
 * A labelled, uncontrolled `<input>` of a list's GET filter form (the value lives in the URL): the
 * label above, the input full width below. `className` goes on the wrapping `<div>` (its width in
 * the bar); `children` follow the input (e.g. its `<datalist>`); the other props go on the input.
 */
export function FilterInput({
  id,
  label,
  className,
  children,
  ...input
}: { id: string; label: string; className?: string; children?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className" | "children">) {
  return (
    <div className={className}>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <input id={id} {...input} className={`mt-1 w-full ${FIELD}`} />
      {children}
    </div>
  );
}

/**
 * A labelled, uncontrolled `<select>` of a list's GET filter form (SelectOptions: `any` = no filter):
 * `value` (from the URL) is preselected; `className` sizes the select (e.g. "max-w-56", "w-full").
 */
export function FilterSelect({
  id,
  label,
  name,
  value,
  any,
  options,
  className,
}: {
  id: string;
  label: string;
  name: string;
  value?: string;
  any: string;
  options: Choice[];
  className?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={className ? `mt-1 ${className} ${FIELD}` : `mt-1 ${FIELD}`}>
        <SelectOptions any={any} options={options} />
      </select>
    </div>
  );
}
