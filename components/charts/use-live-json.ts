import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from "@tanstack/react-query";

/** Refresh period of live widgets (ms): the poller writes a sample per device every POLL_INTERVAL_SEC. */
export const LIVE_REFETCH_MS = 10_000;

/** A non-2xx answer of one of our route handlers. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}

const MESSAGES: Record<number, string> = {
  401: "Your session has ended: sign in again.",
  403: "You do not have permission to see this.",
  404: "This device no longer exists.",
};

/**
 * GETs JSON from a same-origin route handler (cookies sent, never cached).
 * @throws HttpError with a readable message on any non-2xx status (500 includes the server's `ref`)
 */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => null)) as { ref?: string } | null;
  const message = MESSAGES[res.status] ?? `The server answered ${res.status}${body?.ref ? ` (reference ${body.ref})` : ""}.`;
  throw new HttpError(res.status, message);
}

/**
 * A TanStack query polling `url` every 10 s, keeping the previous data while a new key (e.g. another
 * range) loads. 401/403/404 are not retried.
 * @param initialData rows the server component already read (first paint without a spinner)
 */
export function useLiveJson<T>(queryKey: QueryKey, url: string, initialData?: T): UseQueryResult<T, Error> {
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchJson<T>(url, signal),
    initialData,
    refetchInterval: LIVE_REFETCH_MS,
    placeholderData: keepPreviousData,
    retry: (count, err) => !(err instanceof HttpError && err.status < 500) && count < 2,
  });
}
