import Link from "next/link";
import { changeListHref, type ChangeListPage, type ChangeListQuery } from "@/lib/changes/dto";

const BTN = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm";

/** "Showing 26–50 of 134" with previous / next links that keep the rest of the queue's URL state. */
export function ChangePagination({ query, page }: { query: ChangeListQuery; page: ChangeListPage }) {
  const from = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const to = Math.min(page.total, page.page * page.pageSize);
  const link = (n: number, text: string, rel: string) =>
    n >= 1 && n <= page.pageCount && n !== page.page ? (
      <Link href={changeListHref(query, { page: n })} className={`${BTN} hover:bg-slate-50`} rel={rel}>
        {text}
      </Link>
    ) : (
      <span className={`${BTN} text-slate-300`} aria-disabled="true">
        {text}
      </span>
    );
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p>
        Showing <span className="font-medium">{from}</span>–<span className="font-medium">{to}</span> of <span className="font-medium">{page.total}</span>
      </p>
      <div className="flex items-center gap-2">
        {link(page.page - 1, "Previous", "prev")}
        <span>
          Page {page.page} of {page.pageCount}
        </span>
        {link(page.page + 1, "Next", "next")}
      </div>
    </nav>
  );
}
