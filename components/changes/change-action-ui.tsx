"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { changeKeys } from "@/lib/query-keys";

/** Refreshes the request (query + server components) once an action succeeded. */
export function useRefreshOnSuccess(id: string, state: ActionResult<null> | null): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  useEffect(() => {
    if (!state?.ok) return;
    void queryClient.invalidateQueries({ queryKey: changeKeys.detail(id) });
    router.refresh();
  }, [state, id, queryClient, router]);
}

/** Shows the action's failure (message as is: the service's reason, e.g. a stale hash or self-approval). */
export function ActionAlert({ state, testId }: { state: ActionResult<null> | null; testId: string }) {
  if (!state || state.ok) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800" data-testid={testId}>
      {state.message}
    </p>
  );
}
