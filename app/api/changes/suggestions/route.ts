import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { entityId } from "@/lib/validation/ids";
import { getChangeSuggestions } from "@/lib/changes/server";

const MAX_DEVICES = 20;

/**
 * GET /api/changes/suggestions?device=<id>[&device=<id>…]: names the poller stored for these devices
 * (ChangeSuggestions: `/interface/macvlan` and `/interface/macsec` names, interfaces, interface
 * lists), merged and sorted, for the proposal form's `<datalist>`s. At most 20 devices; 400 on a
 * malformed id. No router call. Requires `changes.propose`.
 */
export const GET = withPermission("changes.propose", async (req: Request) => {
  const ids = new URL(req.url).searchParams.getAll("device");
  if (ids.length > MAX_DEVICES || !ids.every((id) => entityId.safeParse(id).success)) return NextResponse.json({ error: "bad-request" }, { status: 400 });
  return NextResponse.json(await getChangeSuggestions(ids));
});
