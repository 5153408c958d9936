import type { Metadata } from "next";
import { z } from "zod";
import { OutsideChangeList } from "@/components/backups/outside-change-list";
import { BackupScheduleForm } from "@/components/backups/schedule-form";
import { Card } from "@/components/ui/card";
import { FilterSelect } from "@/components/ui/filter-fields";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listBackupSites, listOutsideChanges, listSiteBackupSettings } from "@/lib/backups/server";
import { DEFAULT_PLAN } from "@/lib/backups/plan";

export const metadata: Metadata = { title: "Backups" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const filterSchema = z.object({
  view: z.enum(["unreviewed", "reviewed"]).catch("unreviewed"),
  siteId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});
type Filter = z.infer<typeof filterSchema>;

function hrefOf(f: Filter): string {
  const params = new URLSearchParams();
  if (f.view !== "unreviewed") params.set("view", f.view);
  if (f.siteId) params.set("siteId", f.siteId);
  if (f.page > 1) params.set("page", String(f.page));
  const qs = params.toString();
  return qs ? `/backups?${qs}` : "/backups";
}

/**
 * /backups (changes.read): routers whose configuration changed outside the product (their newest stored version
 * differs with no change request in between, lib/backups/outside.ts), with the diff, by site, paged; admins review
 * them (changes.approve) and set each site's backup schedule and retention (devices.manage).
 */
export default async function BackupsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePagePermission("changes.read");
  const raw = await searchParams;
  const filter = filterSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [sites, page] = await Promise.all([listBackupSites(), listOutsideChanges(filter)]);
  const siteSettings = can(user.role, "devices.manage") ? await listSiteBackupSettings() : null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Configuration changed outside the product</h1>
        <p className="text-sm text-slate-500">
          Routers whose newest configuration backup differs from the one before without a change request in between (a change made by hand). Review one once it
          is accounted for.
        </p>
      </div>
      <form
        method="get"
        action="/backups"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
        data-testid="outside-filters"
      >
        <FilterSelect
          id="f-view"
          label="View"
          name="view"
          value={filter.view === "reviewed" ? "reviewed" : ""}
          any="Unreviewed"
          options={[{ value: "reviewed", label: "Reviewed" }]}
        />
        <FilterSelect
          id="f-site"
          label="Site"
          name="siteId"
          value={filter.siteId}
          any="All sites"
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
        />
        <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white shadow-sm">
          Filter
        </button>
      </form>
      <div className="space-y-3">
        <Pagination page={page.page} hrefFor={(n) => hrefOf({ ...filter, page: n })} />
        <OutsideChangeList items={page.items} view={page.view} canReview={can(user.role, "changes.approve")} />
      </div>
      {siteSettings && (
        <Card title="Backup schedule and retention per site">
          <div className="space-y-4">
            <p className="text-xs text-slate-500">
              Empty fields use the defaults: on, every {DEFAULT_PLAN.intervalHours} h at any time, the newest {DEFAULT_PLAN.keepVersions} versions younger than{" "}
              {DEFAULT_PLAN.keepDays} days. A device&apos;s own settings (its Configuration tab) win.
            </p>
            {siteSettings.length === 0 && <p className="text-sm text-slate-500">No site yet.</p>}
            {siteSettings.map((s) => (
              <section
                key={s.siteId}
                aria-label={`Backups of site ${s.siteName}`}
                className="space-y-1 border-t border-slate-100 pt-3"
                data-testid="site-schedule"
              >
                <h3 className="text-sm font-semibold text-slate-800">
                  {s.siteName} <span className="font-normal text-slate-500">· {s.devices} devices</span>
                </h3>
                <BackupScheduleForm target={{ kind: "site", siteId: s.siteId }} settings={s.settings} inheritedFrom="the defaults" />
              </section>
            ))}
          </div>
        </Card>
      )}
    </div>
  );
}
