import { Time } from "@/components/ui/time";
import type { StatusSite } from "@/lib/status/types";
import { SeverityBadge } from "./severity-badge";

/**
 * A site's firing alerts on /status and /share/<token>, as text (no ids, no links: the public page gets the same):
 * severity, rule, device and interface or MAC, since when (viewer's zone, UTC on hover), acknowledged; the alerts not
 * listed are counted. Nothing when none is firing.
 */
export function SiteAlerts({ site }: { site: StatusSite }) {
  if (site.alerts.length === 0) return null;
  const total = site.alerts.length + site.alertsNotShown;
  return (
    <div className="border-b border-slate-100 px-4 py-2" data-testid="site-alerts">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-red-800">{`${total} firing ${total === 1 ? "alert" : "alerts"}`}</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {site.alerts.map((a) => (
          <li
            key={`${a.rule}/${a.device}/${a.subject}`}
            className="flex flex-wrap items-center gap-x-2"
            data-testid="site-alert"
            data-device={a.device}
            data-rule={a.rule}
            data-acknowledged={a.acknowledged ? "true" : "false"}
          >
            <SeverityBadge severity={a.severity} />
            <span className="font-medium text-slate-900">{a.rule}</span>
            <span className="text-slate-700">
              {a.device}
              {a.subject && <span className="ml-1 font-mono text-xs">{a.subject}</span>}
            </span>
            <span className="text-xs text-slate-500">
              since <Time value={a.since} relative />
              {a.acknowledged && " · acknowledged, being worked on"}
            </span>
          </li>
        ))}
      </ul>
      {site.alertsNotShown > 0 && <p className="mt-1 text-xs text-slate-600">{`${site.alertsNotShown} more not listed here`}</p>}
    </div>
  );
}
