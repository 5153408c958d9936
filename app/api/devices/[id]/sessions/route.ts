import { withPermission } from "@/lib/auth/route";
import { getDeviceSessionSeries } from "@/lib/data/device-detail";
import { jsonOrNotFound, parseDeviceRequest, type DeviceRouteContext } from "../_lib/params";

/**
 * GET /api/devices/[id]/sessions?range=15m|1h|6h|24h|7d: MAC server session count over time (SessionSeries: points t ms UTC, count sessions),
 * as stored by the poller (no router call). 400 on invalid params, 404 on an unknown device.
 * Requires `devices.read`.
 */
export const GET = withPermission("devices.read", async (req: Request, ctx: DeviceRouteContext) => {
  const p = await parseDeviceRequest(req, ctx);
  if (!p.ok) return p.response;
  return jsonOrNotFound(await getDeviceSessionSeries(p.id, p.range));
});
