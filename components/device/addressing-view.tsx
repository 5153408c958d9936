"use client";

import { useMemo, useState } from "react";
import { Card, EmptyState } from "@/components/ui/card";
import { formatDuration } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import type { AddressingViewDto, DhcpLeaseDto, DhcpNetworkDto, DhcpServerDto, IpAddressDto } from "@/lib/devices/router-view-dto";
import { RouterViewFrame, useRouterView } from "./router-view";
import { Flag, SortableTable, type Column } from "./sortable-table";
import { matchesSearch } from "./sort-values";

const dash = (v: string | null) => v ?? "–";

const ADDRESS_COLUMNS: Column<IpAddressDto>[] = [
  { label: "Address", cell: (a) => a.address, sortValue: (a) => a.address, mono: true },
  { label: "Network", cell: (a) => dash(a.network), sortValue: (a) => a.network, mono: true },
  { label: "Interface", cell: (a) => a.interface, sortValue: (a) => a.interface, mono: true },
  {
    label: "Flags",
    cell: (a) => (
      <>
        {a.dynamic && <Flag tone="blue">dynamic</Flag>}
        {a.disabled && <Flag>disabled</Flag>}
        {a.invalid && <Flag tone="red">invalid</Flag>}
      </>
    ),
  },
  { label: "Comment", cell: (a) => a.comment ?? "", sortValue: (a) => a.comment },
];

const SERVER_COLUMNS: Column<DhcpServerDto>[] = [
  { label: "Name", cell: (s) => s.name, sortValue: (s) => s.name, mono: true },
  { label: "Interface", cell: (s) => s.interface, sortValue: (s) => s.interface, mono: true },
  { label: "Address pool", cell: (s) => dash(s.addressPool), sortValue: (s) => s.addressPool, mono: true },
  { label: "Lease time", cell: (s) => (s.leaseTimeSec === null ? "–" : formatDuration(s.leaseTimeSec)), sortValue: (s) => s.leaseTimeSec },
  {
    label: "State",
    cell: (s) => (s.invalid ? <Flag tone="red">invalid</Flag> : s.disabled ? <Flag>disabled</Flag> : <Flag tone="green">enabled</Flag>),
  },
];

const NETWORK_COLUMNS: Column<DhcpNetworkDto>[] = [
  { label: "Address", cell: (n) => n.address, sortValue: (n) => n.address, mono: true },
  { label: "Gateway", cell: (n) => dash(n.gateway), sortValue: (n) => n.gateway, mono: true },
  { label: "DNS servers", cell: (n) => (n.dnsServers.length > 0 ? n.dnsServers.join(", ") : "–"), mono: true },
  { label: "Comment", cell: (n) => n.comment ?? "", sortValue: (n) => n.comment },
];

const STATUS_TONE: Record<string, "green" | "amber" | "slate"> = { bound: "green", offered: "amber", busy: "amber" };

const LEASE_COLUMNS: Column<DhcpLeaseDto>[] = [
  { label: "Address", cell: (l) => dash(l.address), sortValue: (l) => l.address, mono: true },
  { label: "MAC address", cell: (l) => dash(l.macAddress), sortValue: (l) => l.macAddress, mono: true },
  { label: "Server", cell: (l) => l.server ?? "all", sortValue: (l) => l.server ?? "all", mono: true },
  {
    label: "Status",
    cell: (l) => (l.disabled ? <Flag>disabled</Flag> : l.status ? <Flag tone={STATUS_TONE[l.status] ?? "slate"}>{l.status}</Flag> : "–"),
    sortValue: (l) => (l.disabled ? "disabled" : l.status),
  },
  { label: "Active address", cell: (l) => dash(l.activeAddress), sortValue: (l) => l.activeAddress, mono: true },
  { label: "Type", cell: (l) => (l.dynamic ? "dynamic" : "static"), sortValue: (l) => (l.dynamic ? "dynamic" : "static") },
  { label: "Host name", cell: (l) => dash(l.hostName), sortValue: (l) => l.hostName },
  {
    label: "Expires",
    cell: (l) => (l.expiresAt ? <Time value={l.expiresAt} relative /> : "–"),
    sortValue: (l) => (l.expiresAt ? Date.parse(l.expiresAt) : null),
  },
  {
    label: "Last seen",
    cell: (l) => (l.lastSeenAt ? <Time value={l.lastSeenAt} relative /> : "never"),
    sortValue: (l) => (l.lastSeenAt ? Date.parse(l.lastSeenAt) : null),
  },
  { label: "Comment", cell: (l) => l.comment ?? "", sortValue: (l) => l.comment },
];

