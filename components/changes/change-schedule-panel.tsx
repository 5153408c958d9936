"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { scheduleChangeAction } from "@/app/(dashboard)/changes/actions";
import { TextField } from "@/components/devices/form-field";
import { ActionAlert, useRefreshOnSuccess } from "./change-action-ui";

const BTN = "rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:cursor-wait disabled:opacity-60";

/** `datetime-local` value (the viewer's zone) → ISO 8601 UTC, or undefined when blank or invalid. */
function localInputToUtc(value: FormDataEntryValue | null): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * "Apply now" or a window for an APPROVED request: the datetime-local inputs are in the viewer's time
 * zone and sent as UTC instants. The worker picks the request up when the window opens (now: within a
 * second or two).
 */
export function ChangeSchedulePanel({ id }: { id: string }) {
  const [state, schedule, pending] = useActionState(scheduleChangeAction, null);
  const [mode, setMode] = useState<"now" | "window">("now");
  useRefreshOnSuccess(id, state);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // A window without a start is sent as "" (refused by the schema), never as "apply now".
    const input =
      mode === "now" ? { id } : { id, windowStart: localInputToUtc(data.get("windowStart")) ?? "", windowEnd: localInputToUtc(data.get("windowEnd")) };
    startTransition(() => schedule(input));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="schedule-form" aria-label="Apply or schedule">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">When</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="now" checked={mode === "now"} onChange={() => setMode("now")} />
          Apply now
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="window" checked={mode === "window"} onChange={() => setMode("window")} />
          Schedule a window
        </label>
      </fieldset>
      {mode === "window" && (
        <div className="grid gap-3 md:grid-cols-2">
          <TextField
            name="windowStart"
            label="Window start"
            type="datetime-local"
            required
            errors={errors?.windowStart}
            hint={`Your time zone (${zone}); stored in UTC. At most 90 days ahead.`}
          />
          <TextField
            name="windowEnd"
            label="Window end (optional)"
            type="datetime-local"
            errors={errors?.windowEnd}
            hint="Not started by then = failed. At most 24 hours after the start."
          />
        </div>
      )}
      <ActionAlert state={state} testId="schedule-error" />
      <button
        type="submit"
        disabled={pending}
        className={`${BTN} bg-brand text-white hover:bg-brand-dark`}
        data-testid={mode === "now" ? "apply-now-button" : "schedule-button"}
      >
        {pending ? "Submitting…" : mode === "now" ? "Apply now" : "Schedule"}
      </button>
    </form>
  );
}
