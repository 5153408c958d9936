"use client";

import { Time } from "@/components/ui/time";

/**
 * A small line under a live widget: when its data was last refreshed, or (when the last refresh
 * failed) a warning that the figures are stale, with the reason.
 */
export function LiveStatus({ updatedAt, error }: { updatedAt: number; error: Error | null }) {
  if (error) {
    return (
      <p role="status" className="mt-3 text-xs text-amber-700">
        Live update failed ({error.message}); showing data from <Time value={updatedAt} relative />.
      </p>
    );
  }
  return (
    <p className="mt-3 text-xs text-slate-400">
      Updated <Time value={updatedAt} relative /> · refreshes every 10 s
    </p>
  );
}
