"use client";

import { EmptyState } from "@/components/ui/card";
import type { InterfaceListDto, InterfaceListsViewDto, MacServerReachDto } from "@/lib/devices/router-view-dto";
import { RouterViewFrame, useRouterView } from "./router-view";
import { Flag, SortableTable, type Column } from "./sortable-table";

const SERVICE_LABEL = { "mac-telnet": "MAC-Telnet", "mac-winbox": "MAC-Winbox" } as const;

function reachText(r: MacServerReachDto): string {
  switch (r.kind) {
    case "all":
      return "every interface (allowed-interface-list=all)";
    case "none":
      return "no interface (allowed-interface-list=none)";
    case "builtin":
      return `every ${r.allowedInterfaceList} interface (built-in list)`;
    case "missing":
      return `no interface: list ${r.allowedInterfaceList} does not exist`;
    case "members":
      return r.interfaces.length > 0 ? r.interfaces.join(", ") : `no interface: list ${r.allowedInterfaceList} has no enabled member`;
  }
}

const COLUMNS: Column<InterfaceListDto>[] = [
  {
    label: "List",
    cell: (l) => (
      <>
        <span className="mr-2 font-mono text-xs">{l.name}</span>
        {l.builtin && <Flag>builtin</Flag>}
        {l.dynamic && <Flag tone="blue">dynamic</Flag>}
        {l.usedBy.map((s) => (
          <Flag key={s} tone="green">
            {SERVICE_LABEL[s]}
          </Flag>
        ))}
      </>
    ),
    sortValue: (l) => l.name,
  },
  {
    label: "Members",
    cell: (l) =>
      l.members.length === 0 ? (
        <span className="text-slate-500">{l.builtin ? "implicit" : "none"}</span>
      ) : (
        <span className="whitespace-normal font-mono text-xs">
          {l.members.map((m) => (
            <span
              key={m.id}
              className={`mr-2 ${m.disabled ? "text-slate-500 line-through" : ""}`}
              title={m.disabled ? "disabled member" : m.dynamic ? "dynamic member" : undefined}
            >
              {m.interface}
            </span>
          ))}
        </span>
      ),
    sortValue: (l) => l.members.length,
  },
  { label: "Include", cell: (l) => (l.include.length > 0 ? l.include.join(", ") : "–"), mono: true },
  { label: "Exclude", cell: (l) => (l.exclude.length > 0 ? l.exclude.join(", ") : "–"), mono: true },
  { label: "Comment", cell: (l) => l.comment ?? "", sortValue: (l) => l.comment },
];

/**
 * The MAC server tab's interface lists: where MAC-Telnet and MAC-Winbox answer (their `allowed-interface-list`
 * resolved to interfaces), then every `/interface/list` with its `/interface/list/member` rows, the lists the
 * services use marked; read from the router and refreshed every 10 s.
 */
export function InterfaceListsView({ deviceId }: { deviceId: string }) {
  const query = useRouterView<InterfaceListsViewDto>(deviceId, "interface-lists");
  return (
    <RouterViewFrame query={query} what="the interface lists" testId="interface-lists-view">
      {(view) => (
        <div className="space-y-3">
          <dl className="grid gap-1 text-sm sm:grid-cols-[10rem_1fr]" data-testid="mac-server-reach">
            {view.reach.map((r) => (
              <div key={r.service} className="contents">
                <dt className="font-medium text-slate-600">{SERVICE_LABEL[r.service]} answers on</dt>
                <dd className={r.kind === "members" ? "font-mono text-xs leading-5" : ""} data-testid={`reach-${r.service}`}>
                  {reachText(r)}
                </dd>
              </div>
            ))}
          </dl>
          <SortableTable
            caption="Interface lists and their members"
            columns={COLUMNS}
            rows={view.lists}
            rowKey={(l) => l.id}
            testId="interface-lists-table"
            empty={<EmptyState title="No interface lists">The router has no /interface/list entries.</EmptyState>}
          />
        </div>
      )}
    </RouterViewFrame>
  );
}
