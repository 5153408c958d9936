"use client";

import { ErrorBox } from "@/components/ui/card";

/** Error boundary of the dashboard pages: the message is masked by Next in production (digest shown). */
export default function DashboardError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorBox title="This page could not be loaded">
        <p>Try again; if it keeps failing, give an admin this reference: {error.digest ?? "n/a"}.</p>
      </ErrorBox>
      <button type="button" onClick={() => retry()} className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-dark">
        Try again
      </button>
    </div>
  );
}
