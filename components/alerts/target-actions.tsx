"use client";

import { startTransition, useActionState } from "react";
import { sendTestAction, setTargetEnabledAction } from "@/app/(dashboard)/alerts/targets/actions";
import { Time } from "@/components/ui/time";
import { SECONDARY } from "./form-bits";

/**
 * "Send test": queues a test message and makes its first attempt through the worker's dispatch, then says what
 * happened (sent; or the error and when the worker retries it). The attempt also shows in the messages below.
 */
export function SendTestButton({ id, enabled }: { id: string; enabled: boolean }) {
  const [state, dispatch, pending] = useActionState(sendTestAction, null);
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={SECONDARY}
        disabled={pending || !enabled}
        onClick={() => startTransition(() => dispatch({ id }))}
        data-testid="target-test"
      >
        {pending ? "Sending…" : "Send test"}
      </button>
      {!enabled && <p className="text-xs text-slate-500">Enable the target to send a test.</p>}
      <div aria-live="polite" data-testid="target-test-result">
        {state && !state.ok && (
          <p role="alert" className="text-sm text-red-700">
            {state.message}
          </p>
        )}
        {state?.ok && state.data.status === "sent" && <p className="text-sm text-green-800">Sent: the receiver accepted the test message.</p>}
        {state?.ok && state.data.status !== "sent" && (
          <p className="text-sm text-red-800">
            Not delivered{state.data.lastError ? `: ${state.data.lastError}` : " yet (the worker sends it)"}.
            {state.data.nextAttemptAt && (
              <>
                {" "}
                Next attempt <Time value={state.data.nextAttemptAt.toISOString()} />.
              </>
            )}
          </p>
        )}
      </div>
    </div>
  );
}

/** Disable (no new messages; queued ones are dropped unsent) or enable a target. */
export function EnableToggle({ id, enabled }: { id: string; enabled: boolean }) {
  const [state, dispatch, pending] = useActionState(setTargetEnabledAction, null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={SECONDARY}
        disabled={pending}
        onClick={() => startTransition(() => dispatch({ id, enabled: !enabled }))}
        data-testid="target-toggle"
      >
        {pending ? "Saving…" : enabled ? "Disable" : "Enable"}
      </button>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </span>
  );
}
