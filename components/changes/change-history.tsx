import { Time } from "@/components/ui/time";
import type { ChangeHistoryEvent } from "@/lib/changes/dto";

function summary(e: ChangeHistoryEvent): string {
  const after = e.after;
  if (!after || typeof after !== "object" || Array.isArray(after)) return "";
  const a = after as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ["deviceName", "phase", "method", "path", "status", "httpStatus", "detail", "comment", "reason", "error", "windowStart"]) {
    const v = a[key];
    const empty = v === undefined || v === null || v === "" || (typeof v === "object" && Object.keys(v).length === 0);
    if (!empty) parts.push(key === "deviceName" || key === "method" || key === "path" ? String(v) : `${key}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  return parts.join(" ");
}

/** The request's audit events in chain order: chain position (event id), time (local, UTC on hover), actor, action, details, hash prefix. */
export function ChangeHistory({ events }: { events: ChangeHistoryEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No audit event yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 text-sm" data-testid="change-history">
      {events.map((e) => (
        <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-1.5" data-testid="history-event" data-action={e.action}>
          <span className="font-mono text-xs text-slate-500" title={`audit event #${e.id}, hash ${e.hashShort}…`}>
            #{e.id}
          </span>
          <span className="text-xs text-slate-500">
            <Time value={e.ts} />
          </span>
          <span className="font-mono text-xs font-semibold text-slate-800">{e.action}</span>
          <span className="text-xs text-slate-600">{e.actorEmail ?? "system"}</span>
          <span className="min-w-0 flex-1 break-words font-mono text-xs text-slate-600">{summary(e)}</span>
          <span className="font-mono text-xs text-slate-500">{e.hashShort}</span>
        </li>
      ))}
    </ol>
  );
}
