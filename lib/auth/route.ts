import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { db } from "../db";
import { ExpectedError } from "../errors";
import { declaresTooLargeBody, limitRequestBody, MAX_REQUEST_BODY_BYTES, PAYLOAD_TOO_LARGE_MESSAGE, PayloadTooLargeError } from "../http/body-limit";
import { log } from "../log";
import { can, ForbiddenError, UnauthenticatedError, type Permission } from "./permissions";
import { refusalRecorder } from "./refusals";
import { clientIpFromHeaders } from "./request-meta";
import { getCurrentUser, type SessionUser } from "./session";

/**
 * Wraps a route handler so it authorizes itself (not only proxy.ts): 401 JSON when signed out, 403 when
 * the role lacks `permission`, both audited as `auth.refused` (lib/auth/refusals.ts: at most one event per
 * actor, route and minute; target `METHOD /api/route/[param]`); so is a ForbiddenError or
 * UnauthenticatedError thrown by the data layer the handler calls. A body declared (Content-Length) or read
 * past MAX_REQUEST_BODY_BYTES answers 413 `{ error: "payload-too-large", message }`: the handler gets a
 * request whose body cannot be read past the limit (limitRequestBody). Any other ExpectedError
 * (lib/errors.ts) answers 400 `{ error: "refused", message, fieldErrors? }` with its own message; an
 * unexpected error answers 500 `{ error: "internal", ref }` and is logged with that reference. Responses are
 * `no-store`.
 */
export function withPermission<C>(
  permission: Permission,
  handler: (req: Request, ctx: C, user: SessionUser) => Promise<Response>,
): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const refuse = async (err: ForbiddenError | UnauthenticatedError, user: SessionUser | null): Promise<Response> => {
      const kind = err instanceof ForbiddenError ? "forbidden" : "unauthenticated";
      const target = `${req.method} ${await routeTarget(req, ctx)}`;
      const refused = err instanceof ForbiddenError ? err.permission : permission;
      await refusalRecorder.record(db, {
        kind,
        targetType: "route",
        target,
        permission: refused,
        user: user && { id: user.id, email: user.email },
        clientIp: clientIpFromHeaders(req.headers),
      });
      return NextResponse.json({ error: kind }, { status: kind === "forbidden" ? 403 : 401, headers: { "Cache-Control": "no-store" } });
    };
    const user = await getCurrentUser();
    if (!user) return refuse(new UnauthenticatedError(), null);
    if (!can(user.role, permission)) return refuse(new ForbiddenError(permission), user);
    if (declaresTooLargeBody(req.headers)) return payloadTooLarge();
    try {
      const res = await handler(limitRequestBody(req, MAX_REQUEST_BODY_BYTES), ctx, user);
      res.headers.set("Cache-Control", "no-store");
      return res;
    } catch (err) {
      if (err instanceof PayloadTooLargeError) return payloadTooLarge();
      if (err instanceof ForbiddenError || err instanceof UnauthenticatedError) return refuse(err, user);
      if (err instanceof ExpectedError)
        return NextResponse.json(
          { error: "refused", message: err.message, fieldErrors: err.fieldErrors },
          { status: 400, headers: { "Cache-Control": "no-store" } },
        );
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
