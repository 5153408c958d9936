"use client";

import { ErrorBox } from "./card";

/**
 * The body of an error boundary (`error.tsx`): a server error is masked by Next in production and shown
 * by its reference (`digest`, details in the server log); an error without a digest happened in the
 * browser or was answered as text by the server (a 413 for a body over the limit, a refused cross-site
 * request), and its message is meant for the user. `retry` re-fetches the server component tree (Next 16).
 */
export function PageError({ title, error, retry }: { title: string; error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorBox title={title}>
        <p>
          {error.digest
            ? `An unexpected error occurred (reference ${error.digest}). Try again; the details are in the server log.`
            : error.message || "An unexpected error occurred. Try again."}
        </p>
      </ErrorBox>
      <button type="button" onClick={() => retry()} className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-dark">
        Try again
      </button>
    </div>
  );
}
