"use client";

import Link from "next/link";
import { startTransition, useActionState, useState, type FormEvent } from "react";
import { createRuleAction, updateRuleAction } from "@/app/(dashboard)/alerts/rules/actions";
import { TextField } from "@/components/devices/form-field";
import type { ThresholdField } from "@/lib/alerts/admin/threshold-fields";
import { RULE_SCOPES, SEVERITIES } from "@/lib/alerts/rule-types";
import { CheckboxField, FieldError, fieldErrorsOf, PRIMARY, Refusal, SelectField, SELECT } from "./form-bits";
import { formatThreshold } from "./threshold-words";

/** The choices of the scope fields (lib/alerts/admin/rules-queries.ts scopeChoices). */
export type ScopeChoices = { sites: { id: string; name: string }[]; tags: string[]; devices: string[] };

/** A rule's settings as the form starts with them. */
export type RuleFormValues = { scope: string; scopeValue: string | null; scopeLabel: string; severity: string; enabled: boolean };

const SCOPE_LABELS: Record<string, string> = { fleet: "Fleet (every device)", site: "One site", tag: "Devices with a tag", device: "One device" };
const UNIT_LABELS: Record<string, string> = { percent: "%", polls: "polls", minutes: "minutes", "bits/s": "bits/s", "packets/s": "packets/s" };

/** The object the rule actions take, read from the form's fields. */
function settingsOf(form: HTMLFormElement, fields: ThresholdField[]) {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const thresholds: Record<string, number | null | string[]> = {};
  for (const f of fields) {
    if (f.kind === "choices") thresholds[f.key] = data.getAll(`t-${f.key}`).map(String);
    else thresholds[f.key] = text(`t-${f.key}`) === "" ? null : Number(text(`t-${f.key}`));
  }
  return {
    thresholds,
    scope: text("scope") as (typeof RULE_SCOPES)[number],
    siteId: text("siteId"),
    deviceName: text("deviceName"),
    tag: text("tag"),
    severity: text("severity") as (typeof SEVERITIES)[number],
    enabled: data.get("enabled") === "on",
  };
}

/** One number threshold: a number input with its unit, bounds and the value in words as a hint. */
function NumberThreshold({ field, errors }: { field: Extract<ThresholdField, { kind: "number" }>; errors?: string[] }) {
  const [value, setValue] = useState(field.value === null ? "" : String(field.value));
  const n = Number(value);
  const words = value !== "" && Number.isFinite(n) && field.unit ? `= ${formatThreshold(n, field.unit)}` : undefined;
  const bounds = [field.min !== null ? `from ${field.min}` : "", field.max !== null ? `to ${field.max}` : ""].filter(Boolean).join(" ");
  return (
    <TextField
      name={`t-${field.key}`}
      label={`${field.label}${field.unit ? ` (${UNIT_LABELS[field.unit] ?? field.unit})` : ""}`}
      type="number"
      inputMode="decimal"
      step={field.integer ? 1 : "any"}
      min={field.min ?? undefined}
      max={field.max ?? undefined}
      required={!field.optional}
      value={value}
      onChange={(e) => setValue(e.target.value)}
      hint={[words, bounds, field.optional ? "blank: the default" : ""].filter(Boolean).join(" · ") || undefined}
      errors={errors}
    />
  );
}

