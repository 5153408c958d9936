import type { Metadata } from "next";
import { Suspense } from "react";
import { FleetCountersSection, FleetProblemsSection, TopTalkersSection } from "@/components/fleet/fleet-sections";
import { Skeleton } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Fleet overview" };

/** / : the fleet overview (counters, problems: the firing alerts, top MACVLAN talkers), live every 10 s. */
export default async function OverviewPage() {
  await requirePagePermission("status.read");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Fleet overview</h1>
        <p className="text-sm text-slate-500">State of every enabled router as of its last poll.</p>
      </div>
      <Suspense
        fallback={
          <div className="space-y-3">
            <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-24" />
              ))}
            </div>
            <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} className="h-24" />
              ))}
            </div>
          </div>
        }
      >
        <FleetCountersSection />
      </Suspense>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Suspense fallback={<Skeleton className="h-72" />}>
          <FleetProblemsSection />
        </Suspense>
        <Suspense fallback={<Skeleton className="h-72" />}>
          <TopTalkersSection />
        </Suspense>
      </div>
    </div>
  );
}
