import { withPermission } from "@/lib/auth/route";
import { getDeviceSeries } from "@/lib/devices/server";
import { jsonOrNotFound, parseSeriesRequest, type SeriesRouteContext } from "../../_lib/params";

/**
 * GET /api/devices/[id]/series/[metric]?range=15m|1h|6h|24h|7d|30d|1y[&series=<interface>]: one metric of
 * lib/metrics/descriptors.ts over the range (MetricSeries: per series, points `t` ms UTC, `status`,
 * and the descriptor's fields in their units), as stored by the poller (no router call). 400 on an
 * unknown metric or invalid params, 404 on an unknown device. Requires `devices.read`.
 */
export const GET = withPermission("devices.read", async (req: Request, ctx: SeriesRouteContext) => {
  const p = await parseSeriesRequest(req, ctx);
  if (!p.ok) return p.response;
  return jsonOrNotFound(await getDeviceSeries(p.id, p.metric, p.range, p.series));
});
