"use client";

import { useLiveJson } from "@/components/charts/use-live-json";
import { EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { shortenHex } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import type { MacsecTableDto } from "@/lib/devices/detail-dto";
import { deviceApi, deviceKeys } from "@/lib/query-keys";
import { CopyButton } from "./copy-button";
import { LinkState } from "./macvlan-table";
import { Cell, TableShell } from "./table-shell";

/**
 * Live `/interface/macsec` table (name, parent, status badge, profile, CKN shortened with a copy
 * button, MTU, running/disabled), refreshed every 10 s. The CAK is never sent to the browser.
 */
export function MacsecTable({ deviceId, initial }: { deviceId: string; initial: MacsecTableDto }) {
  const q = useLiveJson<MacsecTableDto>(deviceKeys.liveMacsec(deviceId), deviceApi.liveMacsec(deviceId), initial);
  const rows = q.data.rows;
  return (
    <TableShell
      caption="MACsec interfaces"
      columns={["Name", "Parent", "Status", "Profile", "CKN", "MTU", "State"]}
      rowCount={rows.length}
      testId="macsec-table"
      empty={<EmptyState title="No MACsec interfaces">The router has no /interface/macsec entries.</EmptyState>}
      footer={<LiveStatus updatedAt={q.dataUpdatedAt} error={q.error} note="rows as of the router's last poll" />}
    >
      {rows.map((r) => (
        <tr key={r.name}>
          <Cell mono>{r.name}</Cell>
          <Cell mono>{r.parent}</Cell>
          <Cell>
            <StatusBadge status={r.status} />
          </Cell>
          <Cell>{r.profile ?? "–"}</Cell>
          <Cell mono>
            {r.ckn ? (
              <span className="inline-flex items-center gap-2">
                <span title={r.ckn}>{shortenHex(r.ckn)}</span>
                <CopyButton value={r.ckn} label={`CKN of ${r.name}`} />
              </span>
            ) : (
              "–"
            )}
          </Cell>
          <Cell>{r.mtu ?? "–"}</Cell>
          <Cell>
            <LinkState running={r.running} disabled={r.disabled} />
          </Cell>
        </tr>
      ))}
    </TableShell>
  );
}
