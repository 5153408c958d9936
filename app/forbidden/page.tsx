import type { Metadata } from "next";
import Link from "next/link";
import { requireUserOrRedirect } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Not allowed" };

/** /forbidden: where requirePagePermission sends a signed-in user whose role lacks a permission. */
export default async function ForbiddenPage() {
  const user = await requireUserOrRedirect();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand">403</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">You do not have access to this page</h1>
        <p className="mt-2 text-sm text-slate-600">
          Signed in as {user.email} with the role <span className="font-medium">{user.role.toLowerCase()}</span>. Ask a NOC lead if you need more access.
        </p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
          Back to the overview
        </Link>
      </div>
    </main>
  );
}
