import { EmptyState } from "@/components/ui/card";
import type { FleetStatus } from "@/lib/status/types";
import { AutoRefresh } from "./auto-refresh";
import { ProblemsFilter } from "./problems-filter";
import { SiteStatus } from "./site-status";

/**
 * The status of the fleet (or of one shared site), read-only: the filter, the refresh line and one
 * section per site. Used by /status (`linkDevices`: device names link into the app) and by the public
 * /share/<token> page (no links out of `basePath`, no ids, no errors: the data is already stripped).
 */
export function FleetStatusView({ status, basePath, linkDevices }: { status: FleetStatus; basePath: string; linkDevices: boolean }) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ProblemsFilter basePath={basePath} onlyProblems={status.onlyProblems} />
        <AutoRefresh generatedAt={status.generatedAt} />
      </div>
      {status.sites.length === 0 ? (
        <EmptyState title={status.onlyProblems ? "No problems" : "No sites yet"}>
          {status.onlyProblems ? "Every enabled device is up and every MACsec link is secured." : "Routers appear here once they are in the inventory."}
        </EmptyState>
      ) : (
        status.sites.map((site) => <SiteStatus key={site.name} site={site} linkDevices={linkDevices} />)
      )}
      <p className="text-xs text-slate-500">
        MACsec links count as secured when RouterOS reports status open-encrypted. MACVLAN traffic is the sum of each interface&apos;s latest rx/tx bits/s from
        the last {Math.round(status.trafficWindowSec / 60)} minutes.
      </p>
    </div>
  );
}
