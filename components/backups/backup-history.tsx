import Link from "next/link";
import type { BackupHistoryDto, BackupTriggerDto, BackupVersionDto } from "@/lib/backups/dto";
import { EmptyState } from "@/components/ui/card";
import { formatBytes } from "@/components/ui/format";
import { Pagination } from "@/components/ui/pagination";
import { Time } from "@/components/ui/time";
import type { DiffMode } from "./config-diff";

const TRIGGER_LABEL: Record<BackupTriggerDto, string> = {
  scheduled: "Scheduled",
  on_demand: "On demand",
  before_change: "Before change",
  after_change: "After change",
};

/** The query of the Configuration tab: history page, the two versions compared and the diff's layout. */
export interface ConfigTabQuery {
  page: number;
  from: string | null;
  to: string | null;
  view: DiffMode;
}

/** `?page=&from=&to=&view=` for the tab at `base`, leaving out defaults. */
export function configTabHref(base: string, q: ConfigTabQuery): string {
  const params = new URLSearchParams();
  if (q.page > 1) params.set("page", String(q.page));
  if (q.from) params.set("from", q.from);
  if (q.to) params.set("to", q.to);
  if (q.view !== "unified") params.set("view", q.view);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

function Row({ v, deviceId, base, q, previous }: { v: BackupVersionDto; deviceId: string; base: string; q: ConfigTabQuery; previous: string | null }) {
  const selected = v.id === q.to || v.id === q.from;
  return (
    <tr className={selected ? "bg-sky-50" : ""} data-testid="backup-row">
      <td className="px-3 py-2">
        <Time value={v.takenAt} />
      </td>
      <td className="px-3 py-2">
        {TRIGGER_LABEL[v.trigger]}
        {v.outsideChange && (
          <span
            className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800"
            title="Changed without a change request since the previous version"
          >
            changed outside
          </span>
        )}
        {v.sealed && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">with secrets</span>}
      </td>
      <td className="px-3 py-2">
        {v.changeRequestId ? (
          <Link className="text-brand underline" href={`/changes/${encodeURIComponent(v.changeRequestId)}`}>
            change
          </Link>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        <span className="text-green-700">+{v.linesAdded}</span> <span className="text-red-700">−{v.linesRemoved}</span>
      </td>
      <td className="px-3 py-2 text-right tabular-nums">{formatBytes(v.sizeBytes)}</td>
      <td className="space-x-3 whitespace-nowrap px-3 py-2 text-right">
        {previous && (
          <Link className="text-brand underline" href={configTabHref(base, { ...q, from: previous, to: v.id })} data-testid="backup-compare-previous">
            diff
          </Link>
        )}
        <a className="text-brand underline" href={`/api/devices/${encodeURIComponent(deviceId)}/backups/${encodeURIComponent(v.id)}`} download>
          .rsc
        </a>
      </td>
    </tr>
  );
}

/**
 * The device's stored versions (time in the viewer's zone, UTC on hover; trigger; linked change request; lines
 * added/removed; size), a "diff" link per version against the one before it and its `.rsc` download, paginated.
 * Versions older than the page's last one compare against nothing on this page.
 */
export function BackupHistory({ history, base, q }: { history: BackupHistoryDto; base: string; q: ConfigTabQuery }) {
  if (history.versions.length === 0) {
    return <EmptyState title="No backups yet">The worker backs every device up daily; “Back up now” takes one at once.</EmptyState>;
  }
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="backup-history">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Taken</th>
              <th className="px-3 py-2">Trigger</th>
              <th className="px-3 py-2">Change</th>
              <th className="px-3 py-2">Lines</th>
              <th className="px-3 py-2 text-right">Size</th>
              <th className="px-3 py-2 text-right">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {history.versions.map((v, i) => (
              <Row key={v.id} v={v} deviceId={history.deviceId} base={base} q={q} previous={history.versions[i + 1]?.id ?? null} />
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={history.page} hrefFor={(page) => configTabHref(base, { ...q, page })} />
    </div>
  );
}

/** A GET form choosing the two versions to compare (any two of this page) and the layout; works without JavaScript. */
export function CompareForm({ history, q }: { history: BackupHistoryDto; q: ConfigTabQuery }) {
  if (history.versions.length < 2) return null;
  const option = (v: BackupVersionDto) => (
    <option key={v.id} value={v.id}>
      {`${v.takenAt.slice(0, 16).replace("T", " ")} UTC · ${TRIGGER_LABEL[v.trigger]}`}
    </option>
  );
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm" data-testid="backup-compare-form">
      {q.page > 1 && <input type="hidden" name="page" value={q.page} />}
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">From (older)</span>
        <select name="from" defaultValue={q.from ?? undefined} className="rounded-md border border-slate-300 bg-white px-2 py-1">
          {history.versions.map(option)}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">To (newer)</span>
        <select name="to" defaultValue={q.to ?? undefined} className="rounded-md border border-slate-300 bg-white px-2 py-1">
          {history.versions.map(option)}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Layout</span>
        <select name="view" defaultValue={q.view} className="rounded-md border border-slate-300 bg-white px-2 py-1" data-testid="backup-view-select">
          <option value="unified">Unified</option>
          <option value="split">Side by side</option>
        </select>
      </label>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50">
        Compare
      </button>
    </form>
  );
}
