"use client";

import { PageError } from "@/components/ui/page-error";

/** Error boundary of the change pages. */
export default function ChangesError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <PageError title="This change page could not be shown" error={error} retry={retry} />;
}
