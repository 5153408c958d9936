import Link from "next/link";
import { CHANGE_STATUS_LABELS, changeListHref, type ChangeListQuery } from "@/lib/changes/dto";
import { CHANGE_STATUSES, type ChangeStatusName } from "@/lib/changes/types";

/** Status tabs of the queue with the number of requests per status (under the other filters). Links keep the rest of the URL state. */
export function ChangeStatusTabs({ query, counts }: { query: ChangeListQuery; counts: Record<ChangeStatusName, number> }) {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const tabs: { status?: ChangeStatusName; label: string; count: number }[] = [
    { label: "all", count: all },
    ...CHANGE_STATUSES.map((s) => ({ status: s, label: CHANGE_STATUS_LABELS[s], count: counts[s] })),
  ];
  return (
    <nav aria-label="Request status" className="flex flex-wrap gap-1 border-b border-slate-200" data-testid="change-status-tabs">
      {tabs.map((t) => {
        const active = query.status === t.status;
        return (
          <Link
            key={t.label}
            href={changeListHref(query, { status: t.status, page: 1 })}
            aria-current={active ? "page" : undefined}
            className={`-mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm ${active ? "border-brand font-semibold text-brand" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
            <span className={`rounded-full px-1.5 text-xs ${t.count > 0 ? "bg-slate-200 text-slate-800" : "bg-slate-100 text-slate-400"}`}>{t.count}</span>
          </Link>
        );
      })}
    </nav>
  );
}
