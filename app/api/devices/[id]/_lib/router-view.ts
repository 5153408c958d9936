import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { entityId } from "@/lib/validation/ids";
import type { Parsed } from "./params";

/** Route context of `app/api/devices/[id]/router/<view>` (Next 16: `params` is a Promise). */
export type RouterViewRouteContext = { params: Promise<{ id: string }> };

const schema = z.strictObject({ id: entityId });

/** Validates `[id]`; any query parameter is refused (400 `{ error: "bad-request", issues }`). */
export async function parseRouterViewRequest(req: Request, ctx: RouterViewRouteContext): Promise<Parsed<{ id: string }>> {
  const { id } = await ctx.params;
  const result = schema.safeParse({ ...Object.fromEntries(new URL(req.url).searchParams), id });
  if (result.success) return { ok: true, ...result.data };
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return { ok: false, response: NextResponse.json({ error: "bad-request", issues }, { status: 400 }) };
}
