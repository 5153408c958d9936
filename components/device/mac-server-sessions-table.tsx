"use client";

import { useLiveJson } from "@/components/charts/use-live-json";
import { EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { formatDuration } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import type { MacServerSessionDto } from "@/lib/devices/detail-dto";
import { deviceApi, deviceKeys } from "@/lib/query-keys";
import { Cell, TableShell } from "./table-shell";

/** Live `/tool/mac-server/sessions` table (src-address MAC, interface, uptime, first seen), refreshed every 10 s. */
export function MacServerSessionsTable({ deviceId, initialRows }: { deviceId: string; initialRows: MacServerSessionDto[] }) {
  const q = useLiveJson<MacServerSessionDto[]>(deviceKeys.liveSessions(deviceId), deviceApi.liveSessions(deviceId), initialRows);
  const rows = q.data;
  return (
    <TableShell
      caption="MAC server sessions"
      columns={["Source MAC (src-address)", "Interface", "Uptime", "First seen"]}
      rowCount={rows.length}
      testId="mac-server-sessions-table"
      empty={<EmptyState title="No MAC-Telnet or MAC-Winbox sessions">Nobody is connected over MAC at the last poll.</EmptyState>}
      footer={<LiveStatus updatedAt={q.dataUpdatedAt} error={q.error} note="rows as of the router's last poll" />}
    >
      {rows.map((r) => (
        <tr key={`${r.srcAddress}/${r.interface}`}>
          <Cell mono>{r.srcAddress}</Cell>
          <Cell mono>{r.interface}</Cell>
          <Cell>{formatDuration(r.uptimeSec)}</Cell>
          <Cell>
            <Time value={r.firstSeenAt} />
          </Cell>
        </tr>
      ))}
    </TableShell>
  );
}
