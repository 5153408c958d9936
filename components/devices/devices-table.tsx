import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { SortHeader, type SortDir } from "@/components/ui/sort-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import type { DeviceListRow, DeviceListQuery, DeviceSort } from "@/lib/devices/queries";
import { formatRouterOsDuration } from "@/lib/validation/routeros";
import { deviceListHref } from "@/lib/devices/list-params";

/** A sortable column of the devices list (default: name, A to Z). */
function DeviceSortHeader({ query, sort, label }: { query: DeviceListQuery; sort: DeviceSort; label: string }) {
  const hrefFor = (dir: SortDir) => deviceListHref(query, { sort, dir, page: 1 });
  return <SortHeader label={label} sorted={(query.sort ?? "name") === sort} dir={query.dir ?? "asc"} defaultDir="asc" hrefFor={hrefFor} />;
}

/**
 * The devices list's table (server-rendered): status, identity, model/board, RouterOS version,
 * uptime (RouterOS duration), last poll (relative, UTC on hover), last error (truncated, full text on
 * hover). Name links to the device page; admins also get an Edit link per row.
 */
export function DevicesTable({ rows, query, canManage }: { rows: DeviceListRow[]; query: DeviceListQuery; canManage: boolean }) {
  if (rows.length === 0) {
    const filtered = Boolean(query.q || query.site || query.status);
    return (
      <EmptyState title={filtered ? "No device matches these filters" : "No devices yet"}>
        {filtered ? (
          <Link href="/devices" className="text-brand hover:underline">
            Clear the filters
          </Link>
        ) : canManage ? (
          "Add the first router with “Add device”."
        ) : (
          "An admin has not added any router yet."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="devices-table">
        <caption className="sr-only">Devices</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <DeviceSortHeader query={query} sort="name" label="Name" />
            <DeviceSortHeader query={query} sort="status" label="Status" />
            <DeviceSortHeader query={query} sort="site" label="Site" />
            <th scope="col" className="px-3 py-2 font-medium">
              Identity
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Model / board
            </th>
            <DeviceSortHeader query={query} sort="version" label="Version" />
            <th scope="col" className="px-3 py-2 font-medium">
              Uptime
            </th>
            <DeviceSortHeader query={query} sort="lastPoll" label="Last poll" />
            <th scope="col" className="px-3 py-2 font-medium">
              Last error
            </th>
            {canManage && (
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => (
            <tr key={d.id} className={`hover:bg-slate-50 ${d.enabled ? "" : "opacity-60"}`} data-testid="device-row" data-device-id={d.id}>
              <td className="px-3 py-2">
                <Link href={`/devices/${d.id}`} className="font-medium text-brand hover:underline">
                  {d.name}
                </Link>
                {!d.enabled && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-600">disabled</span>}
                <div className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                  <span className="font-mono">{d.apiHost}</span>
                  {d.tags.map((t) => (
                    <span key={t} className="rounded bg-brand-light px-1.5 text-brand-dark">
                      {t}
                    </span>
                  ))}
                </div>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={d.status} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{d.site}</td>
              <td className="px-3 py-2 whitespace-nowrap">{d.identity ?? <span className="text-slate-400">–</span>}</td>
              <td className="px-3 py-2">
                {d.model ?? d.boardName ?? <span className="text-slate-400">–</span>}
                {d.model && d.boardName && d.boardName !== d.model && <div className="text-xs text-slate-500">{d.boardName}</div>}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{d.version ?? <span className="text-slate-400">–</span>}</td>
              <td className="px-3 py-2 whitespace-nowrap font-mono text-xs">
                {d.uptimeSec === null ? <span className="text-slate-400">–</span> : formatRouterOsDuration(d.uptimeSec)}
              </td>
              <td className="px-3 py-2">
                <Time value={d.lastPollAt} relative />
              </td>
              <td className="max-w-56 px-3 py-2">
                {d.lastError ? (
                  <p className="truncate text-xs text-red-700" title={d.lastError}>
                    {d.lastError}
                  </p>
                ) : (
                  <span className="text-slate-400">–</span>
                )}
              </td>
              {canManage && (
                <td className="px-3 py-2 text-right">
                  <Link
                    href={`/devices/${d.id}/edit`}
                    className="text-sm text-slate-600 hover:text-brand hover:underline"
                    aria-label={`Edit ${d.name}`}
                    data-testid="device-edit-link"
                  >
                    Edit
                  </Link>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
