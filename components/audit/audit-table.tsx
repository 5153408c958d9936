import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { auditListHref, isAuditFiltered } from "@/lib/audit/list-params";
import type { AuditEventRow, AuditFilter } from "@/lib/audit/queries";

const NONE = <span className="text-slate-400">–</span>;

function Json({ label, text }: { label: string; text: string | null }) {
  if (text === null) return null;
  return (
    <div className="min-w-0 flex-1">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800" data-testid={`audit-${label}`}>
        {text}
      </pre>
    </div>
  );
}

function Entity({ row, filter }: { row: AuditEventRow; filter: AuditFilter }) {
  if (!row.entityType) return NONE;
  const id = row.entityId;
  return (
    <div className="leading-tight">
      <Link href={auditListHref({ ...filter, entityType: row.entityType, entityId: undefined })} className="text-xs text-slate-500 hover:underline">
        {row.entityType}
      </Link>
      {id && (
        <div className="max-w-48 truncate font-mono text-xs" title={id}>
          {row.entityHref ? (
            <Link href={row.entityHref} className="text-brand hover:underline" data-testid="audit-entity-link">
              {id}
            </Link>
          ) : (
            id
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The audit events table (server-rendered), newest first: time (viewer's zone, UTC on hover), actor, action
 * (links filter on it), entity (device / change request linked when it still exists), client address, request
 * id, and before/after as indented JSON behind a disclosure (already redacted when written).
 */
export function AuditTable({ rows, filter }: { rows: AuditEventRow[]; filter: AuditFilter }) {
  if (rows.length === 0) {
    return (
      <EmptyState title={isAuditFiltered(filter) ? "No audit event matches these filters" : "No audit events yet"}>
        {isAuditFiltered(filter) ? (
          <Link href="/audit" className="text-brand hover:underline">
            Clear the filters
          </Link>
        ) : (
          "Logins, device and user management and change requests are recorded here."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              #
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Time
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Actor
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Action
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Entity
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Client
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Request id
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Before / after
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((e) => (
            <tr key={e.id} className="hover:bg-slate-50" data-testid="audit-row" data-action={e.action} data-event-id={e.id}>
              <td className="px-3 py-2 font-mono text-xs text-slate-500">{e.id}</td>
              <td className="px-3 py-2">
                <Time value={e.ts} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                {e.actorEmail ?? (e.actorId ? <span className="font-mono text-xs">{e.actorId}</span> : <span className="text-slate-500">system</span>)}
              </td>
              <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">
                <Link href={auditListHref({ ...filter, action: e.action })} className="hover:underline">
                  {e.action}
                </Link>
              </td>
              <td className="px-3 py-2">
                <Entity row={e} filter={filter} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">{e.clientIp ?? NONE}</td>
              <td className="max-w-32 truncate px-3 py-2 font-mono text-xs" title={e.requestId ?? undefined}>
                {e.requestId ?? NONE}
              </td>
              <td className="px-3 py-2">
                {e.before === null && e.after === null ? (
                  NONE
                ) : (
                  <details>
                    <summary className="cursor-pointer text-xs text-brand">Show</summary>
                    <div className="mt-2 flex w-[36rem] max-w-[60vw] flex-col gap-2 xl:flex-row">
                      <Json label="before" text={e.before} />
                      <Json label="after" text={e.after} />
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
