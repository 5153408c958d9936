"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { config as zodConfig } from "zod";

// The CSP (lib/http/security-headers.ts) allows no eval: zod 4 would probe `new Function` before its first
// object parse in the browser (and fall back), which the browser reports as a CSP violation. Skip the probe.
zodConfig({ jitless: true });

/** One TanStack QueryClient per browser tab (created once per mount). */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
