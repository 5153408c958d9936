import type { Metadata } from "next";
import { Suspense } from "react";
import { MacsecLinkFilters } from "@/components/macsec/macsec-link-filters";
import { MacsecLinksTable } from "@/components/macsec/macsec-links-table";
import { AutoRefresh } from "@/components/status/auto-refresh";
import { Skeleton } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { requirePagePermission } from "@/lib/auth/session";
import { listSiteNames } from "@/lib/devices/server";
import { macsecLinksHref, parseMacsecLinkParams, type MacsecLinkQuery } from "@/lib/macsec/link-types";
import { listMacsecLinks } from "@/lib/macsec/server";

export const metadata: Metadata = { title: "MACsec links" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function LinkList({ query }: { query: MacsecLinkQuery }) {
  const page = await listMacsecLinks(query);
  return (
    <div className="space-y-3">
      <AutoRefresh generatedAt={page.generatedAt} />
      <MacsecLinksTable rows={page.rows} query={{ ...query, page: page.page }} asOf={page.generatedAt} />
      {page.total > 0 && <Pagination page={page} hrefFor={(n) => macsecLinksHref(query, { page: n })} />}
    </div>
  );
}

async function Filters({ query }: { query: MacsecLinkQuery }) {
  return <MacsecLinkFilters query={query} sites={await listSiteNames()} />;
}

/**
 * /macsec: the fleet's MACsec links, the two ends of each paired by CKN and shown side by side, as the poller last
 * stored them (lib/macsec/link-queries.ts). Search, filters, order and page live in the URL. Permission: devices.read.
 */
export default async function MacsecLinksPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePagePermission("devices.read");
  const query = parseMacsecLinkParams(await searchParams);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">MACsec links</h1>
        <p className="text-sm text-slate-500">Both ends of each link, paired by CKN across routers, as of each router&apos;s last poll. No key is shown.</p>
      </div>
      <Suspense fallback={<Skeleton className="h-16" />}>
        <Filters query={query} />
      </Suspense>
      <Suspense key={JSON.stringify(query)} fallback={<Skeleton className="h-96" />}>
        <LinkList query={query} />
      </Suspense>
    </div>
  );
}
