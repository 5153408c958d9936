import type { Metadata } from "next";
import Link from "next/link";
import { FleetStatusView } from "@/components/status/fleet-status-view";
import { SiteSummaryLine } from "@/components/status/site-status";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getFleetStatus } from "@/lib/status/server";

export const metadata: Metadata = { title: "Status" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * /status: read-only fleet status for support staff (permission status.read), server-rendered and
 * refreshed every 15 s: per site and device up/down, MACsec links secured, MAC-server sessions, MACVLAN
 * traffic now, last poll. `?problems=1` lists only devices with a problem. Admins (status.share) get a
 * link to the share-link admin page; this page itself has no form and no write path. `?page=N` pages through the
 * sites (lib/status/queries.ts STATUS_SITES_PER_PAGE); the summary line covers the whole fleet.
 */
export default async function StatusPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePagePermission("status.read");
  const params = await searchParams;
  const onlyProblems = params.problems === "1";
  const page = Number.parseInt(typeof params.page === "string" ? params.page : "1", 10);
  const status = await getFleetStatus({ onlyProblems, page: Number.isFinite(page) && page > 0 ? page : 1 });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Status</h1>
          <SiteSummaryLine summary={status.totals} />
        </div>
        {can(user.role, "status.share") && (
          <Link
            href="/status/share-links"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
            data-testid="share-links-link"
          >
            Share links
          </Link>
        )}
      </div>
      <FleetStatusView status={status} basePath="/status" linkDevices />
    </div>
  );
}
