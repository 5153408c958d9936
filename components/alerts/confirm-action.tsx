"use client";

import { startTransition, useActionState, useState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { SECONDARY } from "./form-bits";

/**
 * A button for an action that cannot be undone (delete, remove): the first press asks, the second runs the server
 * action with `input`; Escape or "Cancel" backs out. The refusal message shows beside it; on success the action
 * revalidates the page (or redirects away from a page whose record it deleted).
 */
export function ConfirmAction<I>({
  action,
  input,
  label,
  question,
  testId,
}: {
  action: (prev: ActionResult<null> | null, input: I) => Promise<ActionResult<null>>;
  input: I;
  label: string;
  question: string;
  testId: string;
}) {
  const [asking, setAsking] = useState(false);
  const [state, dispatch, pending] = useActionState(action, null);
  if (!asking)
    return (
      <span className="inline-flex flex-wrap items-center gap-2">
        <button type="button" className={SECONDARY} onClick={() => setAsking(true)} data-testid={testId}>
          {label}
        </button>
        {state && !state.ok && (
          <span role="alert" className="text-xs text-red-700">
            {state.message}
          </span>
        )}
      </span>
    );
  return (
    <span className="inline-flex flex-wrap items-center gap-2" onKeyDown={(e) => e.key === "Escape" && setAsking(false)}>
      <span className="text-sm text-slate-700">{question}</span>
      <button
        type="button"
        autoFocus
        disabled={pending}
        className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60"
        onClick={() => {
          setAsking(false);
          startTransition(() => dispatch(input));
        }}
        data-testid={`${testId}-confirm`}
      >
        {pending ? "Working…" : `Yes, ${label.toLowerCase()}`}
      </button>
      <button type="button" className={SECONDARY} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
