"use client";

import { useSyncExternalStore } from "react";
import { Time } from "@/components/ui/time";

const subscribe = () => () => {};

/**
 * "Updated <time> · refreshes every 10 s" under a live table, or the refresh error. The update time
 * is shown only after hydration: the server's and the browser's query timestamps differ.
 */
export function LiveFooter({ updatedAt, error }: { updatedAt: number; error: Error | null }) {
  const isClient = useSyncExternalStore(subscribe, () => true, () => false);
  if (error) return <span className="text-amber-700">Refresh failed: {error.message} Showing the last rows received.</span>;
  return (
    <span>
      {isClient && updatedAt > 0 && (
        <>
          Updated <Time value={updatedAt} relative /> ·{" "}
        </>
      )}
      refreshes every 10 s (rows as of the router&apos;s last poll)
    </span>
  );
}
