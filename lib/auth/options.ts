import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { appendAuditEvent } from "../audit/log";
import { isLoginThrottled } from "./login-throttle";
import { verifyPassword } from "./password";
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
 * next-auth 4 options: credentials login (argon2id), JWT sessions (8 h) carrying only the user id.
 * Role and `disabled` are read from the database on every request (lib/auth/session.ts), so a role
 * change or a disabled account takes effect on the user's next request. Login, failed login and logout
 * are audit events; after 10 failures in 15 minutes an account's logins are refused (lib/auth/login-throttle.ts).
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
        const email = parsed.data.email.toLowerCase();
        if (await isLoginThrottled(db, email)) {
          await appendAuditEvent(db, { email, clientIp }, { action: "auth.login_throttled", entityType: "user" });
          return null;
        }
        const user = await db.user.findUnique({ where: { email } });
        const ok = user !== null && !user.disabled && (await verifyPassword(user.passwordHash, parsed.data.password));
        if (!ok) {
          await appendAuditEvent(db, { email, clientIp }, { action: "auth.login_failed", entityType: "user", entityId: user?.id });
          return null;
        }
        await appendAuditEvent(db, { id: user.id, email: user.email, clientIp }, { action: "auth.login", entityType: "user", entityId: user.id });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
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