/** Leases drawn at most (after search and sort); a router may hold thousands. */
const LEASE_ROWS_SHOWN = 500;

/** The leases table with a search over MAC, address, active address, host name and comment. */
function LeasesTable({ leases }: { leases: DhcpLeaseDto[] }) {
  const [search, setSearch] = useState("");
  const shown = useMemo(() => leases.filter((l) => matchesSearch(search, [l.address, l.activeAddress, l.macAddress, l.hostName, l.comment])), [leases, search]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <label htmlFor="lease-search" className="block text-xs font-medium text-slate-600">
            Search by MAC, IP or host name
          </label>
          <input
            id="lease-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="AA:BB:CC or 192.168.88.20"
            autoComplete="off"
            className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand"
          />
        </div>
        <p className="text-xs text-slate-500" data-testid="lease-count">
          {shown.length === leases.length ? `${leases.length} leases` : `${shown.length} of ${leases.length} leases`} ·{" "}
          {leases.filter((l) => !l.dynamic).length} static
        </p>
      </div>
      <SortableTable
        caption="DHCP leases"
        columns={LEASE_COLUMNS}
        rows={shown}
        rowKey={(l) => l.id}
        testId="dhcp-leases-table"
        limit={LEASE_ROWS_SHOWN}
        rowClass={(l) => (l.disabled ? "text-slate-500" : "")}
        empty={
          leases.length === 0 ? (
            <EmptyState title="No leases">The router has no /ip/dhcp-server/lease entries.</EmptyState>
          ) : (
            <EmptyState title="No lease matches">Nothing matches “{search.trim()}”.</EmptyState>
          )
        }
      />
    </div>
  );
}

function AddressingCards({ view }: { view: AddressingViewDto }) {
  return (
    <div className="space-y-4">
      <Card title="Addresses (/ip/address)">
        <SortableTable
          caption="IP addresses"
          columns={ADDRESS_COLUMNS}
          rows={view.addresses}
          rowKey={(a) => a.id}
          testId="ip-addresses-table"
          empty={<EmptyState title="No addresses">The router has no /ip/address entries.</EmptyState>}
        />
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="DHCP servers (/ip/dhcp-server)">
          <SortableTable
            caption="DHCP servers"
            columns={SERVER_COLUMNS}
            rows={view.dhcpServers}
            rowKey={(s) => s.id}
            testId="dhcp-servers-table"
            empty={<EmptyState title="No DHCP servers">The router serves no DHCP.</EmptyState>}
          />
        </Card>
        <Card title="DHCP networks (/ip/dhcp-server/network)">
          <SortableTable
            caption="DHCP networks"
            columns={NETWORK_COLUMNS}
            rows={view.dhcpNetworks}
            rowKey={(n) => n.id}
            testId="dhcp-networks-table"
            empty={<EmptyState title="No DHCP networks">No /ip/dhcp-server/network entries.</EmptyState>}
          />
        </Card>
      </div>
      <Card title="DHCP leases (/ip/dhcp-server/lease)">
        <LeasesTable leases={view.leases} />
      </Card>
    </div>
  );
}

/**
 * The IP tab: `/ip/address`, DHCP servers, their networks and leases, read from the router and refreshed every
 * 10 s; the leases are searchable (MAC, IP, host name) and every table sorts by its columns.
 */
export function AddressingView({ deviceId }: { deviceId: string }) {
  const query = useRouterView<AddressingViewDto>(deviceId, "addressing");
  return (
    <RouterViewFrame query={query} what="the addresses and DHCP state" testId="addressing-view">
      {(view) => <AddressingCards view={view} />}
    </RouterViewFrame>
  );
}
