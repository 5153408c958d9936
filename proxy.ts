import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getEnv } from "./lib/env";

/**
 * Next 16 proxy (formerly middleware): an optimistic check only. A visitor without a valid session
 * token is sent to /login (with a callbackUrl back to the page); API calls get a 401 JSON instead of
 * a redirect. The real checks stay in every page (requirePagePermission), server action
 * (defineAction) and route handler (withPermission), which also read the user's role and `disabled`
 * flag from the database. Open paths: /login, /share/<token> (read-only site status, checked by token), /api/auth/*, Next's assets, the favicon and public files.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (await hasSessionToken(request)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
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
    // Everything except: the login page, next-auth's endpoints, Next's assets and image optimiser,
    // the favicon, robots.txt and any path with a file extension (public files).
    "/((?!login|share/|api/auth|_next/static|_next/image|favicon\\.ico|robots\\.txt|.*\\.[a-zA-Z0-9]+$).*)",
  ],
};
