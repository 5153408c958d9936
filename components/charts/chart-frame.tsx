"use client";

import type { ReactNode } from "react";
import { EmptyState, ErrorBox, Skeleton } from "@/components/ui/card";

/** Stable e2e hook of a device chart, e.g. `chart-sessions`, `chart-macvlan`, `chart-macsec`, `chart-cpu-load`. */
export type ChartTestId = `chart-${string}`;

/**
 * The container every device chart renders in: loading skeleton, error box, empty state ("no samples
 * yet: the poller writes one every N s") or the chart. Carries `data-testid` and `data-points` (the
 * number of points drawn; 0 while loading or empty) for e2e tests, and `aria-busy` while refetching; an
 * optional caption under the chart says what it shows (`<testId>-resolution`).
 */
export function ChartFrame({
  testId,
  points,
  isPending,
  isFetching,
  error,
  pollIntervalSec,
  emptyTitle = "Nothing to draw in this range",
  toolbar,
  caption,
  children,
}: {
  testId: ChartTestId;
  points: number;
  isPending: boolean;
  isFetching: boolean;
  error: Error | null;
  pollIntervalSec: number;
  emptyTitle?: string;
  toolbar?: ReactNode;
  /** What the chart shows (resolution, bucket width), under the chart while it has points. */
  caption?: string;
  children: ReactNode;
}) {
  let body: ReactNode;
  if (isPending) body = <Skeleton className="h-64" />;
  else if (error && points === 0) body = <ErrorBox title="Could not load the chart">{error.message}</ErrorBox>;
  else if (points === 0)
    body = (
      <EmptyState title={emptyTitle}>
        No samples yet: the poller writes one every {pollIntervalSec} s (rates need two polls). Try a longer range if the device was polled before.
      </EmptyState>
    );
  else body = children;
  return (
    <div data-testid={testId} data-points={points} aria-busy={isFetching} className="space-y-3">
      {toolbar}
      {error && points > 0 && (
        <p role="status" className="text-xs text-amber-700">
          Refresh failed ({error.message}); showing the last data received.
        </p>
      )}
      {body}
      {caption && points > 0 && (
        <p className="text-xs text-slate-500" data-testid={`${testId}-resolution`}>
          {caption}
        </p>
      )}
    </div>
  );
}
