import Link from "next/link";
import { formatBitRate } from "@/components/ui/format";
import { deviceListHref } from "@/lib/devices/list-params";
import type { StatusSite } from "@/lib/status/types";
import { DeviceStatusRow } from "./device-status-row";
import { SiteAlerts } from "./site-alerts";

/** The one-line summary of a site: devices up/total, insecure MACsec links, sessions, MACVLAN traffic. */
export function SiteSummaryLine({ summary }: { summary: StatusSite["summary"] }) {
  const allUp = summary.devicesUp === summary.devicesTotal;
  return (
    <p className="text-sm text-slate-600" data-testid="site-summary">
      <span className={`font-medium ${allUp ? "text-green-700" : "text-red-700"}`}>{`${summary.devicesUp}/${summary.devicesTotal} devices up`}</span>
      {" · "}
      {summary.macsecTotal === 0 ? (
        "no MACsec links"
      ) : (
        <span className={summary.macsecInsecure > 0 ? "font-medium text-red-700" : undefined}>
          {`${summary.macsecInsecure} of ${summary.macsecTotal} MACsec links not secured`}
        </span>
      )}
      {" · "}
      {`${summary.sessions} MAC-server sessions · MACVLAN ↓ ${formatBitRate(summary.rxBitsPerSecond)} ↑ ${formatBitRate(summary.txBitsPerSecond)}${
        summary.devicesDisabled > 0 ? ` · ${summary.devicesDisabled} disabled (not polled)` : ""
      }`}
    </p>
  );
}

/**
 * One site: its summary line, its firing alerts and a table of its devices (problems first); when the fleet page lists only the first
 * ones, how many more there are and (signed in) a link to the site's devices in the devices list.
 */
export function SiteStatus({ site, linkDevices }: { site: StatusSite; linkDevices: boolean }) {
  const headingId = `site-${site.name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="status-site" data-site={site.name}>
      <header className="border-b border-slate-100 px-4 py-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {site.name}
          </h2>
          {site.summary.problems > 0 && (
            <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">
              {`${site.summary.problems} ${site.summary.problems === 1 ? "problem" : "problems"}`}
            </span>
          )}
        </div>
        <SiteSummaryLine summary={site.summary} />
      </header>
      <SiteAlerts site={site} />
      <div className="overflow-x-auto px-4 pb-2">
        {site.devices.length === 0 ? (
          <p className="py-3 text-sm text-slate-500">
            {site.summary.devicesTotal > 0 ? "No device of this site has a problem." : "No enabled devices at this site."}
          </p>
        ) : (
          <table className="w-full text-sm">
            <caption className="sr-only">{`Devices of ${site.name}, problems first`}</caption>
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Device
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  State
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  MACsec links
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  MAC-server sessions
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  MACVLAN traffic now
                </th>
                <th scope="col" className="py-2 font-medium">
                  Last poll
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {site.devices.map((d) => (
                <DeviceStatusRow key={d.name} device={d} linkDevices={linkDevices} />
              ))}
            </tbody>
          </table>
        )}
        {site.devicesNotShown ? (
          <p className="py-2 text-sm text-slate-600" data-testid="site-devices-not-shown">
            {`${site.devicesNotShown} more ${site.devicesNotShown === 1 ? "device" : "devices"} not listed here`}
            {linkDevices && (
              <>
                {" · "}
                <Link href={deviceListHref({ site: site.name })} prefetch={false} className="font-medium text-brand hover:underline">
                  {`all devices of ${site.name}`}
                </Link>
              </>
            )}
          </p>
        ) : null}
      </div>
    </section>
  );
}
