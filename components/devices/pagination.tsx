import Link from "next/link";
import type { DeviceListPage, DeviceListQuery } from "@/lib/devices/queries";
import { deviceListHref } from "@/lib/devices/list-params";

const BTN = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm";

/** "Showing 26–50 of 134" with previous / next links that keep the rest of the URL state. */
export function Pagination({ query, page }: { query: DeviceListQuery; page: DeviceListPage }) {
  const from = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const to = Math.min(page.total, page.page * page.pageSize);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p>
        Showing <span className="font-medium">{from}</span>–<span className="font-medium">{to}</span> of <span className="font-medium">{page.total}</span>
      </p>
      <div className="flex items-center gap-2">
        {page.page > 1 ? (
          <Link href={deviceListHref(query, { page: page.page - 1 })} className={`${BTN} hover:bg-slate-50`} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={`${BTN} text-slate-300`} aria-disabled="true">
            Previous
          </span>
        )}
        <span>
          Page {page.page} of {page.pageCount}
        </span>
        {page.page < page.pageCount ? (
          <Link href={deviceListHref(query, { page: page.page + 1 })} className={`${BTN} hover:bg-slate-50`} rel="next">
            Next
          </Link>
        ) : (
          <span className={`${BTN} text-slate-300`} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
