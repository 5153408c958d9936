import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import type { DeviceHeaderDto } from "@/lib/devices/detail-dto";

const LINK = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50";

/**
 * Header of the device page: name, identity, status, site, REST host, RouterOS version, last poll
 * (relative, UTC on hover), an Edit link when `canEdit` (the viewer holds `devices.manage`) and a
 * "Propose change" link (to /changes/new for this device) when `canPropose` (`changes.propose`).
 */
export function DeviceHeader({ device, canEdit, canPropose }: { device: DeviceHeaderDto; canEdit: boolean; canPropose: boolean }) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-4" data-testid="device-header">
      <div className="min-w-0 space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/devices" className="hover:underline">
            Devices
          </Link>{" "}
          / {device.name}
        </nav>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="truncate text-xl font-semibold text-slate-900">{device.name}</h1>
          <StatusBadge status={device.status} />
          {!device.enabled && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">polling disabled</span>}
        </div>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-600">
          <div className="flex gap-1">
            <dt>Identity</dt>
            <dd className="font-medium text-slate-800">{device.identity ?? "–"}</dd>
          </div>
          <div className="flex gap-1">
            <dt>Site</dt>
            <dd className="font-medium text-slate-800">{device.siteName}</dd>
          </div>
          <div className="flex gap-1">
            <dt>API</dt>
            <dd className="font-mono text-slate-800">{device.apiHost}</dd>
          </div>
          <div className="flex gap-1">
            <dt>RouterOS</dt>
            <dd className="font-medium text-slate-800">{device.version ?? "–"}</dd>
          </div>
          <div className="flex gap-1">
            <dt>Last poll</dt>
            <dd className="font-medium text-slate-800">
              <Time value={device.lastPollAt} relative />
            </dd>
          </div>
        </dl>
      </div>
      <div className="flex gap-2">
        {canPropose && (
          <Link href={`/changes/new?device=${encodeURIComponent(device.id)}`} className={LINK} data-testid="device-propose-link">
            Propose change
          </Link>
        )}
        {canEdit && (
          <Link href={`/devices/${encodeURIComponent(device.id)}/edit`} className={LINK} data-testid="device-edit-link">
            Edit
          </Link>
        )}
      </div>
    </header>
  );
}
