import Link from "next/link";
import { Time } from "@/components/ui/time";
import type { ChangeStepDto, ChangeTargetDto } from "@/lib/changes/dto";
import { ChangeCallList, ChangeDiffTable, ChangeOrderList } from "./change-diff";
import { ChangeStatusBadge } from "./change-status-badge";

function Steps({ steps }: { steps: ChangeStepDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-xs" data-testid="change-steps">
        <caption className="sr-only">Router calls made</caption>
        <thead className="text-left uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Time
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Phase
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Call
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              HTTP
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              RouterOS detail
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {steps.map((s, i) => {
            // The engine logs notes (no router call) as steps with no HTTP status: information, not failures.
            const note = s.status === null && s.method === "NOTE";
            return (
              <tr key={i} className={s.ok || note ? "" : "bg-red-50"}>
                <td className="py-1 pr-3">{s.at ? <Time value={s.at} /> : "–"}</td>
                <td className="py-1 pr-3">{s.phase}</td>
                <td className="py-1 pr-3 font-mono">
                  {s.method} {s.path}
                </td>
                <td className={`py-1 pr-3 font-mono ${s.ok ? "text-green-800" : note ? "text-slate-500" : "text-red-800"}`}>
                  {note ? "note" : (s.status ?? "no answer")}
                </td>
                <td className={`py-1 pr-3 ${s.ok || note ? "text-slate-600" : "text-red-800"}`}>{s.detail ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One device of a request, or one step of a set-up (its title and kind beside the router): status, error
 * (RouterOS `detail` verbatim), the diff (as read when proposed vs proposed), the planned REST calls,
 * notes, and the router calls made while applying.
 */
export function ChangeTargetCard({ target, total }: { target: ChangeTargetDto; total: number }) {
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
      data-testid="change-target"
      data-device={target.deviceName}
      data-step={target.step ? target.position + 1 : undefined}
      aria-labelledby={`target-${target.id}`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2">
        <h3 id={`target-${target.id}`} className="text-sm font-semibold text-slate-800">
          {total > 1 && (
            <span className="mr-1 text-slate-500">
              {target.position + 1}/{total}
            </span>
          )}
          {target.deviceId ? (
            <Link href={`/devices/${target.deviceId}`} className="text-brand hover:underline">
              {target.deviceName}
            </Link>
          ) : (
            <span title="device deleted since">{target.deviceName}</span>
          )}
          {target.step && (
            <span className="ml-2 font-normal text-slate-700" data-testid="step-title">
              {target.step.title} <span className="font-mono text-xs text-slate-500">{target.step.kind}</span>
            </span>
          )}
        </h3>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          {target.finishedAt && (
            <span>
              finished <Time value={target.finishedAt} />
            </span>
          )}
          <ChangeStatusBadge status={target.status} testId="target-status" />
        </div>
      </header>
      <div className="space-y-4 p-4">
        {target.error && (
          <p role="alert" className="whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800" data-testid="target-error">
            {target.error}
          </p>
        )}
        {target.cutsManagementPath && (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="management-warning">
            This change disrupts {target.managementInterface ?? "the interface"} that holds the address the app uses to reach this router.
          </p>
        )}
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Current vs proposed</h4>
          <ChangeDiffTable diff={target.diff} />
        </div>
        <ChangeOrderList order={target.order} />
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Planned REST calls</h4>
          <ChangeCallList calls={target.calls} />
        </div>
        {target.notes.length > 0 && (
          <ul className="list-disc pl-5 text-sm text-slate-600">
            {target.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
        {target.steps.length > 0 && (
          <div>
            <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Router calls made</h4>
            <Steps steps={target.steps} />
          </div>
        )}
      </div>
    </section>
  );
}