/** The thresholds of the rule's type ("no thresholds" when it has none), scope, severity and enabled. */
function RuleFields({
  fields,
  values,
  choices,
  errors,
}: {
  fields: ThresholdField[];
  values: RuleFormValues;
  choices: ScopeChoices;
  errors: Record<string, string[]>;
}) {
  const [scope, setScope] = useState(values.scope);
  const scopeErrors = [...(errors.scopeValue ?? []), ...(errors.deviceName ?? [])];
  return (
    <>
      <fieldset className="rounded-md border border-slate-200 p-3 md:col-span-2">
        <legend className="px-1 text-sm font-semibold text-slate-700">Thresholds</legend>
        {fields.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="rule-no-thresholds">
            No thresholds: this rule type has nothing to set.
          </p>
        ) : (
          <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
            {fields.map((f) =>
              f.kind === "number" ? (
                <NumberThreshold key={f.key} field={f} errors={errors[`thresholds.${f.key}`]} />
              ) : (
                <fieldset key={f.key} className="md:col-span-2" aria-describedby={errors[`thresholds.${f.key}`] ? `field-t-${f.key}-error` : undefined}>
                  <legend className="text-sm font-medium text-slate-700">{f.label}</legend>
                  <div className="mt-1 flex flex-wrap gap-4">
                    {f.options.map((o) => (
                      <CheckboxField key={o} name={`t-${f.key}`} value={o} label={o} defaultChecked={f.value.includes(o)} />
                    ))}
                  </div>
                  <FieldError id={`field-t-${f.key}-error`} errors={errors[`thresholds.${f.key}`]} />
                </fieldset>
              ),
            )}
          </div>
        )}
        <FieldError id="field-thresholds-error" errors={errors.thresholds} />
      </fieldset>
      <SelectField name="scope" label="Scope" value={scope} onChange={setScope} errors={errors.scope}>
        {RULE_SCOPES.map((s) => (
          <option key={s} value={s}>
            {SCOPE_LABELS[s] ?? s}
          </option>
        ))}
      </SelectField>
      <div>
        {scope === "site" && (
          <SelectField name="siteId" label="Site" defaultValue={values.scope === "site" ? (values.scopeValue ?? "") : ""} errors={scopeErrors}>
            <option value="">Choose a site</option>
            {choices.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        )}
        {scope === "device" && (
          <TextField
            name="deviceName"
            label="Device name"
            list="rule-device-names"
            defaultValue={values.scope === "device" ? values.scopeLabel : ""}
            errors={scopeErrors}
            autoComplete="off"
          />
        )}
        {scope === "tag" && (
          <TextField
            name="tag"
            label="Tag"
            list="rule-tags"
            defaultValue={values.scope === "tag" ? (values.scopeValue ?? "") : ""}
            errors={scopeErrors}
            autoComplete="off"
          />
        )}
        <datalist id="rule-device-names">
          {choices.devices.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
        <datalist id="rule-tags">
          {choices.tags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
      <SelectField name="severity" label="Severity" defaultValue={values.severity} errors={errors.severity}>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </SelectField>
      <div className="flex items-end pb-2">
        <CheckboxField name="enabled" label="Enabled (evaluated by the worker)" defaultChecked={values.enabled} />
      </div>
    </>
  );
}

/** Edit form of one rule: thresholds per its type, scope, severity, enabled. A refused save keeps what was typed. */
export function EditRuleForm({ id, fields, values, choices }: { id: string; fields: ThresholdField[]; values: RuleFormValues; choices: ScopeChoices }) {
  const [state, dispatch, pending] = useActionState(updateRuleAction, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { id, ...settingsOf(event.currentTarget, fields) };
    startTransition(() => dispatch(input));
  };
  return (
    <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="rule-form">
      <div className="md:col-span-2">
        <Refusal state={state} testId="rule-form-error" />
        {state?.ok && (
          <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800" data-testid="rule-form-saved">
            Saved. The worker applies it at its next pass.{" "}
            <Link href="/alerts/rules" className="underline">
              Back to the rules
            </Link>
          </p>
        )}
      </div>
      <RuleFields fields={fields} values={values} choices={choices} errors={fieldErrorsOf(state)} />
      <div className="md:col-span-2">
        <button type="submit" disabled={pending} className={PRIMARY} data-testid="rule-save">
          {pending ? "Saving…" : "Save rule"}
        </button>
      </div>
    </form>
  );
}

/** "New rule" of a type: a name, then the same fields as the edit form. Goes back to the rules once created. */
export function NewRuleForm({ type, fields, choices }: { type: string; fields: ThresholdField[]; choices: ScopeChoices }) {
  const [state, dispatch, pending] = useActionState(createRuleAction, null);
  const errors = fieldErrorsOf(state);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const input = { name, type, ...settingsOf(event.currentTarget, fields) };
    startTransition(() => dispatch(input));
  };
  return (
    <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="rule-form">
      <div className="md:col-span-2">
        <Refusal state={state} testId="rule-form-error" />
        {state?.ok && (
          <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-800" data-testid="rule-form-saved">
            Rule created.{" "}
            <Link href={`/alerts/rules/${state.data}`} className="underline">
              Open it
            </Link>{" "}
            or{" "}
            <Link href="/alerts/rules" className="underline">
              back to the rules
            </Link>
            .
          </p>
        )}
      </div>
      <TextField name="name" label="Name" required maxLength={100} errors={errors.name} autoComplete="off" hint="Unique, e.g. “MACsec errors Lyon (strict)”." />
      <div>
        <p className="block text-sm font-medium text-slate-700">Rule type</p>
        <p className={`${SELECT} border-dashed bg-slate-50 font-mono`}>{type}</p>
      </div>
      <RuleFields
        fields={fields}
        values={{ scope: "fleet", scopeValue: null, scopeLabel: "", severity: "warning", enabled: true }}
        choices={choices}
        errors={errors}
      />
      <div className="md:col-span-2">
        <button type="submit" disabled={pending} className={PRIMARY} data-testid="rule-create">
          {pending ? "Creating…" : "Create rule"}
        </button>
      </div>
    </form>
  );
}
