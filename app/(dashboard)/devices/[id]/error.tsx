"use client";

import { ErrorBox } from "@/components/ui/card";

/** Error boundary of the device page: a masked message (details are in the server log) and a retry button. */
export default function DeviceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorBox title="This device page could not be shown">
        <p>An unexpected error occurred{error.digest ? ` (reference ${error.digest})` : ""}. The details are in the server log.</p>
      </ErrorBox>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-dark"
      >
        Try again
      </button>
    </div>
  );
}
