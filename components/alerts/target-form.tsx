"use client";

import Link from "next/link";
import { startTransition, useActionState, useState, type FormEvent } from "react";
import { saveTargetAction } from "@/app/(dashboard)/alerts/targets/actions";
import { CopyButton } from "@/components/device/copy-button";
import { TextField } from "@/components/devices/form-field";
import type { TargetDetail } from "@/lib/alerts/admin/targets-queries";
import { SEVERITIES } from "@/lib/alerts/rule-types";
import { CheckboxField, fieldErrorsOf, PRIMARY, Refusal, SelectField } from "./form-bits";

/** What the form starts with when editing (never a secret: whether one is stored, and its fingerprint). */
export type TargetFormValues = Omit<TargetDetail, "lastSuccessAt" | "lastErrorAt" | "lastError">;

/** The action's input, read from the form's fields. */
function inputOf(form: HTMLFormElement, kind: "webhook" | "email", id: string | undefined) {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "");
  const common = {
    ...(id ? { id } : {}),
    name: text("name"),
    enabled: data.get("enabled") === "on",
    minSeverity: text("minSeverity") as (typeof SEVERITIES)[number],
  };
  if (kind === "webhook")
    return {
      kind,
      ...common,
      url: text("url").trim(),
      slack: data.get("slack") === "on",
      secretMode: text("secretMode") as "keep" | "generate" | "paste" | "none",
      secret: text("secretMode") === "paste" ? text("secret") : "",
    };
  return {
    kind,
    ...common,
    smtpHost: text("smtpHost").trim(),
    smtpPort: Number(text("smtpPort")),
    smtpStartTls: data.get("smtpStartTls") === "on",
    smtpUser: text("smtpUser").trim(),
    smtpPassword: text("smtpPassword"),
    mailFrom: text("mailFrom").trim(),
    mailTo: text("mailTo"),
  };
}

/** A generated HMAC secret, shown exactly once with a copy button (afterwards only its fingerprint). */
function OneTimeSecret({ secret, targetId }: { secret: string; targetId: string }) {
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="target-secret-once">
      <p>HMAC secret of this webhook. Copy it into the receiver now: it will not be shown again (the target&apos;s page shows its fingerprint).</p>
      <div className="mt-2 flex items-center gap-2">
        <code className="select-all break-all rounded bg-white px-2 py-1 font-mono" data-testid="target-secret-value">
          {secret}
        </code>
        <CopyButton value={secret} label="HMAC secret" />
      </div>
      <p className="mt-2">
        <Link href={`/alerts/targets/${targetId}`} className="underline">
          Open the target
        </Link>{" "}
        to send a test message.
      </p>
    </div>
  );
}

/**
 * Create (no `target`) or edit a notification target. Webhook: URL, Slack-compatible body, HMAC secret generated
 * (shown once), pasted, kept or removed. E-mail: SMTP host, port, STARTTLS, user, password (blank keeps the stored one;
 * never sent to the browser), from, recipients. Field errors under their fields; a refused save keeps what was typed.
 */
