import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { CreateMetricsTokenForm } from "@/components/metrics-export/create-metrics-token-form";
import { MetricsTokensTable } from "@/components/metrics-export/metrics-tokens-table";
import { requirePagePermission } from "@/lib/auth/session";
import { listMetricsTokens } from "@/lib/metrics-export/server";

export const metadata: Metadata = { title: "Prometheus metrics" };

/**
 * /settings/metrics (permission metrics.manage): create a bearer token for Prometheus's scrape of `GET /metrics`
 * (shown once), list tokens with creator, last use and revocation, and revoke them.
 */
export default async function MetricsSettingsPage() {
  await requirePagePermission("metrics.manage");
  const tokens = await listMetricsTokens();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Prometheus metrics</h1>
        <p className="text-sm text-slate-500">
          Prometheus scrapes <code className="font-mono">/metrics</code> with a bearer token made here (scrape configuration and Grafana dashboard:
          docs/monitoring.md). Only a hash of each token is stored: copy it when it is created. Revoke a token to refuse its scrapes at once.
        </p>
      </div>
      <Card title="New metrics token">
        <CreateMetricsTokenForm />
      </Card>
      <Card title={`Metrics tokens (${tokens.length})`}>
        <MetricsTokensTable tokens={tokens} />
      </Card>
    </div>
  );
}
