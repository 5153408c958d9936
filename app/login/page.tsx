import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandMark } from "@/components/layout/brand-mark";
import { LoginForm } from "@/components/layout/login-form";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

/** /login: email + password sign-in. A signed-in visitor goes straight to the overview. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getCurrentUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-brand-dark px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center text-white">
          <BrandMark className="text-xl" />
          <p className="mt-2 text-sm text-slate-300">Network operations for MikroTik RouterOS</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xl">
          <h1 className="mb-4 text-lg font-semibold text-slate-900">Sign in</h1>
          <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-400">Access is logged. Ask a NOC lead for an account.</p>
      </div>
    </main>
  );
}
