import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { METRIC_IDS, type MetricId } from "@/lib/metrics/descriptors";
import { DEFAULT_RANGE, RANGE_KEYS, type RangeKey } from "@/lib/metrics/ranges";
import { entityId } from "@/lib/validation/ids";

/** The current-state tables served by `GET /api/devices/[id]/live/[menu]`. */
export const LIVE_MENUS = ["sessions", "macvlan", "macsec"] as const;
/** One of {@link LIVE_MENUS}: `/tool/mac-server/sessions`, `/interface/macvlan`, `/interface/macsec`. */
export type LiveMenu = (typeof LIVE_MENUS)[number];

/** Route context of `app/api/devices/[id]/series/[metric]` (Next 16: `params` is a Promise). */
export type SeriesRouteContext = { params: Promise<{ id: string; metric: string }> };
/** Route context of `app/api/devices/[id]/live/[menu]`. */
export type LiveRouteContext = { params: Promise<{ id: string; menu: string }> };

const seriesSchema = z.strictObject({
  id: entityId,
  metric: z.enum(METRIC_IDS),
  range: z.enum(RANGE_KEYS).default(DEFAULT_RANGE),
  /** An interface name (RouterOS names are at most 255 characters); absent = every series. */
  series: z.string().min(1).max(255).optional(),
});
const liveSchema = z.strictObject({ id: entityId, menu: z.enum(LIVE_MENUS) });

/** Validated route input, or a 400 JSON response listing the problems. */
export type Parsed<T> = ({ ok: true } & T) | { ok: false; response: Response };

function parse<T>(schema: z.ZodType<T>, input: Record<string, string>): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, ...result.data };
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return { ok: false, response: NextResponse.json({ error: "bad-request", issues }, { status: 400 }) };
}

/**
 * Validates `[id]`, `[metric]` (an id of lib/metrics/descriptors.ts) and the query string (`range` ∈
 * 15m|1h|6h|24h|7d|30d|1y, default 1h; optional `series`, an interface name). Unknown query parameters are
 * refused (400).
 */
export async function parseSeriesRequest(
  req: Request,
  ctx: SeriesRouteContext,
): Promise<Parsed<{ id: string; metric: MetricId; range: RangeKey; series?: string }>> {
  const { id, metric } = await ctx.params;
  return parse(seriesSchema, { ...Object.fromEntries(new URL(req.url).searchParams), id, metric });
}

/** Validates `[id]` and `[menu]` (sessions | macvlan | macsec); any query parameter is refused (400). */
export async function parseLiveRequest(req: Request, ctx: LiveRouteContext): Promise<Parsed<{ id: string; menu: LiveMenu }>> {
  const { id, menu } = await ctx.params;
  return parse(liveSchema, { ...Object.fromEntries(new URL(req.url).searchParams), id, menu });
}

/** JSON 200 with `body`, or 404 `{ error: "not-found" }` when the device does not exist (body null). */
export function jsonOrNotFound(body: unknown): Response {
  if (body === null) return NextResponse.json({ error: "not-found" }, { status: 404 });
  return NextResponse.json(body);
}
