import Link from "next/link";
import { auditListHref } from "@/lib/audit/list-params";
import type { AuditFilter, AuditPage } from "@/lib/audit/queries";

const BTN = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm";

function PageLink({ href, rel, label }: { href: string | null; rel: string; label: string }) {
  return href ? (
    <Link href={href} rel={rel} className={`${BTN} hover:bg-slate-50`}>
      {label}
    </Link>
  ) : (
    <span className={`${BTN} text-slate-300`} aria-disabled="true">
      {label}
    </span>
  );
}

/** "50 of 12,345 matching events" with Newest / Newer / Older links (keyset cursors) that keep the filters. */
export function AuditPagination({ filter, page }: { filter: AuditFilter; page: AuditPage }) {
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p data-testid="audit-total">
        <span className="font-medium">{page.rows.length}</span> shown of <span className="font-medium">{page.total.toLocaleString("en-US")}</span> matching events
      </p>
      <div className="flex items-center gap-2">
        <PageLink href={page.newerCursor !== null ? auditListHref(filter) : null} rel="first" label="Newest" />
        <PageLink href={page.newerCursor !== null ? auditListHref(filter, { after: page.newerCursor }) : null} rel="prev" label="Newer" />
        <PageLink href={page.olderCursor !== null ? auditListHref(filter, { before: page.olderCursor }) : null} rel="next" label="Older" />
      </div>
    </nav>
  );
}
