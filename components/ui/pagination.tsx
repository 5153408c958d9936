import Link from "next/link";

const BTN = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm";

/**
 * One button of a pager: a link with `rel` (prev, next, first) when `href` is set, else the same label
 * greyed out with `aria-disabled="true"` (at either end of the list).
 */
export function PageLink({ href, rel, label }: { href: string | null; rel: string; label: string }) {
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

/** Where a numbered list stands: `page` (1-based, already clamped to 1…pageCount), rows per page, pages, rows in all. */
export interface PageNumbers {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/**
 * "Showing 26–50 of 134" with Previous / Next links (`rel="prev"` / `rel="next"`) in a
 * `<nav aria-label="Pagination">`. `hrefFor(n)` is the list's URL for page `n` (1-based), keeping the
 * rest of its URL state (filters, sort).
 */
export function Pagination({ page, hrefFor }: { page: PageNumbers; hrefFor: (page: number) => string }) {
  const from = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const to = Math.min(page.total, page.page * page.pageSize);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p>
        Showing <span className="font-medium">{from}</span>–<span className="font-medium">{to}</span> of <span className="font-medium">{page.total}</span>
      </p>
      <div className="flex items-center gap-2">
        <PageLink href={page.page > 1 ? hrefFor(page.page - 1) : null} rel="prev" label="Previous" />
        <span>
          Page {page.page} of {page.pageCount}
        </span>
        <PageLink href={page.page < page.pageCount ? hrefFor(page.page + 1) : null} rel="next" label="Next" />
      </div>
    </nav>
  );
}
