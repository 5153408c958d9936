"use client";

import { useActionState } from "react";
import { acknowledgeAlertAction, silenceAlertAction } from "@/app/(dashboard)/alerts/actions";
import type { ActionResult } from "@/lib/auth/action";
import { submitWith } from "@/components/ui/submit-with";

const BTN =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";
const FIELD = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs";

/** Silence lengths offered, in minutes (0 ends a silence). */
const SILENCES = [
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 1440, label: "1 day" },
  { minutes: 10080, label: "7 days" },
  { minutes: 0, label: "End silence" },
];

function Refusal({ state }: { state: ActionResult<unknown> | null }) {
  if (!state || state.ok) return null;
  return (
    <p role="alert" className="mt-1 text-xs text-red-700" data-testid="alert-action-error">
      {state.message}
    </p>
  );
}

/** Acknowledge with a note (stops repeat notifications). */
export function AcknowledgeForm({ id }: { id: string }) {
  const [state, formAction, pending] = useActionState(acknowledgeAlertAction, null);
  return (
    <form onSubmit={submitWith(formAction)} className="flex flex-wrap items-center gap-2" data-testid="alert-ack-form">
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`ack-note-${id}`} className="sr-only">
        Acknowledgement note
      </label>
      <input id={`ack-note-${id}`} name="note" required maxLength={500} placeholder="Note: what is being done" className={`${FIELD} w-48`} />
      <button type="submit" disabled={pending} className={BTN} data-testid="alert-ack">
        {pending ? "Saving…" : "Acknowledge"}
      </button>
      <Refusal state={state} />
    </form>
  );
}

/** Silence for a stated time: no fire or repeat notification until then. */
export function SilenceForm({ id }: { id: string }) {
  const [state, formAction, pending] = useActionState(silenceAlertAction, null);
  return (
    <form onSubmit={submitWith(formAction)} className="flex flex-wrap items-center gap-2" data-testid="alert-silence-form">
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`silence-${id}`} className="sr-only">
        Silence for
      </label>
      <select id={`silence-${id}`} name="minutes" defaultValue="60" className={FIELD}>
        {SILENCES.map((s) => (
          <option key={s.minutes} value={s.minutes}>
            {s.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className={BTN} data-testid="alert-silence">
        {pending ? "Saving…" : "Silence"}
      </button>
      <Refusal state={state} />
    </form>
  );
}
