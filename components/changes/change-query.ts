import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { fetchJson, retryUnlessClientError } from "@/components/charts/use-live-json";
import { historyCaughtUp, type ChangeDetailDto } from "@/lib/changes/dto";
import type { ChangeStatusName } from "@/lib/changes/types";
import { changeApi, changeKeys } from "@/lib/query-keys";

/** Refresh period of a request page while it is SCHEDULED or APPLYING (ms). */
const CHANGE_LIVE_MS = 1_000;

/** True while the request may still change on its own (the worker applies it): SCHEDULED or APPLYING. */
export function isLive(status: ChangeStatusName): boolean {
  return status === "SCHEDULED" || status === "APPLYING";
}

/**
 * The request, seeded with what the server rendered, polled every second while SCHEDULED or APPLYING
 * and until the audit history records the current status; polling stops then. 4xx are not retried.
 */
export function useChange(initial: ChangeDetailDto): UseQueryResult<ChangeDetailDto, Error> {
  return useQuery({
    queryKey: changeKeys.detail(initial.id),
    queryFn: ({ signal }) => fetchJson<ChangeDetailDto>(changeApi.detail(initial.id), signal),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && (isLive(q.state.data.status) || !historyCaughtUp(q.state.data)) ? CHANGE_LIVE_MS : false),
    retry: retryUnlessClientError,
  });
}
