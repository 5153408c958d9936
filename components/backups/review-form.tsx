"use client";

import { useActionState, useId } from "react";
import { reviewOutsideChangeAction } from "@/app/(dashboard)/backups/actions";
import { submitWith } from "@/components/ui/submit-with";

/** Admins: "Review" an outside change, with an optional note (at most 500 characters). */
export function ReviewOutsideChangeForm({ backupId, deviceName }: { backupId: string; deviceName: string }) {
  const [state, formAction, pending] = useActionState(reviewOutsideChangeAction, null);
  const id = useId();
  const noteError = state && !state.ok ? state.fieldErrors?.note?.join(" ") : undefined;
  if (state?.ok)
    return (
      <p role="status" className="text-sm text-green-800" data-testid="review-done">
        Reviewed.
      </p>
    );
  return (
    <form onSubmit={submitWith(formAction)} className="flex flex-wrap items-end gap-2" aria-label={`Review the change on ${deviceName}`}>
      <input type="hidden" name="backupId" value={backupId} />
      <div className="min-w-64 flex-1">
        <label htmlFor={`${id}-note`} className="block text-xs font-medium text-slate-600">
          Note (optional)
        </label>
        <input
          id={`${id}-note`}
          name="note"
          maxLength={500}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand"
          aria-describedby={noteError ? `${id}-note-error` : undefined}
        />
        {noteError && (
          <p id={`${id}-note-error`} className="mt-1 text-xs text-red-700">
            {noteError}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-white shadow-sm disabled:opacity-50"
        data-testid="review-outside-change"
      >
        {pending ? "Reviewing…" : "Review"}
      </button>
      {state && !state.ok && !noteError && (
        <p role="alert" className="w-full text-xs text-red-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
