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
] as const;

/**
 * The device page tabs as links (`/devices/[id]`, `/mac-server`, `/macvlan`, `/macsec`, `/ip`, `/firewall`, `/configuration`, `/logs`), keeping
 * `?range=` so the chosen time range is shared; the current tab has aria-current="page". The Configuration tab is
 * listed only with `showConfiguration` (its page needs `changes.read`: viewers do not see configurations).
 */
export function DeviceTabs({ deviceId, showConfiguration }: { deviceId: string; showConfiguration: boolean }) {
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
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
