"use client";

import { Time } from "@/components/ui/time";

/** "Updated <time> · refreshes every 10 s" under a live table, or the refresh error. */
export function LiveFooter({ updatedAt, error }: { updatedAt: number; error: Error | null }) {
  if (error) return <span className="text-amber-700">Refresh failed: {error.message} Showing the last rows received.</span>;
  return (
    <span>
      Updated {updatedAt > 0 ? <Time value={updatedAt} relative /> : "—"} · refreshes every 10 s (rows as of the router&apos;s last poll)
    </span>
  );
}
