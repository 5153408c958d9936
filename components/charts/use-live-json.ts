import { keepPreviousData, useQuery, type DefinedUseQueryResult, type QueryKey, type UseQueryResult } from "@tanstack/react-query";

/** Refresh period of live widgets (ms): the poller writes a sample per device every POLL_INTERVAL_SEC. */
export const LIVE_REFETCH_MS = 10_000;

/** A non-2xx answer of one of our route handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
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
 * TanStack `retry` rule of the live queries: a 4xx HttpError (401, 403, 404...) is final, any other
 * failure (5xx, network error) is retried twice.
 * @param failureCount failures so far for this fetch (0 on the first)
 */
export function retryUnlessClientError(failureCount: number, err: Error): boolean {
  return !(err instanceof HttpError && err.status < 500) && failureCount < 2;
}

/**
 * A TanStack query GETting `url` with fetchJson every LIVE_REFETCH_MS (10 s), keeping the previous
 * data while a new key (e.g. another range) loads; retried by retryUnlessClientError.
 * @param initialData what the server component already read (first paint without a spinner); when
 *   given, `data` is always defined
 * @param initialDataUpdatedAt when `initialData` was read (ms since epoch, UTC), e.g. a DTO's
 *   `generatedAt`; without it TanStack takes the mount time
 */
export function useLiveJson<T>(queryKey: QueryKey, url: string, initialData: T, initialDataUpdatedAt?: number): DefinedUseQueryResult<T, Error>;
export function useLiveJson<T>(queryKey: QueryKey, url: string): UseQueryResult<T, Error>;
export function useLiveJson<T>(queryKey: QueryKey, url: string, initialData?: T, initialDataUpdatedAt?: number): UseQueryResult<T, Error> {
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchJson<T>(url, signal),
    initialData,
    initialDataUpdatedAt,
    refetchInterval: LIVE_REFETCH_MS,
    placeholderData: keepPreviousData,
    retry: retryUnlessClientError,
  });
}
