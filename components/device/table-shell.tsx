import type { ReactNode } from "react";

/**
 * A scrollable table with a caption (screen readers), column headers (`scope="col"`) and an optional
 * footer line (refresh state). Rows are the caller's `<tr>`s; `empty` replaces the body when there are none.
 */
export function TableShell({
  caption,
  columns,
  rowCount,
  empty,
  footer,
  testId,
  children,
}: {
  caption: string;
  columns: string[];
  rowCount: number;
  empty: ReactNode;
  footer?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm" data-testid={testId} data-rows={rowCount}>
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rowCount === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-4">
                  {empty}
                </td>
              </tr>
            ) : (
              children
            )}
          </tbody>
        </table>
      </div>
      {footer && <div className="text-xs text-slate-500">{footer}</div>}
    </div>
  );
}

/** A table cell (`td`) with the standard padding; `mono` for MACs, names and hex. */
export function Cell({ children, mono = false }: { children: ReactNode; mono?: boolean }) {
  return <td className={`whitespace-nowrap px-3 py-2 ${mono ? "font-mono text-xs" : ""}`}>{children}</td>;
}
