import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { SortHeader, type SortDir } from "@/components/ui/sort-header";
import { Time } from "@/components/ui/time";
import { CHANGE_STATUS_LABELS, changeListHref, type ChangeListQuery, type ChangeListRow, type ChangeSort } from "@/lib/changes/dto";
import { ChangeStatusBadge } from "./change-status-badge";

/** A sortable column of the queue (default: proposedAt, newest first). */
function ChangeSortHeader({ query, sort, label }: { query: ChangeListQuery; sort: ChangeSort; label: string }) {
  const hrefFor = (dir: SortDir) => changeListHref(query, { sort, dir, page: 1 });
  return <SortHeader label={label} sorted={(query.sort ?? "proposedAt") === sort} dir={query.dir ?? "desc"} defaultDir="desc" hrefFor={hrefFor} />;
}

function Devices({ names }: { names: string[] }) {
  const shown = names.slice(0, 3);
  return (
    <span title={names.join(", ")}>
      {shown.join(", ")}
      {names.length > shown.length && <span className="text-slate-500"> +{names.length - shown.length} more</span>}
    </span>
  );
}

/**
 * The change queue's table (server-rendered): status, title (links to the request), kind, devices
 * (bulk: first three and a count; applied n of m), proposer, approver, proposed (local time, UTC on
 * hover), window, last error.
 */
export function ChangesTable({ rows, query, canPropose }: { rows: ChangeListRow[]; query: ChangeListQuery; canPropose: boolean }) {
  if (rows.length === 0) {
    const filtered = Boolean(query.q || query.kind || query.device || query.proposer);
    return (
      <EmptyState
        title={
          query.status
            ? `No ${CHANGE_STATUS_LABELS[query.status]} request${filtered ? " matches these filters" : ""}`
            : filtered
              ? "No request matches these filters"
              : "No change requests yet"
        }
      >
        {filtered ? (
          <Link href="/changes" className="text-brand hover:underline">
            Clear the filters
          </Link>
        ) : canPropose ? (
          "Propose the first one with “Propose a change”."
        ) : (
          "Operators propose changes; admins approve them."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="changes-table">
        <caption className="sr-only">Change requests</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <ChangeSortHeader query={query} sort="status" label="Status" />
            <th scope="col" className="px-3 py-2 font-medium">
              Change
            </th>
            <ChangeSortHeader query={query} sort="kind" label="Kind" />
            <th scope="col" className="px-3 py-2 font-medium">
              Devices
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Proposer
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Decided by
            </th>
            <ChangeSortHeader query={query} sort="proposedAt" label="Proposed" />
            <ChangeSortHeader query={query} sort="updatedAt" label="Updated" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className="hover:bg-slate-50" data-testid="change-row" data-change-id={r.id}>
              <td className="px-3 py-2">
                <ChangeStatusBadge status={r.status} />
              </td>
              <td className="max-w-md px-3 py-2">
                <Link href={`/changes/${r.id}`} className="font-medium text-brand hover:underline">
                  {r.title}
                </Link>
                {r.error && (
                  <p className="mt-0.5 truncate text-xs text-red-700" title={r.error}>
                    {r.error}
                  </p>
                )}
                {r.windowStart && r.status === "SCHEDULED" && (
                  <p className="mt-0.5 text-xs text-slate-500">
                    window from <Time value={r.windowStart} />
                  </p>
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs text-slate-700">{r.kind}</td>
              <td className="px-3 py-2 text-slate-700">
                <Devices names={r.deviceNames} />
                {r.targetCount > 1 && (
                  <p className="text-xs text-slate-500">
                    {r.appliedCount} of {r.targetCount} applied
                  </p>
                )}
              </td>
              <td className="px-3 py-2 text-slate-700" title={r.proposer.email}>
                {r.proposer.name}
              </td>
              <td className="px-3 py-2 text-slate-700" title={r.decider?.email}>
                {r.decider?.name ?? "–"}
              </td>
              <td className="px-3 py-2 text-slate-600">
                <Time value={r.proposedAt} />
              </td>
              <td className="px-3 py-2 text-slate-600">
                <Time value={r.updatedAt} relative />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
