import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { db } from "../db";
import { declaresTooLargeBody, limitRequestBody, MAX_REQUEST_BODY_BYTES, PAYLOAD_TOO_LARGE_MESSAGE, PayloadTooLargeError } from "../http/body-limit";
import { log } from "../log";
import { can, type Permission } from "./permissions";
import { refusalRecorder } from "./refusals";
import { clientIpFromHeaders } from "./request-meta";
import { getCurrentUser, type SessionUser } from "./session";

/**
 * Wraps a route handler so it authorizes itself (not only proxy.ts): 401 JSON when signed out, 403 when
 * the role lacks `permission`, both audited as `auth.refused` (lib/auth/refusals.ts: at most one event per
 * actor, route and minute; target `METHOD /api/route/[param]`). A body declared (Content-Length) or read
 * past MAX_REQUEST_BODY_BYTES answers 413 `{ error: "payload-too-large", message }`: the handler gets a
 * request whose body cannot be read past the limit (limitRequestBody). 500 with a reference on unexpected
 * errors. Responses are `no-store`.
 */
export function withPermission<C>(
  permission: Permission,
  handler: (req: Request, ctx: C, user: SessionUser) => Promise<Response>,
): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const user = await getCurrentUser();
    if (!user || !can(user.role, permission)) {
      const kind = user ? "forbidden" : "unauthenticated";
      const target = `${req.method} ${await routeTarget(req, ctx)}`;
      await refusalRecorder.record(db, { kind, targetType: "route", target, permission, user: user && { id: user.id, email: user.email }, clientIp: clientIpFromHeaders(req.headers) });
      return kind === "forbidden" ? NextResponse.json({ error: "forbidden" }, { status: 403 }) : NextResponse.json({ error: "unauthenticated" }, { status: 401 });
    }
    if (declaresTooLargeBody(req.headers)) return payloadTooLarge();
    try {
      const res = await handler(limitRequestBody(req, MAX_REQUEST_BODY_BYTES), ctx, user);
      res.headers.set("Cache-Control", "no-store");
      return res;
    } catch (err) {
      if (err instanceof PayloadTooLargeError) return payloadTooLarge();
      const ref = crypto.randomUUID().slice(0, 8);
      log.error({ err, ref, url: req.url }, "route handler failed");
      return NextResponse.json({ error: "internal", ref }, { status: 500 });
    }
  };
}

function payloadTooLarge(): Response {
  return NextResponse.json({ error: "payload-too-large", message: PAYLOAD_TOO_LARGE_MESSAGE }, { status: 413, headers: { "Cache-Control": "no-store" } });
}

const routeParams = z.record(z.string(), z.unknown());

/**
 * The route of a request, with the values of its dynamic segments put back as their names
 * (`/api/devices/abc/traffic` with params `{ id: "abc" }` → `/api/devices/[id]/traffic`), so refusals
 * of one route share one dedupe key whatever the ids. Catch-all (array) params stay as they are.
 */
async function routeTarget(req: Request, ctx: unknown): Promise<string> {
  const { pathname } = new URL(req.url);
  const raw = typeof ctx === "object" && ctx !== null && "params" in ctx ? await ctx.params : undefined;
  const parsed = routeParams.safeParse(raw);
  if (!parsed.success) return pathname;
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed.data)) if (typeof value === "string") names.set(value, `[${name}]`);
  return pathname
    .split("/")
    .map((segment) => names.get(safeDecode(segment)) ?? segment)
    .join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
