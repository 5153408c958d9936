import { PageLink } from "@/components/ui/pagination";
import { auditListHref } from "@/lib/audit/list-params";
import type { AuditFilter, AuditPage } from "@/lib/audit/queries";

/** "50 of 12,345 matching events" with Newest / Newer / Older links (keyset cursors) that keep the filters. */
export function AuditPagination({ filter, page }: { filter: AuditFilter; page: AuditPage }) {
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p data-testid="audit-total">
        <span className="font-medium">{page.rows.length}</span> shown of <span className="font-medium">{page.total.toLocaleString("en-US")}</span> matching
        events
      </p>
      <div className="flex items-center gap-2">
        <PageLink href={page.newerCursor !== null ? auditListHref(filter) : null} rel="first" label="Newest" />
        <PageLink href={page.newerCursor !== null ? auditListHref(filter, { after: page.newerCursor }) : null} rel="prev" label="Newer" />
        <PageLink href={page.olderCursor !== null ? auditListHref(filter, { before: page.olderCursor }) : null} rel="next" label="Older" />
      </div>
    </nav>
  );
}
