"use client";

import { useLiveJson } from "@/components/charts/use-live-json";
import { EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import type { MacvlanDto } from "@/lib/devices/detail-dto";
import { deviceApi, deviceKeys } from "@/lib/query-keys";
import { Cell, TableShell } from "./table-shell";

/** The running/disabled flags of an interface as a coloured pill. */
export function LinkState({ running, disabled }: { running: boolean; disabled: boolean }) {
  if (disabled) return <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">disabled</span>;
  return running ? (
    <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800">running</span>
  ) : (
    <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">not running</span>
  );
}

/** Live `/interface/macvlan` table (name, parent, mode, MAC, MTU, running/disabled), refreshed every 10 s. */
export function MacvlanTable({ deviceId, initialRows }: { deviceId: string; initialRows: MacvlanDto[] }) {
  const q = useLiveJson<MacvlanDto[]>(deviceKeys.liveMacvlans(deviceId), deviceApi.liveMacvlans(deviceId), initialRows);
  const rows = q.data;
  return (
    <TableShell
      caption="MACVLAN interfaces"
      columns={["Name", "Parent", "Mode", "MAC address", "MTU", "State", "Comment"]}
      rowCount={rows.length}
      testId="macvlan-table"
      empty={<EmptyState title="No MACVLAN interfaces">The router has no /interface/macvlan entries (MACVLAN exists from RouterOS 7.12).</EmptyState>}
      footer={<LiveStatus updatedAt={q.dataUpdatedAt} error={q.error} note="rows as of the router's last poll" />}
    >
      {rows.map((r) => (
        <tr key={r.name}>
          <Cell mono>{r.name}</Cell>
          <Cell mono>{r.parent}</Cell>
          <Cell>{r.mode}</Cell>
          <Cell mono>{r.macAddress ?? "–"}</Cell>
          <Cell>{r.mtu ?? "–"}</Cell>
          <Cell>
            <LinkState running={r.running} disabled={r.disabled} />
          </Cell>
          <Cell>{r.comment ?? ""}</Cell>
        </tr>
      ))}
    </TableShell>
  );
}
