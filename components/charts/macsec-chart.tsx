"use client";

import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPacketRate, packetRateScale } from "@/components/ui/format";
import type { FieldOf } from "@/lib/metrics/descriptors";
import { RANGES, type RangeKey } from "@/lib/metrics/ranges";
import { ChartFrame } from "./chart-frame";
import { expectedStepSec, maxKnown, withGaps } from "./gaps";
import { InterfaceSelect, pickInterface } from "./interface-select";
import { MacsecStatusStrip } from "./macsec-status-strip";
import { SeriesTooltip } from "./series-tooltip";
import { timeDomain, timeXAxisProps } from "./time-axis";
import { useSeries } from "./use-series";

type CounterKey = Exclude<FieldOf<"macsec-stats">, "inPktsUnknownSci">;

/** Counters drawn, with IEEE 802.1AE names; errors in red/amber and dashed (docs/routeros.md: what operators alert on). */
const COUNTERS: { key: CounterKey; name: string; color: string; error: false | "red" | "amber" }[] = [
  { key: "inPktsOk", name: "InPktsOK", color: "#0f6fbf", error: false },
  { key: "outPktsProtected", name: "OutPktsProtected", color: "#16a34a", error: false },
  { key: "outPktsEncrypted", name: "OutPktsEncrypted", color: "#0d9488", error: false },
  { key: "inPktsNotValid", name: "InPktsNotValid", color: "#dc2626", error: "red" },
  { key: "inPktsInvalid", name: "InPktsInvalid", color: "#991b1b", error: "red" },
  { key: "inPktsLate", name: "InPktsLate", color: "#d97706", error: "amber" },
  { key: "inPktsNoTag", name: "InPktsNoTag", color: "#f59e0b", error: "amber" },
  { key: "inPktsBadTag", name: "InPktsBadTag", color: "#ea580c", error: "amber" },
];

/**
 * MACsec counter rates (packets/s) of one `/interface/macsec` link over `range` (metric `macsec-stats`
 * through useSeries), refreshed every 10 s. Error counters are red/amber, dashed, drawn against
 * their own right-hand axis (they are orders of magnitude below the traffic) and listed above the
 * chart when non-zero. A null rate is unknown (first poll, counter reset): nothing is drawn for it,
 * tooltips read "n/a" and the peaks ignore it; stretches without samples (longer than twice the bucket
 * width or poll interval) are drawn as gaps. When the router's RouterOS is older than 7.21
 * (`statsSupported` false) there are no statistics: a status strip is drawn instead, with a note.
 */
export function MacsecChart({
  deviceId,
  range,
  pollIntervalSec,
  statsSupported,
  version,
}: {
  deviceId: string;
  range: RangeKey;
  pollIntervalSec: number;
  statsSupported: boolean | null;
  version: string | null;
}) {
  const q = useSeries(deviceId, "macsec-stats", range);
  const [selected, setSelected] = useState<string | null>(null);
  const series = q.data?.series ?? [];
  const names = series.map((s) => s.key);
  const current = pickInterface(names, selected);
  const points = series.find((s) => s.key === current)?.points ?? [];
  const rangeSec = RANGES[range];
  const domain = timeDomain(rangeSec, q.dataUpdatedAt);
  const drawn = withGaps(points, expectedStepSec(q.data?.resolutionSec ?? pollIntervalSec, pollIntervalSec));
  const scale = packetRateScale(maxKnown(points.flatMap((p) => COUNTERS.filter((c) => !c.error).map((c) => p[c.key]))));
  const errorScale = packetRateScale(maxKnown(points.flatMap((p) => COUNTERS.filter((c) => c.error).map((c) => p[c.key]))));
  const peaks = COUNTERS.filter((c) => c.error)
    .map((c) => ({ ...c, peak: maxKnown(points.map((p) => p[c.key])) }))
    .filter((c) => c.peak > 0);
  const toolbar = (
    <div className="space-y-2">
      <InterfaceSelect names={names} value={current} onChange={setSelected} />
      {statsSupported === false && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="macsec-no-stats">
          RouterOS {version ?? "(unknown version)"} prints no MACsec statistics (they arrive in 7.21): status only.
        </p>
      )}
      {statsSupported !== false && peaks.length > 0 && (
        <div role="status" data-testid="macsec-error-peaks">
          <ul className="flex flex-wrap gap-2 text-xs">
            {peaks.map((c) => (
              <li
                key={c.key}
                className={`rounded-full px-2 py-0.5 font-medium ${c.error === "red" ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-800"}`}
              >
                {c.name} peaked at {formatPacketRate(c.peak)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
  return (
    <ChartFrame
      testId="chart-macsec"
      points={points.length}
      isPending={q.isPending}
      isFetching={q.isFetching}
      error={q.error}
      pollIntervalSec={pollIntervalSec}
      toolbar={toolbar}
    >
      {statsSupported === false ? (
        <MacsecStatusStrip points={points} rangeSec={rangeSec} />
      ) : (
        <ResponsiveContainer width="100%" height={300}>
          <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis {...timeXAxisProps(rangeSec, domain)} />
            <YAxis
              yAxisId="traffic"
              tickFormatter={(v: number) => (v / scale.divisor).toLocaleString("en-US", { maximumFractionDigits: 2 })}
              tick={{ fontSize: 11 }}
              width={64}
              label={{ value: scale.unit, angle: -90, position: "insideLeft", fontSize: 11 }}
            />
            <YAxis
              yAxisId="errors"
              orientation="right"
              allowDecimals
              domain={[0, (dataMax: number) => Math.max(1, dataMax)]}
              tickFormatter={(v: number) => (v / errorScale.divisor).toLocaleString("en-US", { maximumFractionDigits: 2 })}
              tick={{ fontSize: 11, fill: "#b91c1c" }}
              width={64}
              label={{ value: `errors, ${errorScale.unit}`, angle: 90, position: "insideRight", fontSize: 11, fill: "#b91c1c" }}
            />
            <Tooltip
              filterNull={false}
              content={(p) => <SeriesTooltip active={p.active} payload={p.payload} label={p.label} formatValue={formatPacketRate} />}
            />
            <Legend itemSorter={null} verticalAlign="top" height={40} wrapperStyle={{ fontSize: 12 }} />
            {COUNTERS.map((c) => (
              <Line
                key={c.key}
                yAxisId={c.error ? "errors" : "traffic"}
                type="monotone"
                dataKey={c.key}
                name={c.name}
                stroke={c.color}
                strokeWidth={c.error ? 2 : 1.5}
                strokeDasharray={c.error ? "5 3" : undefined}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