export function TargetForm({ target }: { target?: TargetFormValues }) {
  const [state, dispatch, pending] = useActionState(saveTargetAction, null);
  const [kind, setKind] = useState<"webhook" | "email">(target?.kind ?? "webhook");
  const [secretMode, setSecretMode] = useState(target ? "keep" : "generate");
  const errors = fieldErrorsOf(state);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = inputOf(event.currentTarget, kind, target?.id);
    startTransition(() => dispatch(input));
  };
  const modes = target
    ? [
        ["keep", target.secretFingerprint ? `Keep (${target.secretFingerprint})` : "Keep none (unsigned)"],
        ["generate", "Generate a new one"],
        ["paste", "Paste one"],
        ["none", "Remove (send unsigned)"],
      ]
    : [
        ["generate", "Generate (recommended)"],
        ["paste", "Paste one"],
        ["none", "None (unsigned)"],
      ];
  return (
    <div className="space-y-3">
      {state?.ok && state.data.secret && <OneTimeSecret secret={state.data.secret} targetId={state.data.id} />}
      {state?.ok && !state.data.secret && (
        <p role="status" className="text-sm text-green-800" data-testid="target-saved">
          Saved.{" "}
          <Link href={`/alerts/targets/${state.data.id}`} className="underline">
            Open the target
          </Link>
        </p>
      )}
      <form
        key={!target && state?.ok ? state.data.id : "form"}
        onSubmit={onSubmit}
        noValidate
        className="grid grid-cols-1 gap-4 md:grid-cols-3"
        data-testid="target-form"
      >
        <div className="md:col-span-3">
          <Refusal state={state} testId="target-form-error" />
        </div>
        {!target && (
          <fieldset className="md:col-span-3">
            <legend className="text-sm font-medium text-slate-700">Kind</legend>
            <div className="mt-1 flex gap-4 text-sm">
              {(["webhook", "email"] as const).map((k) => (
                <label key={k} className="flex items-center gap-1">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === "webhook" ? "Webhook" : "E-mail (SMTP)"}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <TextField name="name" label="Name" required maxLength={100} defaultValue={target?.name} errors={errors.name} autoComplete="off" />
        <SelectField name="minSeverity" label="Lowest severity sent" defaultValue={target?.minSeverity ?? "info"} errors={errors.minSeverity}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        <div className="flex items-end pb-2">
          <CheckboxField name="enabled" label="Enabled" defaultChecked={target?.enabled ?? true} />
        </div>
        {kind === "webhook" ? (
          <>
            <div className="md:col-span-2">
              <TextField
                name="url"
                label="URL"
                type="url"
                required
                maxLength={2000}
                defaultValue={target?.url}
                errors={errors.url}
                placeholder="https://hooks.example.com/noc"
              />
            </div>
            <div className="flex items-end pb-2">
              <CheckboxField name="slack" label="Slack-compatible body" defaultChecked={target?.slack ?? false} />
            </div>
            <fieldset className="md:col-span-2">
              <legend className="text-sm font-medium text-slate-700">HMAC-SHA256 signing secret</legend>
              <div className="mt-1 flex flex-wrap gap-4 text-sm">
                {modes.map(([value, label]) => (
                  <label key={value} className="flex items-center gap-1">
                    <input type="radio" name="secretMode" value={value} checked={secretMode === value} onChange={() => setSecretMode(value ?? "keep")} />{" "}
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
            {secretMode === "paste" ? (
              <TextField
                name="secret"
                label="Secret"
                type="password"
                required
                minLength={16}
                maxLength={200}
                errors={errors.secret}
                autoComplete="off"
                hint="At least 16 characters."
              />
            ) : (
              errors.secret && <p className="text-xs text-red-700">{errors.secret.join("; ")}</p>
            )}
          </>
        ) : (
          <>
            <TextField name="smtpHost" label="SMTP host" required maxLength={253} defaultValue={target?.smtpHost} errors={errors.smtpHost} autoComplete="off" />
            <TextField
              name="smtpPort"
              label="Port"
              type="number"
              min={1}
              max={65535}
              defaultValue={target?.smtpPort ?? 587}
              errors={errors.smtpPort}
              hint="587 submission, 465 TLS from the start, 25"
            />
            <div className="flex items-end pb-2">
              <CheckboxField name="smtpStartTls" label="Require STARTTLS" defaultChecked={target?.smtpStartTls ?? true} />
            </div>
            <TextField
              name="smtpUser"
              label="User"
              maxLength={200}
              defaultValue={target?.smtpUser}
              errors={errors.smtpUser}
              autoComplete="off"
              hint="Blank: no authentication."
            />
            <TextField
              name="smtpPassword"
              label="Password"
              type="password"
              maxLength={200}
              errors={errors.smtpPassword}
              autoComplete="new-password"
              hint={target?.hasSmtpPassword ? "A password is stored: leave blank to keep it." : "Stored sealed; never shown again."}
            />
            <TextField
              name="mailFrom"
              label="From"
              type="email"
              required
              maxLength={254}
              defaultValue={target?.mailFrom}
              errors={errors.mailFrom}
              autoComplete="off"
            />
            <div className="md:col-span-3">
              <TextField
                name="mailTo"
                label="Recipients"
                required
                maxLength={2000}
                defaultValue={target?.mailTo}
                errors={errors.mailTo}
                autoComplete="off"
                hint="Comma-separated e-mail addresses."
              />
            </div>
          </>
        )}
        <div className="md:col-span-3">
          <button type="submit" disabled={pending} className={PRIMARY} data-testid="target-save">
            {pending ? "Saving…" : target ? "Save target" : "Add target"}
          </button>
        </div>
      </form>
    </div>
  );
}
