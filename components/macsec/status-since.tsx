"use client";

import { useSyncExternalStore } from "react";
import { formatDuration, formatLocalTime, formatUtcTime } from "@/components/ui/format";

const subscribe = () => () => {};

/**
 * How long a MACsec end had had its status when the page was read ("for 3h 20m", or "for > 2d" when the samples show no
 * other status: the status is at least that old), with the start on hover (the viewer's zone once hydrated, and UTC).
 * Nothing when unknown.
 * @param since ISO UTC of the first sample with the status
 * @param atLeast no older sample had another status
 * @param asOf ISO UTC of the page's read
 */
export function StatusSince({ since, atLeast, asOf }: { since: string | null; atLeast: boolean; asOf: string }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (!since) return null;
  const date = new Date(since);
  const utc = formatUtcTime(date);
  const start = isClient ? `${formatLocalTime(date)} (${utc})` : utc;
  return (
    <span className="text-xs text-slate-500" title={`since ${start}${atLeast ? " or earlier" : ""}`} data-testid="status-since">
      for {atLeast ? "> " : ""}
      {formatDuration((new Date(asOf).getTime() - date.getTime()) / 1000)}
    </span>
  );
}
