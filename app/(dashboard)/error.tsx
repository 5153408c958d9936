"use client";

import { PageError } from "@/components/ui/page-error";

/** Error boundary of the dashboard pages. */
export default function DashboardError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <PageError title="This page could not be loaded" error={error} retry={retry} />;
}
