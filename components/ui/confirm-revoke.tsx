"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/auth/action";

/**
 * Revoke with a confirmation step: the first button asks, the second (a form submit of `{ id }` to `action`) revokes;
 * the action's refusal is shown beside it. Used by share links and metrics tokens.
 * @param name what is revoked, read to screen readers after "Revoke" (optional)
 * @param testId prefix of the test ids: `<testId>` (ask) and `<testId>-confirm` (revoke)
 */
export function ConfirmRevoke<T>({
  action,
  id,
  name,
  testId,
}: {
  action: (prev: ActionResult<T> | null, input: FormData) => Promise<ActionResult<T>>;
  id: string;
  name?: string;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className="text-sm font-medium text-red-700 hover:underline" data-testid={testId}>
        Revoke{name && <span className="sr-only"> {name}</span>}
      </button>
    );
  }
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-red-600 px-2 py-1 text-xs font-semibold text-white hover:bg-red-700 disabled:opacity-50"
        data-testid={`${testId}-confirm`}
      >
        {pending ? "Revoking…" : "Revoke now"}
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-xs text-slate-600 hover:underline">
        Cancel
      </button>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
