import type { Metadata } from "next";
import type { ReactNode } from "react";
import { BrandMark } from "@/components/layout/brand-mark";

/**
 * Pages under /share/* are public (a token is the permission): not indexed, and the browser sends no
 * Referer from them, so the token in the URL does not leak (meta tags; see the report about headers).
 */
export const metadata: Metadata = {
  robots: { index: false, follow: false, nocache: true },
  referrer: "no-referrer",
};

/** Minimal layout of the public share pages: a plain header, no navigation, no user menu, no link into the app. */
export default function ShareLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900 text-white shadow">
        <div className="mx-auto flex h-12 max-w-7xl items-center gap-3 px-4">
          <BrandMark />
          <span className="text-sm text-slate-300">read-only site status</span>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
