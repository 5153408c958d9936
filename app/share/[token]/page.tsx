import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FleetStatusView } from "@/components/status/fleet-status-view";
import { getSharedSiteStatus } from "@/lib/status/server";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Site status" };

type Params = Promise<{ token: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * /share/<token>: one site's status without login (proxy.ts lets it through; the token is checked
 * here). Same view as /status, read-only, with no ids, no poller errors, no links out of this URL.
 * Unknown, revoked and expired tokens get the same plain 404.
 */
export default async function SharedStatusPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { token } = await params;
  const onlyProblems = (await searchParams).problems === "1";
  const shared = await getSharedSiteStatus(token, { onlyProblems });
  if (!shared) notFound();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">{shared.siteName}</h1>
        <p className="text-sm text-slate-500">State of this site&apos;s routers as of their last poll.</p>
      </div>
      <FleetStatusView status={shared.status} basePath={`/share/${token}`} linkDevices={false} />
    </div>
  );
}
