"use client";

import { useMemo, useState, type ReactNode } from "react";
import { sortRows, type SortDirection, type SortValue } from "./sort-values";

/** A column of a SortableTable: its header, its cell, and (when sortable) the value it sorts by. */
export interface Column<R> {
  label: string;
  cell: (row: R) => ReactNode;
  /** Absent: the column does not sort. */
  sortValue?: (row: R) => SortValue;
  /** Monospace cell (addresses, MACs, names). */
  mono?: boolean;
}

/**
 * A table sorted in the browser: clicking a sortable header sorts by it ascending, a second click descending, a
 * third back to the order given (RouterOS's print order); the sorted header carries `aria-sort`. `empty` replaces
 * the body when there are no rows; `rowClass` styles a row (disabled rules greyed). With `limit`, only the first
 * `limit` rows (after sorting) are drawn, with a last row saying how many are not (long lease tables stay fast).
 */
export function SortableTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  testId,
  rowClass,
  limit,
}: {
  caption: string;
  columns: Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  empty: ReactNode;
  testId: string;
  rowClass?: (row: R) => string;
  limit?: number;
}) {
  const [sort, setSort] = useState<{ index: number; dir: SortDirection } | null>(null);
  const shown = useMemo(() => {
    const by = sort === null ? undefined : columns[sort.index]?.sortValue;
    const sorted = sort && by ? sortRows(rows, by, sort.dir) : rows;
    return limit === undefined ? sorted : sorted.slice(0, limit);
  }, [rows, columns, sort, limit]);
  const next = (index: number) => setSort((s) => (s?.index !== index ? { index, dir: "asc" } : s.dir === "asc" ? { index, dir: "desc" } : null));
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid={testId} data-rows={rows.length}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c, i) => {
              const dir = sort?.index === i ? sort.dir : null;
              return (
                <th
                  key={c.label}
                  scope="col"
                  aria-sort={dir === null ? undefined : dir === "asc" ? "ascending" : "descending"}
                  className="whitespace-nowrap px-3 py-2 font-medium"
                >
                  {c.sortValue ? (
                    <button type="button" onClick={() => next(i)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
                      {c.label}
                      <span aria-hidden="true" className={dir ? "text-slate-700" : "text-slate-300"}>
                        {dir === "desc" ? "▼" : "▲"}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {shown.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-4">
                {empty}
              </td>
            </tr>
          ) : (
            shown.map((row) => (
              <tr key={rowKey(row)} className={rowClass?.(row) ?? ""}>
                {columns.map((c) => (
                  <td key={c.label} className={`whitespace-nowrap px-3 py-2 ${c.mono ? "font-mono text-xs" : ""}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
          {shown.length < rows.length && (
            <tr>
              <td colSpan={columns.length} className="px-3 py-2 text-xs text-slate-500" data-testid={`${testId}-more`}>
                {rows.length - shown.length} more rows not shown: search or sort to find the ones you need.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A small grey pill for a RouterOS flag (`dynamic`, `disabled`, `invalid`, `builtin`); `tone` colours it. */
export function Flag({ children, tone = "slate" }: { children: ReactNode; tone?: "slate" | "amber" | "red" | "blue" | "green" }) {
  const tones = {
    slate: "bg-slate-100 text-slate-700",
    amber: "bg-amber-100 text-amber-800",
    red: "bg-red-100 text-red-800",
    blue: "bg-blue-100 text-blue-800",
    green: "bg-green-100 text-green-800",
  } as const;
  return <span className={`mr-1 rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
