"use client";

import Link from "next/link";
import { useLiveJson } from "@/components/charts/use-live-json";
import { EmptyState } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import { shortenHex } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import type { MacsecTableDto } from "@/lib/devices/detail-dto";
import type { MacsecFarEndDto } from "@/lib/macsec/link-types";
import { deviceApi, deviceKeys } from "@/lib/query-keys";
import { CopyButton } from "./copy-button";
import { LinkState } from "./macvlan-table";
import { Cell, TableShell } from "./table-shell";

/**
 * The far end of a link (the fleet's other interface with the same CKN): its router (to its MACsec tab), interface and
 * status; or that it is not in the inventory; or that the CKN is on more than two interfaces.
 */
function FarEnd({ farEnd }: { farEnd: MacsecFarEndDto }) {
  if (farEnd.kind === "far-end-missing") return <span className="text-slate-500">not in inventory</span>;
  if (farEnd.kind === "conflict") return <span className="font-medium text-red-700">CKN conflict: {farEnd.interfaces} interfaces</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-secured={farEnd.secured}>
      <Link href={`/devices/${encodeURIComponent(farEnd.deviceId)}/macsec`} className="font-medium text-brand hover:underline">
        {farEnd.router}
      </Link>
      <span className="font-mono text-xs">{farEnd.name}</span>
      <StatusBadge status={farEnd.status} />
      {!farEnd.secured && farEnd.status === "open-encrypted" && <span className="text-xs text-slate-500">(router not up)</span>}
    </span>
  );
}

/**
 * Live `/interface/macsec` table (name, parent, status badge, profile, CKN shortened with a copy
 * button, MTU, running/disabled, far end), refreshed every 10 s. The CAK is never sent to the browser.
 */
export function MacsecTable({ deviceId, initial }: { deviceId: string; initial: MacsecTableDto }) {
  const q = useLiveJson<MacsecTableDto>(deviceKeys.liveMacsec(deviceId), deviceApi.liveMacsec(deviceId), initial);
  const rows = q.data.rows;
  return (
    <TableShell
      caption="MACsec interfaces"
      columns={["Name", "Parent", "Status", "Profile", "CKN", "MTU", "State", "Far end"]}
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
          <Cell>
            <FarEnd farEnd={r.farEnd} />
          </Cell>
        </tr>
      ))}
    </TableShell>
  );
}
