import type { ReactNode } from "react";
import { TopNav } from "@/components/layout/top-nav";
import { requireUserOrRedirect } from "@/lib/auth/session";

/** Layout of every signed-in page: signed-out visitors go to /login; top navigation; main landmark. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUserOrRedirect();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <TopNav user={{ name: user.name, email: user.email, role: user.role }} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
