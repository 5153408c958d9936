"use client";

import { useState } from "react";
import { TableShell } from "@/components/device/table-shell";
import type { AddressPlanPreview, AddressPlanRowClass } from "@/lib/changes/address-plan/dto";

const PAGE_SIZE = 50;
const CLASSES: { value: AddressPlanRowClass | ""; label: string }[] = [
  { value: "", label: "All rows" },
  { value: "new", label: "New (add)" },
  { value: "changed", label: "Changed (set)" },
  { value: "unchanged", label: "Unchanged" },
];
const TONE: Record<AddressPlanRowClass, string> = {
  new: "bg-green-50 text-green-800",
  changed: "bg-amber-50 text-amber-900",
  unchanged: "bg-slate-100 text-slate-600",
};
const CONTROL = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand";

/**
 * The rows of an address plan preview by class (new / changed / unchanged, with counts), filtered by class and by a
 * search on MAC, address or comment, in CSV line order, 50 per page; a changed row shows the router's current value
 * beside the planned one.
 */
export function AddressPlanRows({ plan }: { plan: AddressPlanPreview }) {
  const [cls, setCls] = useState<AddressPlanRowClass | "">("");
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(0);
  const q = query.trim().toLowerCase();
  const shown = plan.rows.filter(
    (r) => (cls === "" || r.class === cls) && (q === "" || [r.macAddress, r.address, r.comment ?? ""].some((v) => v.toLowerCase().includes(q))),
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const slice = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  return (
    <section className="space-y-3" aria-label="Rows by class" data-testid="address-plan-rows">
      <p className="text-sm text-slate-700" data-testid="address-plan-counts">
        {plan.rows.length} rows: <strong>{plan.counts.new}</strong> new, <strong>{plan.counts.changed}</strong> changed,{" "}
        <strong>{plan.counts.unchanged}</strong> unchanged.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm text-slate-700">
          Class{" "}
          <select
            value={cls}
            onChange={(e) => {
              setCls(e.target.value as AddressPlanRowClass | "");
              setPage(0);
            }}
            className={CONTROL}
          >
            {CLASSES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          Search{" "}
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setPage(0);
            }}
            placeholder="MAC, address or comment"
            className={CONTROL}
          />
        </label>
      </div>
      <TableShell
        caption="Address plan rows"
        columns={["Line", "Class", "mac-address", "address", "comment"]}
        rowCount={slice.length}
        empty={<p className="py-4 text-sm text-slate-500">No row matches.</p>}
        testId="address-plan-table"
      >
        {slice.map((r) => (
          <tr key={r.line} className="border-b border-slate-100" data-class={r.class}>
            <td className="py-1 pr-3 tabular-nums text-slate-500">{r.line}</td>
            <td className="py-1 pr-3">
              <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[r.class]}`}>{r.class}</span>
            </td>
            <td className="py-1 pr-3 font-mono">{r.macAddress}</td>
            <td className="py-1 pr-3 font-mono">
              {r.currentAddress !== null && <span className="text-slate-400 line-through">{r.currentAddress}</span>} {r.address}
            </td>
            <td className="py-1 pr-3">
              {r.currentComment !== null && <span className="text-slate-400 line-through">{r.currentComment}</span>} {r.comment ?? ""}
            </td>
          </tr>
        ))}
      </TableShell>
      {pages > 1 && (
        <nav aria-label="Row pages" className="flex items-center gap-3 text-sm">
          <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0} className="rounded border px-2 py-1 disabled:opacity-40">
            Previous
          </button>
          <span>
            Page {current + 1} of {pages} ({shown.length} rows)
          </span>
          <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1} className="rounded border px-2 py-1 disabled:opacity-40">
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
