import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertsSubNav } from "@/components/alerts/alerts-sub-nav";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { Skeleton } from "@/components/ui/card";
import { FilterSelect } from "@/components/ui/filter-fields";
import { Pagination } from "@/components/ui/pagination";
import { ALERT_VIEWS, alertFilterSchema } from "@/lib/alerts/queries";
import { SEVERITIES } from "@/lib/alerts/rule-types";
import { getAlertFilterChoices, listAlertsPage, type AlertFilter } from "@/lib/alerts/server";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alerts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const VIEW_LABELS: Record<(typeof ALERT_VIEWS)[number], string> = { open: "Open", firing: "Firing", acknowledged: "Acknowledged", resolved: "Resolved" };

/** The URL of the list with `filter` (empty values left out). */
function hrefOf(filter: AlertFilter): string {
  const params = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === "" ? [] : [[k, String(v)]])));
  const qs = params.toString();
  return qs ? `/alerts?${qs}` : "/alerts";
}

async function Filters({ filter }: { filter: AlertFilter }) {
  const { sites, rules } = await getAlertFilterChoices();
  return (
    <form method="get" action="/alerts" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" data-testid="alert-filters">
      <FilterSelect
        id="f-view"
        label="State"
        name="view"
        value={filter.view}
        any="Open"
        options={ALERT_VIEWS.slice(1).map((v) => ({ value: v, label: VIEW_LABELS[v] }))}
      />
      <FilterSelect id="f-site" label="Site" name="siteId" value={filter.siteId} any="All sites" options={sites.map((s) => ({ value: s.id, label: s.name }))} />
      <FilterSelect id="f-rule" label="Rule" name="ruleId" value={filter.ruleId} any="All rules" options={rules.map((r) => ({ value: r.id, label: r.name }))} />
      <FilterSelect
        id="f-severity"
        label="Severity"
        name="severity"
        value={filter.severity}
        any="Any severity"
        options={SEVERITIES.map((s) => ({ value: s, label: s }))}
      />
      {filter.deviceId && <input type="hidden" name="deviceId" value={filter.deviceId} />}
      <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm">
        Filter
      </button>
    </form>
  );
}

async function AlertList({ filter, canAcknowledge }: { filter: AlertFilter; canAcknowledge: boolean }) {
  const page = await listAlertsPage(filter);
  return (
    <div className="space-y-3">
      <Pagination page={page} hrefFor={(n) => hrefOf({ ...filter, page: n })} />
      <AlertsTable rows={page.rows} canAcknowledge={canAcknowledge} />
    </div>
  );
}

/** /alerts: alerts by state (open, firing, acknowledged, resolved), site, rule, severity and device; operators acknowledge and silence. */
export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePagePermission("alerts.read");
  const raw = await searchParams;
  const filter = alertFilterSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Alerts</h1>
        <p className="text-sm text-slate-500">
          Evaluated by the worker after each poll from what the poller stored. Acknowledging stops repeat notifications; silencing stops all but the resolve
          message.
        </p>
      </div>
      <AlertsSubNav canManage={can(user.role, "alerts.manage")} />
      <Suspense fallback={<Skeleton className="h-16" />}>
        <Filters filter={filter} />
      </Suspense>
      <Suspense key={JSON.stringify(filter)} fallback={<Skeleton className="h-96" />}>
        <AlertList filter={filter} canAcknowledge={can(user.role, "alerts.acknowledge")} />
      </Suspense>
    </div>
  );
}
