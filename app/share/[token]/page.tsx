import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { FleetStatusView } from "@/components/status/fleet-status-view";
import { clientIpFromHeaders } from "@/lib/auth/request-meta";
import { getSharedSiteStatus } from "@/lib/status/server";
import { shareThrottle, throttledSharePath } from "@/lib/status/share-throttle";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Site status" };

type Params = Promise<{ token: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * /share/<token>: one site's status without login (proxy.ts lets it through; the token is checked
 * here). Same view as /status, read-only, with no ids, no poller errors, no links out of this URL.
 * Unknown, revoked and expired tokens get the same plain 404. Rate-limited per source address
 * (lib/status/share-throttle.ts): a refused request is redirected to the 429 page /share/throttled.
 */
export default async function SharedStatusPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { token } = await params;
  const onlyProblems = (await searchParams).problems === "1";
  const source = clientIpFromHeaders(await headers());
  const admission = await shareThrottle.run(source, () => getSharedSiteStatus(token, { onlyProblems }));
  if (admission.status === "throttled") redirect(throttledSharePath(admission.retryAfterSec, token, onlyProblems));
  if (admission.status === "not-found") notFound();
  const shared = admission.value;
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
