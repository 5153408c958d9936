"use client";

import { useActionState } from "react";
import { backUpNowAction, setBackupSecretsAction } from "@/app/(dashboard)/devices/[id]/(tabs)/configuration/actions";
import { submitWith } from "@/components/ui/submit-with";

const BTN =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

/** "Back up now" (OPERATOR+): takes an on-demand backup and says whether it stored a new version. */
export function BackUpNowButton({ deviceId }: { deviceId: string }) {
  const [state, formAction, pending] = useActionState(backUpNowAction, null);
  let message: string | null = null;
  if (state?.ok)
    message = state.data.stored ? `New version stored (+${state.data.linesAdded} −${state.data.linesRemoved}).` : "No change since the last version.";
  return (
    <form onSubmit={submitWith(formAction)} className="flex items-center gap-3">
      <input type="hidden" name="deviceId" value={deviceId} />
      <button type="submit" disabled={pending} className={BTN} data-testid="backup-now">
        {pending ? "Backing up…" : "Back up now"}
      </button>
      <span role="status" className="text-xs text-slate-600" data-testid="backup-now-result">
        {message}
      </span>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700" data-testid="backup-now-error">
          {state.message}
        </span>
      )}
    </form>
  );
}

/** Admins: include secrets (`show-sensitive`) in this device's backups, sealed at rest. */
export function BackupSecretsToggle({ deviceId, includeSecrets }: { deviceId: string; includeSecrets: boolean }) {
  const [state, formAction, pending] = useActionState(setBackupSecretsAction, null);
  return (
    <form onSubmit={submitWith(formAction)} className="flex items-center gap-3 text-sm">
      <input type="hidden" name="deviceId" value={deviceId} />
      <input type="hidden" name="includeSecrets" value={includeSecrets ? "false" : "true"} />
      <span className="text-slate-600">{includeSecrets ? "Backups include secrets (sealed)." : "Backups leave secrets out."}</span>
      <button type="submit" disabled={pending} className={BTN} data-testid="backup-secrets-toggle">
        {includeSecrets ? "Leave secrets out" : "Include secrets"}
      </button>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
