"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { RANGES, type RangeKey } from "@/lib/metrics/ranges";
import { ChartFrame } from "./chart-frame";
import { expectedStepSec, withGaps } from "./gaps";
import { SeriesTooltip } from "./series-tooltip";
import { timeDomain, timeXAxisProps } from "./time-axis";
import { useSeries } from "./use-series";

const formatSessions = (v: number) => `${v.toLocaleString("en-US", { maximumFractionDigits: 1 })} sessions`;

/**
 * Number of `/tool/mac-server/sessions` over `range` (metric `mac-server-sessions` through useSeries),
 * refreshed every 10 s. Y axis: sessions (bucket averages, so fractions appear on long ranges). Stretches
 * without samples (longer than twice the bucket width or poll interval) are drawn as gaps.
 */
export function SessionsChart({ deviceId, range, pollIntervalSec }: { deviceId: string; range: RangeKey; pollIntervalSec: number }) {
  const q = useSeries(deviceId, "mac-server-sessions", range);
  const points = q.data?.series[0]?.points ?? [];
  const rangeSec = RANGES[range];
  const domain = timeDomain(rangeSec, q.dataUpdatedAt);
  const drawn = withGaps(points, expectedStepSec(q.data?.resolutionSec ?? pollIntervalSec, pollIntervalSec));
  return (
    <ChartFrame
      testId="chart-sessions"
      points={points.length}
      isPending={q.isPending}
      isFetching={q.isFetching}
      error={q.error}
      pollIntervalSec={pollIntervalSec}
    >
      <ResponsiveContainer width="100%" height={260}>
        <AreaChart data={drawn} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis {...timeXAxisProps(rangeSec, domain)} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={56} label={{ value: "sessions", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip filterNull={false} content={(p) => <SeriesTooltip active={p.active} payload={p.payload} label={p.label} formatValue={formatSessions} />} />
          <Area type="stepAfter" dataKey="sessions" name="MAC server sessions" stroke="#0f6fbf" fill="#e6f1fb" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
