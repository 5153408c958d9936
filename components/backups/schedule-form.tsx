"use client";

import { useActionState, useState, useSyncExternalStore } from "react";
import { setSiteBackupSettingsAction } from "@/app/(dashboard)/backups/actions";
import { setDeviceBackupSettingsAction } from "@/app/(dashboard)/devices/[id]/(tabs)/configuration/actions";
import { submitWith } from "@/components/ui/submit-with";
import type { ActionResult } from "@/lib/auth/action";
import type { BackupSettingsDto } from "@/lib/backups/dto";

const FIELD = "mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";
const LABEL = "block text-xs font-medium text-slate-600";

const subscribe = () => () => {};

/** "HH:MM" of minutes after midnight. */
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A UTC time of day ("HH:MM") in the viewer's zone, today; nothing on the server (no hydration mismatch). */
function LocalTimeOfDay({ utc }: { utc: string }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const m = /^(\d{2}):(\d{2})$/.exec(utc);
  if (!isClient || !m) return null;
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(m[1]), Number(m[2])));
  return <span data-testid="local-time-of-day">= {at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} your time</span>;
}

/** Where the settings go: one device (its Configuration tab) or one site (the backups page). */
export type ScheduleTarget = { kind: "device"; deviceId: string } | { kind: "site"; siteId: string };

/**
 * Admins: scheduled backups on/off, time of day (UTC, with the viewer's local time beside it), versions and days
 * kept, for a device or a site; empty fields inherit (`inheritedFrom` names what: the site, or the defaults).
 * Field errors come from the action's zod schema (lib/backups/settings.ts).
 */
export function BackupScheduleForm({ target, settings, inheritedFrom }: { target: ScheduleTarget; settings: BackupSettingsDto; inheritedFrom: string }) {
  const action: (prev: ActionResult | null, input: FormData) => Promise<ActionResult> =
    target.kind === "device" ? setDeviceBackupSettingsAction : setSiteBackupSettingsAction;
  const [state, formAction, pending] = useActionState(action, null);
  const [timeOfDay, setTimeOfDay] = useState(settings.timeOfDayMin === null ? "" : hhmm(settings.timeOfDayMin));
  const prefix = target.kind === "device" ? `bs-${target.deviceId}` : `bs-${target.siteId}`;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const fieldError = (name: string) =>
    errors[name]?.length ? (
      <p id={`${prefix}-${name}-error`} className="mt-1 text-xs text-red-700">
        {errors[name].join(" ")}
      </p>
    ) : null;
  const described = (name: string) => (errors[name]?.length ? `${prefix}-${name}-error` : undefined);
  return (
    <form
      onSubmit={submitWith(formAction)}
      className="flex flex-wrap items-start gap-3"
      data-testid="backup-schedule-form"
      aria-label="Backup schedule and retention"
    >
      {target.kind === "device" ? <input type="hidden" name="deviceId" value={target.deviceId} /> : <input type="hidden" name="siteId" value={target.siteId} />}
      <div>
        <label htmlFor={`${prefix}-enabled`} className={LABEL}>
          Scheduled backups
        </label>
        <select
          id={`${prefix}-enabled`}
          name="enabled"
          defaultValue={settings.enabled === null ? "inherit" : settings.enabled ? "on" : "off"}
          className={FIELD}
          aria-describedby={described("enabled")}
        >
          <option value="inherit">As {inheritedFrom}</option>
          <option value="on">On</option>
          <option value="off">Off</option>
        </select>
        {fieldError("enabled")}
      </div>
      <div>
        <label htmlFor={`${prefix}-time`} className={LABEL}>
          Time of day (UTC)
        </label>
        <input
          id={`${prefix}-time`}
          name="timeOfDay"
          type="time"
          value={timeOfDay}
          onChange={(e) => setTimeOfDay(e.target.value)}
          className={FIELD}
          aria-describedby={described("timeOfDay") ?? `${prefix}-time-hint`}
        />
        <p id={`${prefix}-time-hint`} className="mt-1 text-xs text-slate-500">
          {timeOfDay ? <LocalTimeOfDay utc={timeOfDay} /> : `empty: as ${inheritedFrom}`}
        </p>
        {fieldError("timeOfDay")}
      </div>
      <div>
        <label htmlFor={`${prefix}-versions`} className={LABEL}>
          Keep versions
        </label>
        <input
          id={`${prefix}-versions`}
          name="keepVersions"
          inputMode="numeric"
          defaultValue={settings.keepVersions ?? ""}
          placeholder={`as ${inheritedFrom}`}
          className={`${FIELD} w-28`}
          aria-describedby={described("keepVersions")}
        />
        {fieldError("keepVersions")}
      </div>
      <div>
        <label htmlFor={`${prefix}-days`} className={LABEL}>
          Keep days
        </label>
        <input
          id={`${prefix}-days`}
          name="keepDays"
          inputMode="numeric"
          defaultValue={settings.keepDays ?? ""}
          placeholder={`as ${inheritedFrom}`}
          className={`${FIELD} w-28`}
          aria-describedby={described("keepDays")}
        />
        {fieldError("keepDays")}
      </div>
      <div className="pt-5">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-white shadow-sm disabled:opacity-50"
          data-testid="backup-schedule-save"
        >
          {pending ? "Saving…" : "Save"}
        </button>
        <span role="status" className="ml-2 text-xs text-slate-600">
          {state?.ok ? "Saved." : null}
        </span>
        {state && !state.ok && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
