"use client";

import { useActionState, useState, type ReactNode } from "react";
import { approveChangeAction, rejectChangeAction } from "@/app/(dashboard)/changes/actions";
import { TextField } from "@/components/devices/form-field";
import { submitWith } from "@/components/ui/submit-with";
import { Time } from "@/components/ui/time";
import { cancellationOf, type ChangeDetailDto } from "@/lib/changes/dto";
import { ActionAlert, useRefreshOnSuccess } from "./change-action-ui";
import { ChangeSchedulePanel } from "./change-schedule-panel";

/** Who is looking at the request. */
export interface ChangeViewer {
  id: string;
  /** Holds changes.approve (an admin): approve, reject, schedule, cancel anyone's change. */
  canApprove: boolean;
  /** Holds changes.propose: may cancel their own change. */
  canPropose: boolean;
}

const BTN = "rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:cursor-wait disabled:opacity-60";

function mayCutManagement(change: ChangeDetailDto): string[] {
  return change.targets.filter((t) => t.cutsManagementPath).map((t) => `${t.deviceName} (${t.managementInterface ?? t.disruptsInterfaces.join(", ")})`);
}

function ApproveRejectForms({ change }: { change: ChangeDetailDto }) {
  const [approveState, approve, approving] = useActionState(approveChangeAction, null);
  const [rejectState, reject, rejecting] = useActionState(rejectChangeAction, null);
  const [rejectOpen, setRejectOpen] = useState(false);
  useRefreshOnSuccess(change.id, approveState);
  useRefreshOnSuccess(change.id, rejectState);
  const cuts = mayCutManagement(change);
  const rejectErrors = rejectState && !rejectState.ok ? rejectState.fieldErrors : undefined;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <form onSubmit={submitWith(approve)} noValidate className="space-y-3" data-testid="approve-form" aria-label="Approve">
        <input type="hidden" name="id" value={change.id} />
        <input type="hidden" name="hash" value={change.hash} />
        <TextField name="comment" label="Comment (optional)" maxLength={500} autoComplete="off" />
        {cuts.length > 0 && (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
            <p>May cut the management path on: {cuts.join("; ")}.</p>
            <label className="mt-1 flex items-center gap-2">
              <input type="checkbox" name="allowManagementCut" value="true" className="h-4 w-4 rounded border-slate-300" data-testid="allow-management-cut" />I
              accept that this may cut the management path
            </label>
          </div>
        )}
        <ActionAlert state={approveState} testId="approve-error" />
        <button type="submit" disabled={approving} className={`${BTN} bg-green-700 text-white hover:bg-green-800`} data-testid="approve-button">
          {approving ? "Approving…" : "Approve"}
        </button>
        <p className="text-xs text-slate-500">The approval is bound to proposal hash {change.hash.slice(0, 12)}…: if the proposal changes, it is void.</p>
      </form>
      <div>
        {rejectOpen ? (
          <form onSubmit={submitWith(reject)} noValidate className="space-y-3" data-testid="reject-form" aria-label="Reject">
            <input type="hidden" name="id" value={change.id} />
            <TextField name="reason" label="Reason" required maxLength={500} errors={rejectErrors?.reason} autoComplete="off" autoFocus />
            <ActionAlert state={rejectState} testId="reject-error" />
            <div className="flex gap-2">
              <button type="submit" disabled={rejecting} className={`${BTN} bg-red-700 text-white hover:bg-red-800`} data-testid="reject-button">
                {rejecting ? "Rejecting…" : "Reject"}
              </button>
              <button type="button" onClick={() => setRejectOpen(false)} className={`${BTN} border border-slate-300 bg-white text-slate-700`}>
                Don&apos;t reject
              </button>
            </div>
          </form>
        ) : (
          <button
            type="button"
            onClick={() => setRejectOpen(true)}
            className={`${BTN} border border-red-300 bg-white text-red-700 hover:bg-red-50`}
            data-testid="reject-open"
          >
            Reject…
          </button>
        )}
      </div>
    </div>
  );
}

const FINISHED: Partial<Record<ChangeDetailDto["status"], string>> = {
  APPLIED: "Applied and verified by reading it back on every device. Nothing more to do.",
  CONFLICT: "The router changed since the proposal (drift): nothing was applied. Propose the change again from the current state.",
  FAILED: "Failed: see each device's error and router calls below. Propose the change again once the cause is fixed.",
  ROLLED_BACK: "A step failed and what was applied was undone (read back equal to the stored state). See the RouterOS detail below.",
  NEEDS_ATTENTION: "A step failed and the undo failed too: the router needs a person. Check each device below against its stored state.",
  REJECTED: "Rejected: it will not be applied.",
};

function Reason({ children }: { children: ReactNode }) {
  return (
    <p className="text-sm text-slate-600" data-testid="decision-reason">
      {children}
    </p>
  );
}

function Cancelled({ change }: { change: ChangeDetailDto }) {
  const cancelled = cancellationOf(change.history);
  if (!cancelled) return <Reason>Cancelled: it will not be applied.</Reason>;
  return (
    <Reason>
      Cancelled by {cancelled.by ?? "an unknown user"} · <Time value={cancelled.at} />: it will not be applied.
      {cancelled.reason && (
        <span className="mt-1 block" data-testid="cancel-reason-shown">
          Reason: {cancelled.reason}
        </span>
      )}
    </Reason>
  );
}

/**
 * What the viewer may do with the request now, or why they may not: approve (optional comment; the
 * management-path checkbox when a target may cut it) or reject (reason required) a PENDING request;
 * apply now or schedule an APPROVED one; who cancelled a CANCELLED one, when and why. Cancelling is
 * offered beside it (ChangeCancelPanel). The server actions check all of it again.
 */
export function ChangeDecisionPanel({ change, viewer }: { change: ChangeDetailDto; viewer: ChangeViewer }) {
  if (change.status === "PENDING") {
    if (!viewer.canApprove) return <Reason>Waiting for approval: only an admin other than the proposer can approve or reject it.</Reason>;
    if (viewer.id === change.proposer.id) return <Reason>You proposed this change: another admin must approve it.</Reason>;
    return <ApproveRejectForms change={change} />;
  }
  if (change.status === "APPROVED") {
    if (!viewer.canApprove) return <Reason>Approved: an admin applies it now or schedules a window.</Reason>;
    if (!change.approvalValid) return <Reason>The approval does not match the current proposal hash: it is void. Propose the change again.</Reason>;
    return <ChangeSchedulePanel id={change.id} />;
  }
  if (change.status === "SCHEDULED") return <Reason>Scheduled: the worker applies it when its window opens (it refreshes here on its own).</Reason>;
  if (change.status === "APPLYING") return <Reason>Applying now, device by device.</Reason>;
  if (change.status === "CANCELLED") return <Cancelled change={change} />;
  return <Reason>{FINISHED[change.status] ?? "Finished."}</Reason>;
}
