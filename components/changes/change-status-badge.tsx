import { CHANGE_STATUS_LABELS } from "@/lib/changes/dto";
import type { ChangeStatusName, ChangeTargetStatusName } from "@/lib/changes/types";

const STYLES: Record<ChangeStatusName | ChangeTargetStatusName, string> = {
  PENDING: "bg-amber-100 text-amber-800 ring-amber-600/20",
  APPROVED: "bg-sky-100 text-sky-800 ring-sky-600/20",
  SCHEDULED: "bg-indigo-100 text-indigo-800 ring-indigo-600/20",
  APPLYING: "bg-blue-100 text-blue-800 ring-blue-600/20",
  APPLIED: "bg-green-100 text-green-800 ring-green-600/20",
  CONFLICT: "bg-orange-100 text-orange-800 ring-orange-600/20",
  FAILED: "bg-red-100 text-red-800 ring-red-600/20",
  ROLLED_BACK: "bg-rose-100 text-rose-800 ring-rose-600/20",
  NEEDS_ATTENTION: "bg-red-200 text-red-900 ring-red-700/30",
  REJECTED: "bg-slate-200 text-slate-700 ring-slate-500/20",
  CANCELLED: "bg-slate-100 text-slate-500 ring-slate-400/30",
  SKIPPED: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

function label(status: ChangeStatusName | ChangeTargetStatusName): string {
  return status in CHANGE_STATUS_LABELS ? CHANGE_STATUS_LABELS[status as ChangeStatusName] : status.toLowerCase().replace("_", " ");
}

/** A coloured pill for a change request status or a per-device target status. */
export function ChangeStatusBadge({ status, testId = "change-status" }: { status: ChangeStatusName | ChangeTargetStatusName; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}
    >
      {label(status)}
    </span>
  );
}
