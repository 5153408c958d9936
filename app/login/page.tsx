import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandMark } from "@/components/layout/brand-mark";
import { LoginForm } from "@/components/layout/login-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

/** Origin the callbackUrl is resolved against here: NEXTAUTH_URL's, else a placeholder (the form checks again against the page's own origin). */
function appOrigin(): string {
  const url = getEnv().NEXTAUTH_URL;
  return url ? new URL(url).origin : "http://localhost";
}

/**
 * /login: email + password sign-in. `callbackUrl` (the page to return to) is kept only as a same-origin path
 * (lib/auth/callback-url.ts), else "/". A signed-in visitor goes straight to the overview.
 */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getCurrentUser()) redirect("/");
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl, appOrigin());
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-brand-dark px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center text-white">
          <BrandMark className="text-xl" />
          <p className="mt-2 text-sm text-slate-300">Network operations for MikroTik RouterOS</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xl">
          <h1 className="mb-4 text-lg font-semibold text-slate-900">Sign in</h1>
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-400">Access is logged. Ask a NOC lead for an account.</p>
      </div>
    </main>
  );
}
