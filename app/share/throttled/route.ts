import { throttledShareResponse } from "@/lib/status/share-throttle";

/**
 * GET /share/throttled?retry=<s>&back=</share/...>: the 429 Too Many Requests page that /share/<token> redirects
 * to when its source is over a rate limit (a page cannot set its status in the App Router). Public like the
 * share pages and carries no data, hence no withPermission; proxy.ts lets /share/* through.
 */
export function GET(req: Request): Response {
  return throttledShareResponse(new URL(req.url).searchParams);
}
