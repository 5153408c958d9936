import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { refusalRecorder } from "./lib/auth/refusals";
import { clientIpFromHeaders } from "./lib/auth/request-meta";
import { db } from "./lib/db";
import { getEnv } from "./lib/env";
import { declaresTooLargeBody, PAYLOAD_TOO_LARGE_MESSAGE } from "./lib/http/body-limit";
import { createNonce, isHttpsUrl, securityHeaders } from "./lib/http/security-headers";
import { isCrossOriginServerAction, isPossibleServerAction } from "./lib/http/server-action-origin";

/**
 * Next 16 proxy (formerly middleware), in this order:
 * 1. Security headers on every response (lib/http/security-headers.ts): a fresh CSP nonce per page
 *    request, also set on the request's CSP header, from which Next puts it on its own scripts (pages
 *    render dynamically: app/layout.tsx); Permissions-Policy; HSTS when NEXTAUTH_URL is https.
 * 2. A body declared over 1 MiB: 413 with a plain-text message (text/plain, which Next's client shows as
 *    the failed server action's error; JSON for /api/).
 * 3. A server action posted from another origin: audited (`auth.refused`, kind csrf, keyed by client
 *    address: the proxy does not resolve users, and the session cookie is SameSite=Lax, so a cross-site
 *    post carries none) and refused with 403, before Next's own check would abort it with a bare 500.
 * 4. An optimistic session check: a page visit without a valid session token goes to /login (with a
 *    callbackUrl back to the page). API calls and server action posts go through, so that withPermission
 *    and defineAction refuse them (401 / "not signed in") and audit the refusal. Open paths: /login,
 *    /share/<token> (read-only site status, checked by token), /api/auth/*, /metrics (checked by bearer token).
 * The real checks stay in every page (requirePagePermission), server action (defineAction) and route
 * handler (withPermission), which also read the user's role and `disabled` flag from the database.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  const { pathname, search } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  const nonce = api ? null : createNonce();
  const headers = securityHeaders({ nonce, https: isHttpsUrl(env.NEXTAUTH_URL), dev: env.NODE_ENV === "development" });
  const respond = (res: NextResponse) => {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  };

  const serverAction = isPossibleServerAction(request.method, pathname, request.headers);
  if (declaresTooLargeBody(request.headers)) {
    return respond(
      api ? NextResponse.json({ error: "payload-too-large", message: PAYLOAD_TOO_LARGE_MESSAGE }, { status: 413 }) : plainText(PAYLOAD_TOO_LARGE_MESSAGE, 413),
    );
  }
  if (serverAction && isCrossOriginServerAction(request.headers)) {
    await refusalRecorder.record(db, {
      kind: "csrf",
      targetType: "server-action",
      target: `POST ${pathname}`,
      permission: null,
      user: null,
      clientIp: clientIpFromHeaders(request.headers),
    });
    return respond(plainText("This request was sent from another site and was refused.", 403));
  }
  if (api || serverAction || isOpenPath(pathname) || (await hasSessionToken(request))) {
    const requestHeaders = new Headers(request.headers);
    const csp = headers["Content-Security-Policy"];
    if (csp) requestHeaders.set("Content-Security-Policy", csp);
    return respond(NextResponse.next({ request: { headers: requestHeaders } }));
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return respond(NextResponse.redirect(login));
}

/** Paths served without a session: the login page, public share links, next-auth's endpoints and the Prometheus scrape (bearer token). */
function isOpenPath(pathname: string): boolean {
  return (
    pathname === "/metrics" || pathname === "/login" || pathname.startsWith("/login/") || pathname.startsWith("/share/") || pathname.startsWith("/api/auth/")
  );
}

/** A plain-text response: exactly `text/plain`, the type Next's client accepts as a failed server action's message. */
function plainText(message: string, status: number): NextResponse {
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}

/** True when the request carries a valid next-auth session JWT; false when missing, expired, forged or unreadable. */
async function hasSessionToken(request: NextRequest): Promise<boolean> {
  try {
    const token = await getToken({ req: request, secret: getEnv().NEXTAUTH_SECRET });
    return Boolean(token?.sub);
  } catch {
    return false;
  }
}

export const config = {
  matcher: [
    // Everything except Next's assets and image optimiser, the favicon, robots.txt and any path with a
    // file extension (public files): pages need their CSP nonce, API bodies their size check.
    "/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|.*\\.[a-zA-Z0-9]+$).*)",
  ],
};
