import Link from "next/link";
import type { ChangeHistoryEvent } from "@/lib/changes/dto";

/** What a `change.backup` event holds (lib/backups/change-hook.ts). */
interface BackupEvent {
  deviceId: string;
  deviceName: string;
  phase: "before_change" | "after_change";
  status: "stored" | "unchanged" | "failed";
  backupId: string | null;
  error: string | null;
}

function asBackupEvent(e: ChangeHistoryEvent): BackupEvent | null {
  if (e.action !== "change.backup" || !e.after || typeof e.after !== "object" || Array.isArray(e.after)) return null;
  const a = e.after as Record<string, unknown>;
  if (typeof a.deviceId !== "string" || typeof a.deviceName !== "string" || (a.phase !== "before_change" && a.phase !== "after_change")) return null;
  return {
    deviceId: a.deviceId,
    deviceName: a.deviceName,
    phase: a.phase,
    status: a.status === "stored" || a.status === "unchanged" ? a.status : "failed",
    backupId: typeof a.backupId === "string" ? a.backupId : null,
    error: typeof a.error === "string" ? a.error : null,
  };
}

/**
 * The configuration backups taken just before and after the request was applied, per router, from its
 * `change.backup` history events: each version's `.rsc` download and the diff between them on the device's
 * Configuration tab; a failed backup shows its error. Nothing when the request has none (not applied yet).
 */
export function ChangeBackupLinks({ events }: { events: ChangeHistoryEvent[] }) {
  const byDevice = new Map<string, { name: string; before?: BackupEvent; after?: BackupEvent }>();
  for (const e of events) {
    const b = asBackupEvent(e);
    if (!b) continue;
    const entry = byDevice.get(b.deviceId) ?? { name: b.deviceName };
    entry[b.phase === "before_change" ? "before" : "after"] = b;
    byDevice.set(b.deviceId, entry);
  }
  if (byDevice.size === 0) return null;
  const tab = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}/configuration`;
  const version = (deviceId: string, b: BackupEvent | undefined, label: string) => {
    if (!b) return <span className="text-slate-500">{label}: none</span>;
    if (!b.backupId)
      return (
        <span className="text-red-700" data-testid="change-backup-failed">
          {label}: failed ({b.error ?? "unknown error"})
        </span>
      );
    return (
      <a
        className="text-brand underline"
        href={`/api/devices/${encodeURIComponent(deviceId)}/backups/${encodeURIComponent(b.backupId)}`}
        download
        data-testid={`change-backup-${b.phase}`}
      >
        {label} (.rsc{b.status === "unchanged" ? ", same as the version before" : ""})
      </a>
    );
  };
  return (
    <ul className="space-y-1 text-sm" data-testid="change-backups">
      {[...byDevice].map(([deviceId, d]) => (
        <li key={deviceId} className="flex flex-wrap items-baseline gap-x-3">
          <span className="font-medium text-slate-800">{d.name}</span>
          {version(deviceId, d.before, "Before")}
          {version(deviceId, d.after, "After")}
          {d.before?.backupId && d.after?.backupId && d.before.backupId !== d.after.backupId && (
            <Link
              className="text-brand underline"
              href={`${tab(deviceId)}?from=${encodeURIComponent(d.before.backupId)}&to=${encodeURIComponent(d.after.backupId)}`}
              data-testid="change-backup-diff"
            >
              Diff
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
