"use client";

import dynamic from "next/dynamic";
import type { MetricChart } from "./metric-chart";
import { Skeleton } from "@/components/ui/card";

/**
 * The device charts, loaded after the page is interactive: Recharts (about 120 KB of compressed JavaScript)
 * is fetched only by the pages that draw a chart, once the chart mounts, instead of being part of the
 * route's first-load JavaScript (bench/bundles.ts). Nothing is lost by not rendering them on the server:
 * a chart reads its series in the browser (useSeries), so its server render was already the loading
 * skeleton. While the chunk loads, the same skeleton (same height, `role="status"`) holds the place, so
 * nothing moves when the chart takes over; the chart then renders its own frame with its `data-testid`.
 */
function ChartLoading() {
  return (
    <div className="space-y-3">
      <Skeleton className="h-64" />
    </div>
  );
}

/**
 * MetricChart (./metric-chart.tsx), loaded on mount; same props. next/dynamic types its result with the props of
 * one instantiation, so the generic signature (fields checked against the metric) is restored by the cast.
 */
export const LazyMetricChart = dynamic(() => import("./metric-chart").then((m) => m.MetricChart), {
  ssr: false,
  loading: ChartLoading,
}) as unknown as typeof MetricChart;

/** SessionsChart (./sessions-chart.tsx), loaded on mount; same props. */
export const LazySessionsChart = dynamic(() => import("./sessions-chart").then((m) => m.SessionsChart), { ssr: false, loading: ChartLoading });

/** MacsecChart (./macsec-chart.tsx), loaded on mount; same props. */
export const LazyMacsecChart = dynamic(() => import("./macsec-chart").then((m) => m.MacsecChart), { ssr: false, loading: ChartLoading });
