"use client";

import { useSyncExternalStore } from "react";
import { formatLocalTime, formatRelativeTime, formatUtcTime } from "./format";

const subscribe = () => () => {};

/**
 * A timestamp shown in the viewer's time zone, with the UTC time on hover (title) and in `dateTime`.
 * Renders UTC on the server and the local time after hydration (no mismatch warnings).
 * @param value ISO string or ms since epoch (UTC)
 * @param relative also show "3 min ago"
 */
export function Time({ value, relative = false }: { value: string | number | null | undefined; relative?: boolean }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (value === null || value === undefined) return <span className="text-slate-500">never</span>;
  const date = new Date(value);
  const utc = formatUtcTime(date);
  const local = isClient ? formatLocalTime(date) : utc;
  return (
    <time dateTime={date.toISOString()} title={utc} className="whitespace-nowrap">
      {relative && isClient ? formatRelativeTime(date, new Date()) : local}
    </time>
  );
}
