import { withPermission } from "@/lib/auth/route";
import { listMacvlans } from "@/lib/data/device-detail";
import { jsonOrNotFound, parseDeviceRequest, type DeviceRouteContext } from "../../_lib/params";

/**
 * GET /api/devices/[id]/live/macvlan: current `/interface/macvlan` rows (MacvlanDto[]),
 * as of the last poll (no router call). 404 on an unknown device. Requires `devices.read`.
 */
export const GET = withPermission("devices.read", async (req: Request, ctx: DeviceRouteContext) => {
  const p = await parseDeviceRequest(req, ctx);
  if (!p.ok) return p.response;
  return jsonOrNotFound(await listMacvlans(p.id));
});
