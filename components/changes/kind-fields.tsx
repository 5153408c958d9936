"use client";

import { TextField } from "@/components/devices/form-field";
import type { ChangeSuggestions } from "@/lib/changes/dto";
import type { KindField, KindInfo } from "@/lib/changes/types";
import { ROUTEROS_LOG_TOPICS } from "@/lib/router-logs/topics";

const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

/** The `<input name>` of a kind param (prefixed, so params never collide with the form's own inputs). */
export function paramInputName(field: string): string {
  return `param.${field}`;
}

/**
 * Params of a kind from the form: checkboxes → boolean, everything else → the string typed (`""` =
 * not given, as the kinds accept). Secret fields are read like the others and never stored in state.
 */
export function readParams(kind: KindInfo, form: FormData): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of kind.fields) {
    const v = form.get(paramInputName(f.name));
    out[f.name] = f.type === "checkbox" ? v === "on" : typeof v === "string" ? v.trim() : "";
  }
  return out;
}

function Field({ field, initial, errors, secretFingerprint }: { field: KindField; initial?: string; errors?: string[]; secretFingerprint?: string }) {
  const name = paramInputName(field.name);
  const listId = field.suggest ? `suggest-${field.suggest}` : undefined;
  if (field.type === "checkbox") {
    return (
      <div>
        <div className="flex items-center gap-2">
          <input
            id={`field-${name}`}
            name={name}
            type="checkbox"
            defaultChecked={initial === "true" || initial === "yes"}
            className="h-4 w-4 rounded border-slate-300"
          />
          <label htmlFor={`field-${name}`} className="text-sm font-medium text-slate-700">
            {field.label}
          </label>
        </div>
        {field.help && <p className="mt-1 text-xs text-slate-500">{field.help}</p>}
        {errors && <p className="mt-1 text-xs text-red-700">{errors.join("; ")}</p>}
      </div>
    );
  }
  if (field.type === "select") {
    return (
      <div>
        <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-700">
          {field.label}
          {field.required && (
            <span className="text-red-600" aria-hidden="true">
              {" "}
              *
            </span>
          )}
        </label>
        <select
          id={`field-${name}`}
          name={name}
          defaultValue={initial ?? field.options?.[0]?.value ?? ""}
          aria-invalid={errors?.length ? true : undefined}
          className={SELECT}
        >
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {field.help && <p className="mt-1 text-xs text-slate-500">{field.help}</p>}
        {errors && <p className="mt-1 text-xs text-red-700">{errors.join("; ")}</p>}
      </div>
    );
  }
  const secret = field.type === "secret";
  const hint = [field.help, secret && secretFingerprint ? `Entered key fingerprint: ${secretFingerprint}.` : null].filter(Boolean).join(" ");
  return (
    <TextField
      name={name}
      label={field.label}
      type={secret ? "password" : field.type === "number" ? "number" : "text"}
      required={field.required}
      placeholder={field.placeholder}
      defaultValue={secret ? undefined : initial}
      list={listId}
      errors={errors}
      hint={hint || undefined}
      autoComplete={secret ? "new-password" : "off"}
      className={secret ? "font-mono" : undefined}
      inputMode={field.type === "number" ? "numeric" : undefined}
    />
  );
}

/**
 * The inputs of one kind, rendered from its KindInfo.fields, with `<datalist>` suggestions from the
 * polled data (and RouterOS's log topics for `suggest: "log-topics"`) and per-field errors; a field with `generate: "noc-key"` starts with `nocKey`. Secret fields are password inputs with no default: never filled
 * from the URL or the server; after a failed preview or proposal the form empties them (the CAK must be
 * re-entered) and shows only the fingerprint the preview returned.
 */
export function KindFields({
  kind,
  initial,
  errors,
  suggestions,
  secretFingerprints,
  nocKey,
}: {
  kind: KindInfo;
  initial: Record<string, string>;
  /** Pre-fills fields with `generate: "noc-key"` when the URL gave no value. */
  nocKey: string;
  errors: Record<string, string[]>;
  suggestions: ChangeSuggestions | undefined;
  secretFingerprints: Record<string, string>;
}) {
  return (
    <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="kind-fields">
      <legend className="mb-1 text-sm font-semibold text-slate-900">{kind.label}</legend>
      <p className="text-sm text-slate-600 md:col-span-2">{kind.description}</p>
      {kind.fields.map((f) => (
        <Field
          key={f.name}
          field={f}
          initial={f.type === "secret" ? undefined : (initial[f.name] ?? (f.generate === "noc-key" ? nocKey : undefined))}
          errors={errors[f.name]}
          secretFingerprint={secretFingerprints[f.name]}
        />
      ))}
      {suggestions &&
        (Object.keys(suggestions) as (keyof ChangeSuggestions)[]).map((key) => (
          <datalist key={key} id={`suggest-${key}`}>
            {suggestions[key].map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        ))}
      {kind.fields.some((f) => f.suggest === "log-topics") && (
        <datalist id="suggest-log-topics">
          {ROUTEROS_LOG_TOPICS.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      )}
    </fieldset>
  );
}
