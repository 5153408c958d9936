import NextAuth from "next-auth";
import { withNextAuthCsrfAudit } from "@/lib/auth/next-auth-csrf";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";

const handler = withNextAuthCsrfAudit(db, NextAuth(authOptions));

export { handler as GET, handler as POST };
