import { scrapeMetrics } from "@/lib/metrics-export/server";

/**
 * `GET /metrics`: the Prometheus text exposition of the fleet and the product's health (docs/monitoring.md,
 * "Prometheus"). Not a session route: it needs `Authorization: Bearer <token>` of an active metrics token
 * (created on /settings/metrics); anything else gets 401 with `WWW-Authenticate: Bearer`. Never cached.
 */
export async function GET(request: Request): Promise<Response> {
  const exposition = await scrapeMetrics(request.headers.get("authorization"));
  if (!exposition) {
    return new Response("A valid metrics bearer token is required.\n", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="routeros-noc metrics"', "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(exposition.body, { status: 200, headers: { "Content-Type": exposition.contentType, "Cache-Control": "no-store" } });
}
