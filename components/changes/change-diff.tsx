import type { ChangeCallDto, ChangeFieldDto } from "@/lib/changes/dto";
import type { ChainOrderView } from "@/lib/changes/types";

function Value({ v }: { v: string | null }) {
  return v === null ? <span className="italic text-slate-500">absent</span> : <span className="font-mono">{v === "" ? '""' : v}</span>;
}

/** Current vs proposed, field by field, grouped by RouterOS object (current = as read when proposed or previewed). */
export function ChangeDiffTable({ diff, testId = "change-diff" }: { diff: ChangeFieldDto[]; testId?: string }) {
  if (diff.length === 0) return <p className="text-sm text-slate-500">No field changes.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" data-testid={testId}>
        <caption className="sr-only">Current and proposed values</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Object
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Current
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Proposed
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {diff.map((d, i) => (
            <tr key={`${d.object}-${d.field}-${i}`} data-testid="diff-row" data-field={d.field}>
              <td className="py-1 pr-3 font-mono text-xs text-slate-600">{d.object}</td>
              <td className="py-1 pr-3 font-mono text-xs">{d.field}</td>
              <td className="py-1 pr-3 text-red-800">
                <Value v={d.current} />
              </td>
              <td className="py-1 pr-3 text-green-800">
                <Value v={d.proposed} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The planned REST calls, in order, e.g. `PUT /rest/interface/macvlan {"name":"macvlan-68",...}` (secrets as fingerprints). */
export function ChangeCallList({ calls }: { calls: ChangeCallDto[] }) {
  if (calls.length === 0) return <p className="text-sm text-slate-500">No REST call planned.</p>;
  return (
    <ol className="space-y-1 font-mono text-xs" data-testid="change-calls">
      {calls.map((c, i) => (
        <li key={i} className="rounded bg-slate-50 px-2 py-1">
          <span className="font-semibold text-slate-800">{c.method}</span> <span className="text-slate-700">{c.path}</span>
          {c.body && Object.keys(c.body).length > 0 && <span className="text-slate-500"> {JSON.stringify(c.body)}</span>}
        </li>
      ))}
    </ol>
  );
}

/**
 * Ordered menus after the change (firewall chains): each rule in order, the new one marked "new", a removed one
 * struck through where it was.
 */
export function ChangeOrderList({ order }: { order: ChainOrderView[] }) {
  if (order.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="change-order">
      {order.map((chain) => (
        <div key={chain.label}>
          <p className="font-mono text-xs font-semibold text-slate-700">{chain.label}, in order after the change</p>
          <ol className="list-decimal space-y-0.5 pl-6 font-mono text-xs">
            {chain.rows.map((r, i) => (
              <li
                key={i}
                data-change={r.change ?? undefined}
                className={r.change === "add" ? "bg-green-50 text-green-900" : r.change === "remove" ? "text-red-800 line-through" : "text-slate-600"}
              >
                {r.change === "add" && <span className="mr-1 font-sans font-semibold">new</span>}
                {r.text}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
