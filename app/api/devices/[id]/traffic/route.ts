import { withPermission } from "@/lib/auth/route";
import { getDeviceTrafficSeries } from "@/lib/data/device-detail";
import { jsonOrNotFound, parseDeviceRequest, type DeviceRouteContext } from "../_lib/params";

/**
 * GET /api/devices/[id]/traffic?range=15m|1h|6h|24h|7d: traffic per interface (TrafficSeries: bits/s and packets/s); `kind` = macvlan | macsec | all,
 * as stored by the poller (no router call). 400 on invalid params, 404 on an unknown device.
 * Requires `devices.read`.
 */
export const GET = withPermission("devices.read", async (req: Request, ctx: DeviceRouteContext) => {
  const p = await parseDeviceRequest(req, ctx);
  if (!p.ok) return p.response;
  return jsonOrNotFound(await getDeviceTrafficSeries(p.id, p.range, p.kind));
});
