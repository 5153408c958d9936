"use client";

import { useState } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { metricDescriptor, type FieldDescriptor, type FieldOf, type MetricId } from "@/lib/metrics/descriptors";
import { RANGES, type RangeKey } from "@/lib/metrics/ranges";
import { bandKey, resolutionCaption, withBands } from "./bands";
import { ChartFrame, type ChartTestId } from "./chart-frame";
import { expectedStepSec, maxKnown, withGaps } from "./gaps";
import { InterfaceSelect, pickInterface } from "./interface-select";
import { SeriesTooltip } from "./series-tooltip";
import { timeDomain, timeXAxisProps } from "./time-axis";
import { unitFormat } from "./units";
import { useSeries } from "./use-series";

/** Line colours, in field order. */
const COLORS = ["#0f6fbf", "#16a34a", "#d97706", "#7c3aed"];

/**
 * A line chart of some fields of one metric (lib/metrics/descriptors.ts) over `range`, from useSeries
 * (refreshed every 10 s): one line per field, named and formatted from the descriptor (label, unit).
 * The fields drawn must share a unit; the y axis scale follows the largest value (e.g. kbit/s, MiB),
 * the x axis shows the viewer's time zone and the tooltip adds UTC. A per-interface metric gets an
 * interface selector. Loading, error and empty states come from ChartFrame; stretches without samples
 * (longer than twice the bucket width or poll interval) and unknown (null) values are drawn as gaps.
 * Long ranges read rollups: each line is the bucket average with its min–max as a shaded band behind it
 * (in the tooltip as "min – max"); a caption names the resolution shown (lib/metrics/resolutions.ts).
 * @param yMax fixed top of the y axis (e.g. 100 for a percentage); default: from the data
 */
export function MetricChart<M extends MetricId>({
  deviceId,
  metric,
  fields,
  range,
  pollIntervalSec,
  testId,
  yMax,
}: {
  deviceId: string;
  metric: M;
  fields: readonly FieldOf<M>[];
  range: RangeKey;
  pollIntervalSec: number;
  testId: ChartTestId;
  yMax?: number;
}) {
  const q = useSeries(deviceId, metric, range);
  const [selected, setSelected] = useState<string | null>(null);
  const descriptor = metricDescriptor(metric);
  const perInterface = descriptor.series.per === "interface";
  const series = q.data?.series ?? [];
  const names = series.map((s) => s.key);
  const current = pickInterface(names, selected);
  const points = series.find((s) => s.key === current)?.points ?? [];
  const fieldInfo = (field: string): FieldDescriptor => descriptor.fields[field] ?? { label: field, unit: "count", source: "" };
  const unit = fieldInfo(fields[0] ?? "").unit;
  const format = unitFormat(unit);
  const scale = format.scale(yMax ?? maxKnown(points.flatMap((p) => fields.map((f) => p.max?.[f] ?? p[f]))));
  const rangeSec = RANGES[range];
  const domain = timeDomain(rangeSec, q.dataUpdatedAt);
  const hasBand = (q.data?.sourceResolutionSec ?? 0) > 0;
  const drawn = withBands(withGaps(points, expectedStepSec(q.data?.resolutionSec ?? pollIntervalSec, pollIntervalSec)), hasBand ? fields : []);
  return (
    <ChartFrame
      testId={testId}
      points={points.length}
      isPending={q.isPending}
      isFetching={q.isFetching}
      error={q.error}
      pollIntervalSec={pollIntervalSec}
      toolbar={perInterface ? <InterfaceSelect names={names} value={current} onChange={setSelected} /> : undefined}
      caption={q.data && resolutionCaption(q.data.sourceResolutionSec, q.data.resolutionSec)}
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={drawn} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis {...timeXAxisProps(rangeSec, domain)} />
          <YAxis
            domain={[0, yMax ?? "auto"]}
            tickFormatter={(v: number) => (v / scale.divisor).toLocaleString("en-US", { maximumFractionDigits: 2 })}
            tick={{ fontSize: 11 }}
            width={64}
            label={{ value: scale.unit, angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip filterNull={false} content={(p) => <SeriesTooltip active={p.active} payload={p.payload} label={p.label} formatValue={format.format} />} />
          <Legend itemSorter={null} verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          {hasBand &&
            fields.map((field, i) => (
              <Area
                key={bandKey(field)}
                type="monotone"
                dataKey={bandKey(field)}
                name={`${fieldInfo(field).label} min – max (${unit})`}
                stroke="none"
                fill={COLORS[i % COLORS.length]}
                fillOpacity={0.15}
                legendType="none"
                isAnimationActive={false}
              />
            ))}
          {fields.map((field, i) => (
            <Line
              key={field}
              type="monotone"
              dataKey={field}
              name={`${fieldInfo(field).label} (${unit})`}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
