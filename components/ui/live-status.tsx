"use client";

import { useSyncExternalStore } from "react";
import { LIVE_REFETCH_MS } from "@/components/charts/use-live-json";
import { Time } from "@/components/ui/time";

const subscribe = () => () => {};

/**
 * The line under a live widget: "Updated 5 s ago · refreshes every 10 s (note)", or, when the last
 * refresh failed, a warning that the figures are stale with the reason. The update time is shown only
 * after hydration, because the server's and the browser's query timestamps may differ.
 * @param updatedAt TanStack `dataUpdatedAt` (ms since epoch, UTC; 0 while there is no data)
 * @param error the last refresh's error, or null
 * @param note what the figures are, appended in brackets (e.g. "rows as of the router's last poll")
 * @param className extra classes (spacing) for the `<p>`
 */
export function LiveStatus({ updatedAt, error, note, className = "" }: { updatedAt: number; error: Error | null; note?: string; className?: string }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const shown = isClient && updatedAt > 0;
  if (error) {
    return (
      <p role="status" className={`text-xs text-amber-700 ${className}`}>
        Live update failed ({error.message});{" "}
        {shown ? (
          <>
            showing data from <Time value={updatedAt} relative />
          </>
        ) : (
          "no data received yet"
        )}
        .
      </p>
    );
  }
  return (
    <p className={`text-xs text-slate-500 ${className}`}>
      {shown && (
        <>
          Updated <Time value={updatedAt} relative /> ·{" "}
        </>
      )}
      refreshes every {LIVE_REFETCH_MS / 1000} s{note ? ` (${note})` : ""}
    </p>
  );
}
