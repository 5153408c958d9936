"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

const TABS = [
  { segment: "", label: "Overview" },
  { segment: "mac-server", label: "MAC server" },
  { segment: "macvlan", label: "MACVLAN" },
  { segment: "macsec", label: "MACsec" },
  { segment: "ip", label: "IP" },
  { segment: "firewall", label: "Firewall" },
  { segment: "configuration", label: "Configuration" },
  { segment: "logs", label: "Logs" },
  { segment: "alerts", label: "Alerts" },
] as const;

/**
 * The device page tabs as links (`/devices/[id]`, `/mac-server`, `/macvlan`, `/macsec`, `/ip`, `/firewall`, `/configuration`, `/logs`,
 * `/alerts`), keeping `?range=` so the chosen time range is shared; the current tab has aria-current="page". The
 * Configuration tab is listed only with `showConfiguration` (its page needs `changes.read`: viewers do not see
 * configurations). The Alerts tab carries a badge with `firingAlerts` (the device's firing alerts) when there are any.
 */
export function DeviceTabs({ deviceId, showConfiguration, firingAlerts = 0 }: { deviceId: string; showConfiguration: boolean; firingAlerts?: number }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const range = params.get("range");
  const base = `/devices/${encodeURIComponent(deviceId)}`;
  return (
    <nav aria-label="Device sections" className="border-b border-slate-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {TABS.filter((tab) => showConfiguration || tab.segment !== "configuration").map((tab) => {
          const path = tab.segment ? `${base}/${tab.segment}` : base;
          const active = pathname === path;
          return (
            <li key={tab.label}>
              <Link
                href={range ? `${path}?range=${encodeURIComponent(range)}` : path}
                aria-current={active ? "page" : undefined}
                data-testid={`device-tab-${tab.segment || "overview"}`}
                className={`block whitespace-nowrap border-b-2 px-4 py-2 text-sm font-medium ${
                  active ? "border-brand text-brand" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"
                }`}
              >
                {tab.label}
                {tab.segment === "alerts" && firingAlerts > 0 && (
                  <span className="ml-1.5 rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white" data-testid="device-tab-alerts-firing">
                    {firingAlerts}
                    <span className="sr-only"> firing</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
