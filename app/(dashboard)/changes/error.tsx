"use client";

import { ErrorBox } from "@/components/ui/card";

/** Error boundary of the change pages: a masked message (details in the server log) and a retry that re-fetches the server tree. */
export default function ChangesError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorBox title="This change page could not be shown">
        <p>An unexpected error occurred{error.digest ? ` (reference ${error.digest})` : ""}. The details are in the server log.</p>
      </ErrorBox>
      <button type="button" onClick={() => retry()} className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-dark">
        Try again
      </button>
    </div>
  );
}
