"use client";

import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bitRateScale, formatBitRate } from "@/components/ui/format";
import { RANGE_SECONDS } from "@/components/ui/range";
import type { TrafficSeries } from "@/lib/data/device-dto";
import type { RangeKey } from "@/lib/metrics/query";
import { deviceApi, deviceKeys } from "@/lib/query-keys";
import { ChartFrame } from "./chart-frame";
import { expectedStepSec, withGaps } from "./gaps";
import { InterfaceSelect, pickInterface } from "./interface-select";
import { SeriesTooltip } from "./series-tooltip";
import { timeDomain, timeXAxisProps } from "./time-axis";
import { useLiveJson } from "./use-live-json";

/**
 * rx/tx bits/s of one MACVLAN interface over `range` (GET /api/devices/[id]/traffic?kind=macvlan),
 * refreshed every 10 s, with an interface selector. The y axis unit follows the largest value
 * (bit/s, kbit/s, Mbit/s, Gbit/s); the tooltip shows exact values and the UTC time. Stretches
 * without samples (longer than twice the bucket width or poll interval) are drawn as gaps.
 */
export function TrafficChart({ deviceId, range, pollIntervalSec }: { deviceId: string; range: RangeKey; pollIntervalSec: number }) {
  const q = useLiveJson<TrafficSeries>(deviceKeys.trafficSeries(deviceId, range, "macvlan"), deviceApi.trafficSeries(deviceId, range, "macvlan"));
  const [selected, setSelected] = useState<string | null>(null);
  const series = q.data?.series ?? [];
  const names = series.map((s) => s.interface);
  const current = pickInterface(names, selected);
  const points = series.find((s) => s.interface === current)?.points ?? [];
  const max = points.reduce((m, p) => Math.max(m, p.rxBps, p.txBps), 0);
  const scale = bitRateScale(max);
  const rangeSec = RANGE_SECONDS[range];
  const domain = timeDomain(rangeSec, q.dataUpdatedAt);
  const drawn = withGaps(points, expectedStepSec(q.data?.resolutionSec ?? pollIntervalSec, pollIntervalSec));
  return (
    <ChartFrame
      testId="chart-macvlan"
      points={points.length}
      isPending={q.isPending}
      isFetching={q.isFetching}
      error={q.error}
      pollIntervalSec={pollIntervalSec}
      toolbar={<InterfaceSelect names={names} value={current} onChange={setSelected} />}
    >
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis {...timeXAxisProps(rangeSec, domain)} />
          <YAxis
            tickFormatter={(v: number) => (v / scale.divisor).toLocaleString("en-US", { maximumFractionDigits: 2 })}
            tick={{ fontSize: 11 }}
            width={64}
            label={{ value: scale.unit, angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip filterNull={false} content={(p) => <SeriesTooltip active={p.active} payload={p.payload} label={p.label} formatValue={formatBitRate} />} />
          <Legend itemSorter={null} verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="rxBps" name="rx (bits/s)" stroke="#0f6fbf" dot={false} strokeWidth={2} isAnimationActive={false} />
          <Line type="monotone" dataKey="txBps" name="tx (bits/s)" stroke="#16a34a" dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
