import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { RANGE_KEYS } from "@/components/ui/range";
import type { RangeKey } from "@/lib/metrics/query";
import { entityId } from "@/lib/validation/ids";

/** Route context of `app/api/devices/[id]/**` (Next 16: `params` is a Promise). */
export type DeviceRouteContext = { params: Promise<{ id: string }> };

const searchSchema = z.strictObject({
  range: z.enum(RANGE_KEYS).default("1h"),
  kind: z.enum(["macvlan", "macsec", "all"]).default("all"),
});

/** Validated route input, or a 400 JSON response listing the problems. */
export type ParsedDeviceRequest =
  | { ok: true; id: string; range: RangeKey; kind: "macvlan" | "macsec" | "all" }
  | { ok: false; response: Response };

/**
 * Validates `[id]` and the query string (`range` ∈ 15m|1h|6h|24h|7d, default 1h; `kind` ∈
 * macvlan|macsec|all, default all). Unknown query parameters are refused (400).
 */
export async function parseDeviceRequest(req: Request, ctx: DeviceRouteContext): Promise<ParsedDeviceRequest> {
  const { id } = await ctx.params;
  const idResult = entityId.safeParse(id);
  const search = searchSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!idResult.success || !search.success) {
    const issues = [...(idResult.error?.issues ?? []), ...(search.error?.issues ?? [])].map((i) => ({
      path: i.path.join("."),
      message: i.message,
    }));
    return { ok: false, response: NextResponse.json({ error: "bad-request", issues }, { status: 400 }) };
  }
  return { ok: true, id: idResult.data, range: search.data.range, kind: search.data.kind };
}

/** JSON 200 with `body`, or 404 `{ error: "not-found" }` when the device does not exist (body null). */
export function jsonOrNotFound(body: unknown): Response {
  if (body === null) return NextResponse.json({ error: "not-found" }, { status: 404 });
  return NextResponse.json(body);
}
