import { withPermission } from "@/lib/auth/route";
import { readStoredMacServerSessions, readStoredMacsecs, readStoredMacvlans } from "@/lib/devices/server";
import { jsonOrNotFound, parseLiveRequest, type LiveMenu, type LiveRouteContext } from "../../_lib/params";

const READERS: Record<LiveMenu, (id: string) => Promise<unknown>> = {
  sessions: readStoredMacServerSessions,
  macvlan: readStoredMacvlans,
  macsec: readStoredMacsecs,
};

/**
 * GET /api/devices/[id]/live/sessions | macvlan | macsec: the current `/tool/mac-server/sessions`
 * rows (MacServerSessionDto[]), `/interface/macvlan` rows (MacvlanDto[]) or `/interface/macsec` rows
 * without the CAK plus statsSupported (MacsecTableDto), as of the last poll (no router call). 400 on
 * another menu or any query parameter, 404 on an unknown device. Requires `devices.read`.
 */
export const GET = withPermission("devices.read", async (req: Request, ctx: LiveRouteContext) => {
  const p = await parseLiveRequest(req, ctx);
  if (!p.ok) return p.response;
  return jsonOrNotFound(await READERS[p.menu](p.id));
});
