import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { AllowListForm } from "@/components/alerts/allow-list-form";
import { AllowListTable } from "@/components/alerts/allow-list-table";
import { Card, Skeleton } from "@/components/ui/card";
import { FilterInput } from "@/components/ui/filter-fields";
import { Pagination } from "@/components/ui/pagination";
import { allowListFilterSchema, type AllowListFilter } from "@/lib/alerts/admin/allow-list-queries";
import { getScopeChoices, listAllowListEntries } from "@/lib/alerts/admin-server";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "MAC allow-list" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function hrefOf(filter: AllowListFilter): string {
  const params = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === "" ? [] : [[k, String(v)]])));
  const qs = params.toString();
  return qs ? `/alerts/allow-list?${qs}` : "/alerts/allow-list";
}

async function AddEntry() {
  const { sites, devices } = await getScopeChoices();
  return (
    <Card title="Allow a MAC">
      <AllowListForm choices={{ sites, devices }} />
    </Card>
  );
}

async function Entries({ filter, canManage }: { filter: AllowListFilter; canManage: boolean }) {
  const page = await listAllowListEntries(filter);
  return (
    <div className="space-y-3">
      <Pagination page={page} hrefFor={(n) => hrefOf({ ...filter, page: n })} />
      <AllowListTable rows={page.rows} canManage={canManage} searched={Boolean(filter.q)} />
    </div>
  );
}

/**
 * /alerts/allow-list: MACs allowed to open MAC-server sessions, per site or device (alerts.read); admins
 * (alerts.manage) add and remove. A session from a MAC on neither list of its router raises `mac-session-unknown`.
 */
export default async function AllowListPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePagePermission("alerts.read");
  const canManage = can(user.role, "alerts.manage");
  const raw = await searchParams;
  const filter = allowListFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">MAC allow-list</h1>
        <p className="text-sm text-slate-500">
          MAC-server sessions (/tool/mac-server/sessions) from a MAC that is on neither the list of the router nor that of its site raise the unknown-MAC alert.
          Entries apply at the worker&apos;s next pass.
        </p>
      </div>
      <AlertsSubNav canManage={canManage} />
      {canManage && (
        <Suspense fallback={<Skeleton className="h-28" />}>
          <AddEntry />
        </Suspense>
      )}
      <form method="get" action="/alerts/allow-list" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" role="search">
        <FilterInput id="allow-q" label="Search" name="q" defaultValue={filter.q ?? ""} placeholder="MAC, comment, site or device" className="w-72" />
        <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm">
          Search
        </button>
      </form>
      <Suspense key={JSON.stringify(filter)} fallback={<Skeleton className="h-64" />}>
        <Entries filter={filter} canManage={canManage} />
      </Suspense>
    </div>
  );
}
