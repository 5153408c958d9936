import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { entityId } from "@/lib/validation/ids";
import { getChange } from "@/lib/changes/server";

type ChangeRouteContext = { params: Promise<{ id: string }> };

/**
 * GET /api/changes/[id]: the request (ChangeDetailDto: status, targets with diff, planned calls and
 * executed steps, progress, audit history), for the request page's live refresh. No secret: secret
 * params appear as fingerprints. 400 on a malformed id, 404 when unknown. Requires `changes.read`.
 */
export const GET = withPermission("changes.read", async (_req: Request, ctx: ChangeRouteContext) => {
  const { id } = await ctx.params;
  if (!entityId.safeParse(id).success) return NextResponse.json({ error: "bad-request" }, { status: 400 });
  const change = await getChange(id);
  if (!change) return NextResponse.json({ error: "not-found" }, { status: 404 });
  return NextResponse.json(change);
});
