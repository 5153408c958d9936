import Link from "next/link";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { OutsideChangeDto } from "@/lib/backups/dto";
import { ConfigDiff } from "./config-diff";
import { ReviewOutsideChangeForm } from "./review-form";

/**
 * The fleet's outside changes: per item the device (link to its Configuration tab with the diff), its site, when the
 * change was read, lines +/−, the unified diff from the version before (secrets masked) and, unreviewed, the admins'
 * Review form; reviewed, who reviewed it, when, and the note.
 */
export function OutsideChangeList({ items, view, canReview }: { items: OutsideChangeDto[]; view: "unreviewed" | "reviewed"; canReview: boolean }) {
  if (items.length === 0)
    return (
      <EmptyState title={view === "unreviewed" ? "No unreviewed outside changes" : "No reviewed outside changes"}>
        {view === "unreviewed" ? "Every router's newest configuration matches what the product applied, or was reviewed." : "Nothing was reviewed yet."}
      </EmptyState>
    );
  return (
    <ul className="space-y-4" data-testid="outside-changes">
      {items.map((o) => {
        const tab = `/devices/${encodeURIComponent(o.deviceId)}/configuration`;
        const href = o.previousId ? `${tab}?from=${encodeURIComponent(o.previousId)}&to=${encodeURIComponent(o.version.id)}` : tab;
        return (
          <li key={o.version.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="outside-change" data-device={o.deviceName}>
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
              <Link href={href} className="font-semibold text-brand underline">
                {o.deviceName}
              </Link>
              <span className="text-slate-500">{o.siteName}</span>
              <span className="text-slate-600">
                read <Time value={o.version.takenAt} />
              </span>
              <span className="font-mono text-xs">
                <span className="text-green-800">+{o.version.linesAdded}</span> <span className="text-red-800">−{o.version.linesRemoved}</span>
              </span>
              {o.reviewedAt && (
                <span className="text-slate-600" data-testid="reviewed-by">
                  reviewed by {o.reviewedBy} <Time value={o.reviewedAt} />
                  {o.reviewNote && <span className="ml-1 italic">“{o.reviewNote}”</span>}
                </span>
              )}
            </div>
            {o.previousId ? (
              <ConfigDiff diff={o} mode="unified" />
            ) : (
              <p className="text-xs text-slate-500">The version before it is no longer kept (retention): no diff.</p>
            )}
            {view === "unreviewed" && canReview && <ReviewOutsideChangeForm backupId={o.version.id} deviceName={o.deviceName} />}
          </li>
        );
      })}
    </ul>
  );
}
