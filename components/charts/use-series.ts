import type { UseQueryResult } from "@tanstack/react-query";
import type { MetricSeries } from "@/lib/devices/detail-dto";
import type { MetricId } from "@/lib/metrics/descriptors";
import type { RangeKey } from "@/lib/metrics/ranges";
import { deviceApi, deviceKeys } from "@/lib/query-keys";
import { useLiveJson } from "./use-live-json";

/**
 * The chart hook of every device metric: GET /api/devices/[id]/series/[metric]?range=[&series=]
 * (MetricSeries: per series, points `t` ms UTC plus the descriptor's fields in their units), refreshed
 * every 10 s through useLiveJson (previous data kept while another range loads; 4xx final).
 * @param series one series only (an interface name); default every series of the metric
 */
export function useSeries<M extends MetricId>(deviceId: string, metric: M, range: RangeKey, series?: string): UseQueryResult<MetricSeries<M>, Error> {
  return useLiveJson<MetricSeries<M>>(deviceKeys.series(deviceId, metric, range, series), deviceApi.series(deviceId, metric, range, series));
}
