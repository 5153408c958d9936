"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Time } from "@/components/ui/time";

/**
 * Keeps a server-rendered page fresh: every `intervalSec` seconds it asks Next to re-render the page on
 * the server (router.refresh(); no client-side data fetching), unless paused or the tab is hidden.
 * Shows when the shown data was read (`generatedAt`, ISO 8601 UTC; local time, UTC on hover) and a
 * pause toggle.
 */
export function AutoRefresh({ generatedAt, intervalSec = 15 }: { generatedAt: string; intervalSec?: number }) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const [refreshing, startTransition] = useTransition();

  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "hidden") return;
      startTransition(() => router.refresh());
    }, intervalSec * 1000);
    return () => clearInterval(timer);
  }, [paused, intervalSec, router]);

  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500" data-testid="status-refresh" data-generated-at={generatedAt}>
      <span>
        Updated <Time value={generatedAt} />
        {refreshing ? " · refreshing…" : paused ? " · auto-refresh paused" : ` · refreshes every ${intervalSec} s`}
      </span>
      <button
        type="button"
        aria-pressed={paused}
        onClick={() => setPaused((p) => !p)}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-600 hover:bg-slate-50"
        data-testid="status-refresh-toggle"
      >
        {paused ? "Resume auto-refresh" : "Pause auto-refresh"}
      </button>
    </div>
  );
}
