import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { safeCallbackPath } from "./callback-url";
import { authenticateCredentials } from "./login";
import { loginThrottledError } from "./login-errors";
import { clientIpFromHeaders, userAgentFromHeaders } from "./request-meta";
import { endUserSession, SESSION_MAX_AGE_SEC, sessionIdSchema } from "./sessions";

const credentialsSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  csrfToken: z.string().optional(),
  callbackUrl: z.string().optional(),
  json: z.string().optional(),
  redirect: z.string().optional(),
});

/** What `authorize` returns to next-auth: the user id and the session opened for this login. */
const signedInSchema = z.object({ id: z.string(), sessionId: sessionIdSchema });

/**
 * next-auth 4 options: credentials login (argon2id, lib/auth/login.ts) with server-side sessions
 * (lib/auth/sessions.ts). The session token (JWT, 8 h) carries only `sub` = the UserSession id: no user id,
 * email or role. Every request checks that row (lib/auth/session.ts getCurrentUser): revoked, expired, idle
 * or a disabled user → signed out; role and `disabled` are read from the database. Sign-out revokes the row
 * (`auth.logout`, after: session reference). Throttled logins throw `LoginThrottled:<seconds>`
 * (lib/auth/login-errors.ts), which next-auth hands to the form as `signIn(...).error`. Redirects after
 * sign-in / sign-out only go to same-origin paths (lib/auth/callback-url.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: getEnv().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const headers = req?.headers ?? {};
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const attempt = { email: parsed.data.email, clientIp: clientIpFromHeaders(headers), userAgent: userAgentFromHeaders(headers) };
        const outcome = await authenticateCredentials(db, attempt, parsed.data.password);
        // A thrown Error's message reaches the client as `signIn(...).error` (next-auth 4), so the form can say how long to wait.
        if (!outcome.ok && outcome.reason === "throttled") throw new Error(loginThrottledError(outcome.retryAfterSec));
        return outcome.ok ? { id: outcome.user.id, sessionId: outcome.sessionId } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return { sub: signedInSchema.parse(user).sessionId };
      return { sub: token.sub };
    },
    async session({ session, token }) {
      const withSessionId: typeof session & { sid?: string } = { expires: session.expires, sid: token.sub };
      return withSessionId;
    },
    async redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
    },
  },
  events: {
    async signOut({ token }) {
      const parsed = sessionIdSchema.safeParse(token?.sub);
      if (!parsed.success) return;
      await endUserSession(db, parsed.data);
    },
  },
};
