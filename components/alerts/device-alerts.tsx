import { SeverityBadge } from "@/components/status/severity-badge";
import { Time } from "@/components/ui/time";
import type { DeviceAlert } from "@/lib/alerts/views";
import { AcknowledgeForm, SilenceForm } from "./alert-row-actions";
import { alertValuesText } from "./alert-values";

/** State, acknowledgement (who, when, note) and silence of one alert. */
function AlertState({ alert: a }: { alert: DeviceAlert }) {
  return (
    <>
      <p>{a.state}</p>
      {a.acknowledgedAt && (
        <p className="text-xs text-slate-600" data-testid="device-alert-acknowledged">
          {`acknowledged by ${a.acknowledgedBy ?? "a removed user"} `}
          <Time value={a.acknowledgedAt.toISOString()} relative />
          {a.ackNote && <span className="block italic">{a.ackNote}</span>}
        </p>
      )}
      {a.silenced && (
        <p className="text-xs text-slate-500">
          silenced until <Time value={a.silencedUntil?.toISOString()} />
        </p>
      )}
    </>
  );
}

/**
 * One table of a device's alerts (open or resolved): severity, rule, interface or MAC with the compared values, state
 * with acknowledgement and silence, since when (fired, or first seen while pending; resolved: when), times in the
 * viewer's zone with UTC on hover; for operators (`canAcknowledge`) on open alerts, the acknowledge and silence forms
 * of /alerts.
 */
export function DeviceAlertsTable({ rows, caption, canAcknowledge }: { rows: DeviceAlert[]; caption: string; canAcknowledge: boolean }) {
  const actions = canAcknowledge && rows.some((a) => a.state !== "resolved");
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Severity
            </th>
            <th scope="col" className="px-3 py-2">
              Alert
            </th>
            <th scope="col" className="px-3 py-2">
              State
            </th>
            <th scope="col" className="px-3 py-2">
              Since
            </th>
            {actions && (
              <th scope="col" className="px-3 py-2">
                Actions
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((a) => (
            <tr key={a.id} data-testid="device-alert" data-rule={a.rule.name} data-state={a.state} data-subject={a.subject}>
              <td className="px-3 py-2 align-top">
                <SeverityBadge severity={a.rule.severity} />
              </td>
              <td className="px-3 py-2 align-top">
                <p className="font-medium text-slate-900">
                  {a.rule.name}
                  {a.subject && <span className="ml-2 font-mono text-xs font-normal">{a.subject}</span>}
                </p>
                <p className="font-mono text-xs text-slate-600">{alertValuesText(a.values)}</p>
              </td>
              <td className="px-3 py-2 align-top">
                <AlertState alert={a} />
              </td>
              <td className="px-3 py-2 align-top">
                <Time value={(a.resolvedAt ?? a.firedAt ?? a.firstSeenAt).toISOString()} relative />
              </td>
              {actions && (
                <td className="space-y-2 px-3 py-2 align-top">
                  {a.state !== "resolved" && !a.acknowledgedAt && <AcknowledgeForm id={a.id} />}
                  {a.state !== "resolved" && <SilenceForm id={a.id} />}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
