import { EmptyState } from "@/components/ui/card";
import { PageLink } from "@/components/ui/pagination";
import type { FleetStatus } from "@/lib/status/types";
import { AutoRefresh } from "./auto-refresh";
import { ProblemsFilter } from "./problems-filter";
import { SiteStatus } from "./site-status";

/** Previous / next page of sites, when the fleet has more than one page. */
function SitePager({ status, basePath }: { status: FleetStatus; basePath: string }) {
  if (status.pageCount <= 1) return null;
  const hrefFor = (page: number) => `${basePath}?${status.onlyProblems ? "problems=1&" : ""}page=${page}`;
  return (
    <nav aria-label="Pages of sites" className="flex items-center justify-end gap-2 text-sm text-slate-600" data-testid="status-pager">
      <PageLink href={status.page > 1 ? hrefFor(status.page - 1) : null} rel="prev" label="Previous sites" />
      <span>
        Page {status.page} of {status.pageCount}
      </span>
      <PageLink href={status.page < status.pageCount ? hrefFor(status.page + 1) : null} rel="next" label="Next sites" />
    </nav>
  );
}

/**
 * The status of the fleet (or of one shared site), read-only: the filter, the refresh line and one
 * section per site, a page of sites at a time. Used by /status (`linkDevices`: device names link into the app) and by the public
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
          {status.onlyProblems
            ? "Every enabled device is up, every MACsec link is secured and no alert is firing."
            : "Routers appear here once they are in the inventory."}
        </EmptyState>
      ) : (
        status.sites.map((site) => <SiteStatus key={site.name} site={site} linkDevices={linkDevices} />)
      )}
      <SitePager status={status} basePath={basePath} />
      <p className="text-xs text-slate-500">
        MACsec links count as secured when RouterOS reports status open-encrypted. MACVLAN traffic is the sum of each interface&apos;s latest rx/tx bits/s from
        the last {Math.round(status.trafficWindowSec / 60)} minutes.
      </p>
    </div>
  );
}
