import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ChangeFilters } from "@/components/changes/change-filters";
import { ChangeStatusTabs } from "@/components/changes/change-status-tabs";
import { ChangesTable } from "@/components/changes/changes-table";
import { Skeleton } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listChangeFilterOptions, listChanges } from "@/lib/changes/server";
import { changeListHref, parseChangeListParams, type ChangeListQuery } from "@/lib/changes/dto";

export const metadata: Metadata = { title: "Changes" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function ChangeList({ query, canPropose }: { query: ChangeListQuery; canPropose: boolean }) {
  const page = await listChanges(query);
  return (
    <div className="space-y-3">
      <ChangeStatusTabs query={query} counts={page.counts} />
      <ChangesTable rows={page.rows} query={{ ...query, page: page.page }} canPropose={canPropose} />
      {page.total > 0 && <Pagination page={page} hrefFor={(n) => changeListHref(query, { page: n })} />}
    </div>
  );
}

async function Filters({ query }: { query: ChangeListQuery }) {
  return <ChangeFilters query={query} options={await listChangeFilterOptions()} />;
}

/** /changes: the change-request queue with status tabs (counts), filters, sorting and pagination, all in the URL. */
export default async function ChangesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePagePermission("changes.read");
  const query = parseChangeListParams(await searchParams);
  const canPropose = can(user.role, "changes.propose");
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Changes</h1>
          <p className="text-sm text-slate-500">Router changes: proposed, approved by another admin, applied through the REST API and verified.</p>
        </div>
        {canPropose && (
          <Link
            href="/changes/new"
            className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-dark"
            data-testid="propose-change"
          >
            Propose a change
          </Link>
        )}
      </div>
      <Suspense fallback={<Skeleton className="h-16" />}>
        <Filters query={query} />
      </Suspense>
      <Suspense key={JSON.stringify(query)} fallback={<Skeleton className="h-96" />}>
        <ChangeList query={query} canPropose={canPropose} />
      </Suspense>
    </div>
  );
}
