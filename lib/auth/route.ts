import "server-only";
import { NextResponse } from "next/server";
import { log } from "../log";
import { can, type Permission } from "./permissions";
import { getCurrentUser, type SessionUser } from "./session";

/**
 * Wraps a route handler so it authorizes itself (not only proxy.ts): 401 JSON when signed out, 403 when
 * the role lacks `permission`, 500 with a reference on unexpected errors. Responses are `no-store`.
 */
export function withPermission<C>(
  permission: Permission,
  handler: (req: Request, ctx: C, user: SessionUser) => Promise<Response>,
): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const user = await getCurrentUser();
    if (!user) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
    if (!can(user.role, permission)) return NextResponse.json({ error: "forbidden" }, { status: 403 });
    try {
      const res = await handler(req, ctx, user);
      res.headers.set("Cache-Control", "no-store");
      return res;
    } catch (err) {
      const ref = crypto.randomUUID().slice(0, 8);
      log.error({ err, ref, url: req.url }, "route handler failed");
      return NextResponse.json({ error: "internal", ref }, { status: 500 });
    }
  };
}
