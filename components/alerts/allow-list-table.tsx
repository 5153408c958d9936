import Link from "next/link";
import { removeAllowListMacAction } from "@/app/(dashboard)/alerts/allow-list/actions";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { AllowListRow } from "@/lib/alerts/admin-server";
import { ConfirmAction } from "./confirm-action";

/**
 * The allow-list entries: MAC, where it is allowed (site or device), comment, when added, the open unknown-MAC alerts
 * it covers (they resolve at the worker's next pass), and for admins a Remove button.
 */
export function AllowListTable({ rows, canManage, searched }: { rows: AllowListRow[]; canManage: boolean; searched: boolean }) {
  if (rows.length === 0)
    return (
      <EmptyState title={searched ? "No entry matches" : "The allow-list is empty"}>
        {searched
          ? "Try part of a MAC, a comment, or a site or device name."
          : "Every MAC-server session (MAC-Telnet, MAC-Winbox) then raises the unknown-MAC alert. Admins add the MACs of the NOC's own hosts here."}
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="allow-list-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              MAC address
            </th>
            <th scope="col" className="px-3 py-2">
              Allowed on
            </th>
            <th scope="col" className="px-3 py-2">
              Comment
            </th>
            <th scope="col" className="px-3 py-2">
              Added
            </th>
            <th scope="col" className="px-3 py-2">
              Covers open alerts
            </th>
            {canManage && (
              <th scope="col" className="px-3 py-2">
                Actions
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => (
            <tr key={e.id} data-testid="allow-list-row" data-mac={e.macAddress}>
              <td className="px-3 py-2 font-mono">{e.macAddress}</td>
              <td className="px-3 py-2">
                {e.device ? (
                  <>
                    <span className="text-xs text-slate-500">device </span>
                    <Link href={`/devices/${e.device.id}`} className="text-brand underline">
                      {e.device.name}
                    </Link>
                  </>
                ) : (
                  <>
                    <span className="text-xs text-slate-500">site </span>
                    {e.site?.name}
                  </>
                )}
              </td>
              <td className="px-3 py-2 text-slate-700">{e.comment}</td>
              <td className="px-3 py-2">
                <Time value={e.createdAt.toISOString()} relative />
              </td>
              <td className="px-3 py-2" data-testid="allow-list-covers">
                {e.covers.length === 0 ? (
                  <span className="text-slate-400">none</span>
                ) : (
                  <ul>
                    {e.covers.map((c) => (
                      <li key={c.alertId}>
                        <Link href={`/alerts?alert=${encodeURIComponent(c.alertId)}`} className="text-brand underline">
                          {c.deviceName}
                        </Link>{" "}
                        <span className="text-xs text-slate-500">{c.state}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              {canManage && (
                <td className="px-3 py-2">
                  <ConfirmAction
                    action={removeAllowListMacAction}
                    input={{ id: e.id }}
                    label="Remove"
                    question={`Remove ${e.macAddress}?`}
                    testId="allow-list-remove"
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
