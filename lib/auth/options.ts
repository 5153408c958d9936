import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { appendAuditEvent } from "../audit/log";
import { authenticateCredentials } from "./login";
import { LOGIN_THROTTLED_ERROR } from "./login-errors";
import { clientIpFromHeaders } from "./request-meta";

const credentialsSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  csrfToken: z.string().optional(),
  callbackUrl: z.string().optional(),
  json: z.string().optional(),
  redirect: z.string().optional(),
});

/**
 * next-auth 4 options: credentials login (argon2id), JWT sessions (8 h) carrying only the user id and
 * the user's session version (bumped by a password reset, which so ends every session issued before).
 * Role and `disabled` are read from the database on every request (lib/auth/session.ts), so a role
 * change or a disabled account takes effect on the user's next request. Login, failed login and logout
 * are audit events; after 10 failures for an account, or 20 from a client IP, within 15 minutes further logins
 * are refused (lib/auth/login.ts, lib/auth/login-throttle.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: getEnv().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const clientIp = clientIpFromHeaders(req?.headers ?? {});
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const outcome = await authenticateCredentials(db, { email: parsed.data.email, clientIp }, parsed.data.password);
        // A thrown Error's message reaches the client as `signIn(...).error` (next-auth 4), so the form can tell "throttled" apart.
        if (!outcome.ok && outcome.reason === "throttled") throw new Error(LOGIN_THROTTLED_ERROR);
        return outcome.ok ? outcome.user : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub, sv: typeof token.sv === "number" ? token.sv : 0 });
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (!token?.sub) return;
      await appendAuditEvent(db, { id: token.sub, email: token.email ?? null }, { action: "auth.logout", entityType: "user", entityId: token.sub });
    },
  },
};
