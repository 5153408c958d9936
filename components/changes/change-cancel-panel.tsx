"use client";

import { useActionState, useRef, useState, type KeyboardEvent } from "react";
import { cancelChangeAction } from "@/app/(dashboard)/changes/actions";
import { submitWith } from "@/components/ui/submit-with";
import type { ChangeDetailDto } from "@/lib/changes/dto";
import { CANCEL_REASON_MAX, isCancellable } from "@/lib/changes/types";
import { ActionAlert, useRefreshOnSuccess } from "./change-action-ui";
import type { ChangeViewer } from "./change-decision-panel";

const BTN = "rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:cursor-wait disabled:opacity-60";

/**
 * True when the viewer is offered Cancel: the request is PENDING, APPROVED or SCHEDULED and the viewer
 * is an admin (holds changes.approve) or its proposer (holding changes.propose). The server action
 * and the service check it again (an active ADMIN or the proposer).
 */
export function mayCancel(change: Pick<ChangeDetailDto, "status" | "proposer">, viewer: ChangeViewer): boolean {
  return isCancellable(change.status) && (viewer.canApprove || (viewer.canPropose && viewer.id === change.proposer.id));
}

/**
 * "Cancel change…" for a request not applying yet: the button opens a confirmation form (optional
 * reason, at most 500 characters) with "Yes, cancel the change" and "Keep it"; Escape closes it too and
 * focus goes back to the button. Everything is a native button or field, so it works from the keyboard.
 */
export function ChangeCancelPanel({ id }: { id: string }) {
  const [state, cancel, pending] = useActionState(cancelChangeAction, null);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  useRefreshOnSuccess(id, state);
  const errors = state && !state.ok ? state.fieldErrors?.reason : undefined;

  function close(): void {
    setOpen(false);
    opener.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close();
  }

  return (
    <div className="space-y-3 border-t border-slate-100 pt-3" data-testid="cancel-panel">
      <button
        ref={opener}
        type="button"
        aria-expanded={open}
        aria-controls="cancel-form"
        onClick={() => (open ? close() : setOpen(true))}
        className={`${BTN} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}
        data-testid="cancel-open"
      >
        Cancel change…
      </button>
      {open && (
        <form
          id="cancel-form"
          onSubmit={submitWith(cancel)}
          onKeyDown={onKeyDown}
          noValidate
          className="space-y-3"
          data-testid="cancel-form"
          aria-label="Cancel this change"
        >
          <p className="text-sm text-slate-700">Cancelling withdraws the change for good: it will not be applied, and doing it later takes a new proposal.</p>
          <input type="hidden" name="id" value={id} />
          <div>
            <label htmlFor="cancel-reason" className="block text-sm font-medium text-slate-700">
              Reason (optional)
            </label>
            <textarea
              id="cancel-reason"
              name="reason"
              rows={2}
              maxLength={CANCEL_REASON_MAX}
              autoFocus
              aria-invalid={errors?.length ? true : undefined}
              aria-describedby={errors?.length ? "cancel-reason-error" : undefined}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand aria-[invalid=true]:border-red-400"
            />
            {errors && errors.length > 0 && (
              <p id="cancel-reason-error" className="mt-1 text-xs text-red-700">
                {errors.join("; ")}
              </p>
            )}
          </div>
          <ActionAlert state={state} testId="cancel-error" />
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className={`${BTN} bg-red-700 text-white hover:bg-red-800`} data-testid="cancel-confirm">
              {pending ? "Cancelling…" : "Yes, cancel the change"}
            </button>
            <button type="button" onClick={close} className={`${BTN} border border-slate-300 bg-white text-slate-700`} data-testid="cancel-keep">
              Keep it
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
