import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { NotificationRow } from "@/lib/alerts/admin/targets-queries";

const STATUS_STYLE: Record<string, string> = { sent: "text-green-800", pending: "text-amber-800", failed: "text-red-800" };

/** A target's messages (AlertNotification): event, alerts, state, attempts, next attempt, last error, times in the viewer's zone. */
export function TargetNotifications({ rows }: { rows: NotificationRow[] }) {
  if (rows.length === 0) return <EmptyState title="No messages yet">Messages appear here when alerts fire or resolve, or after “Send test”.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="target-notifications">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Queued
            </th>
            <th scope="col" className="px-3 py-2">
              Event
            </th>
            <th scope="col" className="px-3 py-2">
              State
            </th>
            <th scope="col" className="px-3 py-2">
              Attempts
            </th>
            <th scope="col" className="px-3 py-2">
              Next attempt / sent
            </th>
            <th scope="col" className="px-3 py-2">
              Last error
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((n) => (
            <tr key={n.id} data-testid="target-notification" data-status={n.status} data-event={n.event}>
              <td className="px-3 py-2">
                <Time value={n.createdAt.toISOString()} />
              </td>
              <td className="px-3 py-2">
                {n.event}
                {n.event !== "test" && <span className="text-xs text-slate-500"> · {n.alertCount} alerts</span>}
              </td>
              <td className={`px-3 py-2 font-medium ${STATUS_STYLE[n.status] ?? ""}`}>{n.status}</td>
              <td className="px-3 py-2">{n.attempts}</td>
              <td className="px-3 py-2">
                <Time value={(n.status === "pending" ? n.nextAttemptAt : n.sentAt)?.toISOString()} />
              </td>
              <td className="max-w-md break-words px-3 py-2 text-xs text-red-700">{n.lastError}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
