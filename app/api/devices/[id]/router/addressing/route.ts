import { withPermission } from "@/lib/auth/route";
import { readLiveAddressing } from "@/lib/devices/server";
import { jsonOrNotFound } from "../../_lib/params";
import { parseRouterViewRequest, type RouterViewRouteContext } from "../../_lib/router-view";

/**
 * GET /api/devices/[id]/router/addressing: `/ip/address`, `/ip/dhcp-server`, `/ip/dhcp-server/network` and `/ip/dhcp-server/lease` rows, read from the router now
 * (RouterViewResult<AddressingViewDto>: `{ ok: true, readAt, view }`, or `{ ok: false, readAt, error: { kind, message } }` when
 * the router cannot be read). 400 on any query parameter, 404 on an unknown device. Requires `devices.read`.
 */
export const GET = withPermission("devices.read", async (req: Request, ctx: RouterViewRouteContext) => {
  const p = await parseRouterViewRequest(req, ctx);
  if (!p.ok) return p.response;
  return jsonOrNotFound(await readLiveAddressing(p.id));
});
