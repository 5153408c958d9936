"use client";

import { ErrorBox } from "@/components/ui/card";

/**
 * Error boundary of the device page: a masked message (details are in the server log) and a retry
 * button. Next 16's `retry` re-fetches the server component tree (`reset` would only re-render the
 * client state and show the same error again).
 */
export default function DeviceError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorBox title="This device page could not be shown">
        <p>An unexpected error occurred{error.digest ? ` (reference ${error.digest})` : ""}. The details are in the server log.</p>
      </ErrorBox>
      <button
        type="button"
        onClick={() => retry()}
        className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-dark"
      >
        Try again
      </button>
    </div>
  );
}
