"use client";

import { useMemo, useState } from "react";
import { Card, EmptyState } from "@/components/ui/card";
import { formatBytes } from "@/components/ui/format";
import type { FirewallRuleDto, FirewallViewDto } from "@/lib/devices/router-view-dto";
import { RouterViewFrame, useRouterView } from "./router-view";
import { Flag, SortableTable, type Column } from "./sortable-table";

const COUNT_PREFIXES = ["", "k", "M", "G", "T", "P"] as const;

/** A packet count with an SI prefix: 999 → "999", 1234 → "1.23 k", 12_345_678 → "12.3 M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const exp = Math.abs(n) < 1000 ? 0 : Math.min(COUNT_PREFIXES.length - 1, Math.floor(Math.log10(Math.abs(n)) / 3));
  const v = n / 1000 ** exp;
  const digits = exp === 0 ? 0 : Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return exp === 0 ? String(n) : `${v.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: false })} ${COUNT_PREFIXES[exp]}`;
}

const exact = (n: number) => n.toLocaleString("en-US");

const ACTION_TONE: Record<string, "green" | "red" | "amber" | "blue" | "slate"> = {
  accept: "green",
  drop: "red",
  reject: "red",
  tarpit: "red",
  jump: "blue",
  return: "blue",
  masquerade: "amber",
  "src-nat": "amber",
  "dst-nat": "amber",
  netmap: "amber",
};

const COLUMNS: Column<FirewallRuleDto>[] = [
  { label: "#", cell: (r) => r.position, sortValue: (r) => r.position },
  { label: "Chain", cell: (r) => r.chain, sortValue: (r) => r.chain, mono: true },
  {
    label: "Action",
    cell: (r) => (
      <>
        <Flag tone={ACTION_TONE[r.action] ?? "slate"}>{r.action}</Flag>
        {r.targets.length > 0 && <span className="font-mono text-xs text-slate-600">{r.targets.join(" ")}</span>}
      </>
    ),
    sortValue: (r) => r.action,
  },
  {
    label: "Matchers",
    cell: (r) =>
      r.matchers.length === 0 ? (
        <span className="text-slate-500">every packet</span>
      ) : (
        <span className="whitespace-normal font-mono text-xs">{r.matchers.join(" ")}</span>
      ),
  },
  {
    label: "Packets",
    cell: (r) => (
      <span title={`${exact(r.packets)} packets`} data-testid="rule-packets">
        {formatCount(r.packets)}
      </span>
    ),
    sortValue: (r) => r.packets,
  },
  {
    label: "Bytes",
    cell: (r) => (
      <span title={`${exact(r.bytes)} bytes`} data-testid="rule-bytes">
        {formatBytes(r.bytes)}
      </span>
    ),
    sortValue: (r) => r.bytes,
  },
  {
    label: "Flags",
    cell: (r) => (
      <>
        {r.disabled && <Flag>disabled</Flag>}
        {r.dynamic && <Flag tone="blue">dynamic</Flag>}
        {r.invalid && <Flag tone="red">invalid</Flag>}
        {r.log && <Flag>log</Flag>}
      </>
    ),
  },
  { label: "Comment", cell: (r) => r.comment ?? "", sortValue: (r) => r.comment },
];

/** One firewall table with a chain picker ("every chain" or one chain, rules keep their `#`). */
function RulesTable({ table, rules }: { table: "filter" | "nat"; rules: FirewallRuleDto[] }) {
  const chains = useMemo(() => [...new Set(rules.map((r) => r.chain))], [rules]);
  const [chain, setChain] = useState("");
  const shown = useMemo(() => (chain === "" ? rules : rules.filter((r) => r.chain === chain)), [rules, chain]);
  const id = `firewall-${table}-chain`;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={id} className="block text-xs font-medium text-slate-600">
            Chain
          </label>
          <select
            id={id}
            value={chain}
            onChange={(e) => setChain(e.target.value)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand"
          >
            <option value="">every chain ({rules.length} rules)</option>
            {chains.map((c) => (
              <option key={c} value={c}>
                {c} ({rules.filter((r) => r.chain === c).length})
              </option>
            ))}
          </select>
        </div>
        <p className="text-xs text-slate-500">RouterOS evaluates the rules of a chain from the lowest # down; counters count since boot or reset.</p>
      </div>
      <SortableTable
        caption={`/ip/firewall/${table} rules`}
        columns={COLUMNS}
        rows={shown}
        rowKey={(r) => r.id}
        testId={`firewall-${table}-table`}
        rowClass={(r) => (r.disabled ? "text-slate-500" : "")}
        empty={<EmptyState title="No rules">{chain ? `No rule in chain ${chain}.` : `The router has no /ip/firewall/${table} rules.`}</EmptyState>}
      />
    </div>
  );
}

/**
 * The Firewall tab: `/ip/firewall/filter` and `/ip/firewall/nat` rules in RouterOS order (`#`), with their
 * matchers, packet and byte counters (human units, exact on hover), filterable by chain, read from the router
 * and refreshed every 10 s.
 */
export function FirewallView({ deviceId }: { deviceId: string }) {
  const query = useRouterView<FirewallViewDto>(deviceId, "firewall");
  return (
    <RouterViewFrame query={query} what="the firewall rules" testId="firewall-view">
      {(view) => (
        <div className="space-y-4">
          <Card title="Filter rules (/ip/firewall/filter)">
            <RulesTable table="filter" rules={view.filter} />
          </Card>
          <Card title="NAT rules (/ip/firewall/nat)">
            <RulesTable table="nat" rules={view.nat} />
          </Card>
        </div>
      )}
    </RouterViewFrame>
  );
}
