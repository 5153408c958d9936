import { z } from "zod";
import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { downloadBackup } from "@/lib/backups/server";
import { entityId } from "@/lib/validation/ids";

type Ctx = { params: Promise<{ id: string; backupId: string }> };

const paramsSchema = z.strictObject({ id: entityId, backupId: entityId });

/**
 * GET /api/devices/[id]/backups/[backupId]: one stored configuration version as a `.rsc` download
 * (`text/plain`, attachment named `<device>-<takenAt>.rsc`), audited. Secrets stay masked unless the user may manage
 * devices. 400 on bad ids or any query parameter; 400 `refused` for a version that is not the device's. Requires `changes.read`.
 */
export const GET = withPermission("changes.read", async (req: Request, ctx: Ctx) => {
  const parsed = paramsSchema.safeParse(await ctx.params);
  if (!parsed.success || new URL(req.url).searchParams.size > 0) return NextResponse.json({ error: "bad-request" }, { status: 400 });
  const { fileName, text } = await downloadBackup(parsed.data.id, parsed.data.backupId);
  return new NextResponse(text, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"` },
  });
});
