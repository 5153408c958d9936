import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainStatusWidget } from "@/components/audit/chain-status";
import { Card, Skeleton } from "@/components/ui/card";
import { auditExportHref, parseAuditListParams } from "@/lib/audit/list-params";
import { listAuditEvents, listAuditFilterChoices, type AuditFilter, type AuditListQuery } from "@/lib/audit/server";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function Filters({ filter }: { filter: AuditFilter }) {
  const { actions, entityTypes } = await listAuditFilterChoices();
  return <AuditFilters filter={filter} actions={actions} entityTypes={entityTypes} />;
}

async function EventList({ query, filter }: { query: AuditListQuery; filter: AuditFilter }) {
  const page = await listAuditEvents(query);
  return (
    <div className="space-y-3">
      <AuditPagination filter={filter} page={page} />
      <AuditTable rows={page.rows} filter={filter} />
      {page.rows.length > 10 && <AuditPagination filter={filter} page={page} />}
    </div>
  );
}

/** /audit: the hash-chained audit log with its chain status, URL filters, keyset pagination and CSV export (audit.read). */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePagePermission("audit.read");
  const query = parseAuditListParams(await searchParams);
  const { before: _before, after: _after, ...filter } = query;
  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Audit log</h1>
          <p className="text-sm text-slate-500">Every login, device and user change and change-request step, append-only and hash-chained. Newest first.</p>
        </div>
        <a
          href={auditExportHref(filter)}
          download
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-700 shadow-sm hover:bg-slate-50"
          data-testid="audit-export"
        >
          Export CSV
        </a>
      </div>
      <Card title="Chain status">
        <ChainStatusWidget />
      </Card>
      <Suspense fallback={<Skeleton className="h-24" />}>
        <Filters filter={filter} />
      </Suspense>
      <Suspense key={JSON.stringify(query)} fallback={<Skeleton className="h-96" />}>
        <EventList query={query} filter={filter} />
      </Suspense>
    </div>
  );
}
