import type { Metadata } from "next";
import { BackUpNowButton, BackupSecretsToggle } from "@/components/backups/backup-actions";
import { BackupHistory, CompareForm, configTabHref, type ConfigTabQuery } from "@/components/backups/backup-history";
import { ConfigDiff } from "@/components/backups/config-diff";
import { BackupScheduleForm } from "@/components/backups/schedule-form";
import { Card, ErrorBox } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getBackupDiff, getDeviceBackupSettings, listDeviceBackups } from "@/lib/backups/server";
import { ExpectedError } from "@/lib/errors";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "Configuration" };

function one(v: string | string[] | undefined): string | null {
  return typeof v === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(v) ? v : null;
}

/**
 * Configuration tab: the device's stored configuration versions (lib/backups), a diff between two of them (by default
 * the newest and the one before; `?from=&to=&view=unified|split`), `.rsc` downloads, "Back up now" for OPERATOR+ and
 * the secrets opt-in and the device's schedule and retention for admins. Needs changes.read (a configuration shows addresses and rules).
 */
export default async function ConfigurationPage(props: DeviceTabProps) {
  const user = await requirePagePermission("changes.read");
  const { id } = await getDeviceTabContext(props);
  const sp = await props.searchParams;
  const requestedPage = Number(one(sp.page) ?? "1");
  const history = await listDeviceBackups(id, Number.isFinite(requestedPage) ? requestedPage : 1);
  if (!history) return <ErrorBox title="Device not found" />;
  const [newest, older] = history.versions;
  const q: ConfigTabQuery = {
    page: history.page.page,
    from: one(sp.from) ?? older?.id ?? null,
    to: one(sp.to) ?? newest?.id ?? null,
    view: sp.view === "split" ? "split" : "unified",
  };
  const base = `/devices/${encodeURIComponent(id)}/configuration`;
  const schedule = can(user.role, "devices.manage") ? await getDeviceBackupSettings(id) : null;
  let diff: Awaited<ReturnType<typeof getBackupDiff>> | null = null;
  let diffError: string | null = null;
  if (q.from && q.to) {
    try {
      diff = await getBackupDiff(id, q.from, q.to);
    } catch (err) {
      if (!(err instanceof ExpectedError)) throw err;
      diffError = err.message;
    }
  }
  return (
    <div className="space-y-4">
      <Card title="Configuration history" actions={can(user.role, "changes.propose") ? <BackUpNowButton deviceId={id} /> : undefined}>
        <div className="space-y-3">
          <p className="text-xs text-slate-500" data-testid="backup-state">
            Last backup: <Time value={history.lastSuccessAt} relative />
            {history.lastError && <span className="ml-2 text-red-700">Last attempt failed: {history.lastError}</span>}
          </p>
          {can(user.role, "devices.manage") && <BackupSecretsToggle deviceId={id} includeSecrets={history.includeSecrets} />}
          <BackupHistory history={history} base={base} q={q} />
        </div>
      </Card>
      {schedule && (
        <Card title="Schedule and retention">
          <div className="space-y-2">
            <p className="text-xs text-slate-500" data-testid="backup-effective-plan">
              Now: {schedule.effective.enabled ? "on" : "off"},{" "}
              {schedule.effective.timeOfDayMin === null
                ? `every ${schedule.effective.intervalHours} h`
                : `daily at ${String(Math.floor(schedule.effective.timeOfDayMin / 60)).padStart(2, "0")}:${String(schedule.effective.timeOfDayMin % 60).padStart(2, "0")} UTC`}
              , the newest {schedule.effective.keepVersions} versions younger than {schedule.effective.keepDays} days. Empty fields use site {schedule.siteName}
              &apos;s settings (the backups page), then the defaults.
            </p>
            <BackupScheduleForm target={{ kind: "device", deviceId: id }} settings={schedule.own} inheritedFrom={`site ${schedule.siteName}`} />
          </div>
        </Card>
      )}
      {history.versions.length > 1 && (
        <Card
          title="Differences"
          actions={
            <a className="text-sm text-brand underline" href={configTabHref(base, { ...q, view: q.view === "split" ? "unified" : "split" })}>
              {q.view === "split" ? "Unified view" : "Side-by-side view"}
            </a>
          }
        >
          <div className="space-y-3">
            <CompareForm history={history} q={q} />
            {diffError && <ErrorBox title="Cannot compare">{diffError}</ErrorBox>}
            {diff && (
              <>
                <p className="text-xs text-slate-500">
                  From <Time value={diff.from.takenAt} /> to <Time value={diff.to.takenAt} />
                </p>
                <ConfigDiff diff={diff} mode={q.view} />
              </>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
