"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/charts/use-live-json";
import { Skeleton } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { ChainStatus } from "@/lib/audit/chain-status";
import { auditApi, auditKeys } from "@/lib/query-keys";

/**
 * The audit hash chain's status, fetched from GET /api/audit/chain after the page has rendered (a full walk of
 * the chain takes ~1 s per 100,000 events, so it never delays the table). OK shows the verified event count
 * and the last hash; broken shows the FIRST broken event, the reason and the expected vs stored hash.
 */
export function ChainStatusWidget() {
  const query = useQuery({
    queryKey: auditKeys.chain(),
    queryFn: ({ signal }) => fetchJson<ChainStatus>(auditApi.chain, signal),
    staleTime: 30_000,
    refetchOnWindowFocus: false,
  });
  if (query.isPending) {
    return (
      <div className="flex items-center gap-3 text-sm text-slate-500" data-testid="audit-chain-status" data-state="checking">
        <Skeleton className="h-5 w-5" /> Verifying the hash chain…
      </div>
    );
  }
  if (query.isError) {
    return (
      <p role="alert" className="text-sm text-red-700" data-testid="audit-chain-status" data-state="error">
        Could not verify the chain: {query.error.message}
      </p>
    );
  }
  const s = query.data;
  if (s.ok) {
    return (
      <div className="text-sm" data-testid="audit-chain-status" data-state="ok">
        <p className="font-medium text-green-800">
          <span aria-hidden="true">✔ </span>Chain OK: {s.count.toLocaleString("en-US")} events verified
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          Last hash <span className="break-all font-mono">{s.lastHash}</span> · checked <Time value={s.checkedAt} /> in {s.durationMs} ms
        </p>
      </div>
    );
  }
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="audit-chain-status" data-state="broken">
      <p className="font-semibold">
        Chain BROKEN at event #{s.firstBrokenId}: {s.reason}
      </p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
        <dt>Expected</dt>
        <dd className="break-all font-mono">{s.expectedHash}</dd>
        <dt>Stored</dt>
        <dd className="break-all font-mono">{s.storedHash}</dd>
      </dl>
      <p className="mt-1 text-xs">
        {s.count.toLocaleString("en-US")} events before it verify. The log was edited outside the application: keep the database file as evidence.
      </p>
    </div>
  );
}
