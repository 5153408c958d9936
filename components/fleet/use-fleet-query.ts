"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
import { fetchJson, HttpError, LIVE_REFETCH_MS } from "@/components/charts/use-live-json";

/** What a live fleet widget renders: the latest data, the last refresh error and its time (ms since epoch). */
export interface FleetQueryState<T> {
  data: T;
  error: Error | null;
  dataUpdatedAt: number;
}

/**
 * A live fleet widget's query: GETs `url` (a /api/fleet/* route handler) every LIVE_REFETCH_MS with
 * fetchJson, starting from the server-rendered `initial` (whose `generatedAt`, ISO 8601 UTC, is its
 * age). 401/403/404 are not retried; other failures twice.
 */
export function useFleetQuery<T extends { generatedAt: string }>(queryKey: QueryKey, url: string, initial: T): FleetQueryState<T> {
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchJson<T>(url, signal),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: LIVE_REFETCH_MS,
    retry: (count, err) => !(err instanceof HttpError && err.status < 500) && count < 2,
  });
  return { data: query.data ?? initial, error: query.error, dataUpdatedAt: query.dataUpdatedAt };
}
