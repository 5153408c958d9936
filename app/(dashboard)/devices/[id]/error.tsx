"use client";

import { PageError } from "@/components/ui/page-error";

/** Error boundary of the device page. */
export default function DeviceError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <PageError title="This device page could not be shown" error={error} retry={retry} />;
}
