"use client";

import { EmptyState } from "@/components/ui/card";
import type { MacvlanParentDto, MacvlanParentsViewDto } from "@/lib/devices/router-view-dto";
import { LinkState } from "./macvlan-table";
import { RouterViewFrame, useRouterView } from "./router-view";
import { SortableTable, type Column } from "./sortable-table";

function mtuText(p: MacvlanParentDto): string {
  if (p.mtu === null) return "–";
  return p.actualMtu !== null && String(p.actualMtu) !== p.mtu ? `${p.mtu} (${p.actualMtu})` : p.mtu;
}

const COLUMNS: Column<MacvlanParentDto>[] = [
  { label: "Parent", cell: (p) => p.name, sortValue: (p) => p.name, mono: true },
  { label: "Type", cell: (p) => p.type ?? <span className="text-red-700">not in /interface</span>, sortValue: (p) => p.type },
  { label: "State", cell: (p) => (p.type === null ? "–" : <LinkState running={p.running} disabled={p.disabled} />) },
  { label: "MTU", cell: mtuText, sortValue: (p) => p.actualMtu },
  { label: "L2 MTU", cell: (p) => p.l2mtu ?? "–", sortValue: (p) => p.l2mtu },
  { label: "MAC address", cell: (p) => p.macAddress ?? "–", mono: true },
  { label: "MACVLANs on it", cell: (p) => p.macvlans.join(", "), sortValue: (p) => p.macvlans.length, mono: true },
];

/**
 * The MACVLAN tab's parent interfaces: for each parent of an `/interface/macvlan`, its `/interface` type, running
 * state and MTU (a MACVLAN's MTU cannot exceed its parent's), read from the router and refreshed every 10 s.
 */
export function MacvlanParentsView({ deviceId }: { deviceId: string }) {
  const query = useRouterView<MacvlanParentsViewDto>(deviceId, "macvlan-parents");
  return (
    <RouterViewFrame query={query} what="the parent interfaces" testId="macvlan-parents-view">
      {(view) => (
        <SortableTable
          caption="Parent interfaces of the MACVLANs"
          columns={COLUMNS}
          rows={view.parents}
          rowKey={(p) => p.name}
          testId="macvlan-parents-table"
          empty={
            <EmptyState title={view.supported ? "No MACVLAN interfaces" : "MACVLAN needs RouterOS 7.12"}>
              {view.supported ? "No /interface/macvlan entry, so no parent." : "This router's RouterOS has no /interface/macvlan."}
            </EmptyState>
          }
        />
      )}
    </RouterViewFrame>
  );
}
