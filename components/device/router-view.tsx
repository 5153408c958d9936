"use client";

import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { LIVE_REFETCH_MS, fetchJson, retryUnlessClientError } from "@/components/charts/use-live-json";
import { ErrorBox, Skeleton } from "@/components/ui/card";
import { LiveStatus } from "@/components/ui/live-status";
import type { RouterView, RouterViewResult } from "@/lib/devices/router-view-dto";
import { deviceApi, deviceKeys } from "@/lib/query-keys";

/** The router could not be read (the route answered `{ ok: false, error }`); `kind` as lib/routeros/errors.ts names it. */
export class RouterReadError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = "RouterReadError";
  }
}

/** What a router view query holds: the view and when it was read (ms since epoch, UTC). */
export interface RouterViewData<T> {
  view: T;
  readAtMs: number;
}

/**
 * A router view (`GET /api/devices/[id]/router/<view>`) refreshed every LIVE_REFETCH_MS (10 s) while the page is
 * visible. A router that cannot be read makes the query fail with a RouterReadError (not retried: the router has
 * already timed out or refused; the next refresh asks again) and keeps the last view read; a 4xx is final, other
 * failures are retried twice. No placeholder from another key: another device's rows are never shown meanwhile.
 */
export function useRouterView<T>(deviceId: string, view: RouterView): UseQueryResult<RouterViewData<T>, Error> {
  return useQuery({
    queryKey: deviceKeys.routerView(deviceId, view),
    queryFn: async ({ signal }) => {
      const result = await fetchJson<RouterViewResult<T>>(deviceApi.routerView(deviceId, view), signal);
      if (!result.ok) throw new RouterReadError(result.error.kind, result.error.message);
      return { view: result.view, readAtMs: Date.parse(result.readAt) };
    },
    refetchInterval: LIVE_REFETCH_MS,
    retry: (failureCount, err) => !(err instanceof RouterReadError) && retryUnlessClientError(failureCount, err),
  });
}

/**
 * The states of a router view: a skeleton while the first read runs, an error box (role=alert) when it failed
 * with nothing read yet, else `children(view)` with the refresh line under it (the last good read's time, or why
 * the last refresh failed).
 */
export function RouterViewFrame<T>({
  query,
  what,
  testId,
  children,
}: {
  query: UseQueryResult<RouterViewData<T>, Error>;
  /** What is read, for the error title ("the firewall rules"). */
  what: string;
  testId: string;
  children: (view: T) => ReactNode;
}) {
  const { data, error } = query;
  if (!data) {
    if (error) {
      return (
        <div data-testid={`${testId}-error`}>
          <ErrorBox title={`Could not read ${what} from the router`}>
            {error.message} The page asks again every {LIVE_REFETCH_MS / 1000} s.
          </ErrorBox>
        </div>
      );
    }
    return <Skeleton className="h-32" />;
  }
  return (
    <div className="space-y-3" data-testid={testId}>
      {children(data.view)}
      <LiveStatus updatedAt={data.readAtMs} error={error} note="read from the router" />
    </div>
  );
}
