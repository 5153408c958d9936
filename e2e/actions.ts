import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { storageState, type Account } from "./accounts";

/**
 * A Next.js server-action POST as the browser sent it: the page URL it was posted to, the request
 * headers (with `next-action`, the action's id, and `content-type`, multipart or text/plain) and the raw
 * body (the serialized FormData or arguments).
 */
export interface CapturedAction {
  url: string;
  headers: Record<string, string> & { "next-action": string; "content-type": string };
  body: Buffer;
}

/** Which requests of the page to watch: Playwright's `page.route` URL matcher (glob, RegExp or predicate). */
export type RouteUrl = Parameters<Page["route"]>[0];

/**
 * Records the first server-action POST (a POST with a `next-action` header) that `page` sends to a URL
 * matching `url` while `trigger` runs (e.g. a form submit). With `abort` the request is aborted, so the
 * action never runs on the server (the page then usually shows its error boundary: load it again before
 * using it); without, it goes through unchanged. Waits until the POST was seen (the expect timeout, 15 s)
 * and removes the route again.
 */
export async function captureAction(page: Page, url: RouteUrl, trigger: () => Promise<void>, opts: { abort: boolean }): Promise<CapturedAction> {
  let captured: CapturedAction | null = null;
  await page.route(url, async (route) => {
    const req = route.request();
    const headers = req.headers();
    const action = headers["next-action"];
    if (!captured && req.method() === "POST" && action) {
      captured = {
        url: req.url(),
        headers: { ...headers, "next-action": action, "content-type": headers["content-type"] ?? "" },
        body: req.postDataBuffer() ?? Buffer.alloc(0),
      };
      if (opts.abort) return route.abort();
    }
    return route.continue();
  });
  await trigger();
  await expect.poll(() => captured !== null).toBe(true);
  await page.unroute(url);
  return captured as unknown as CapturedAction;
}

/**
 * Sends a captured server-action POST again with the session of `request` (e.g. another role's browser
 * context's `context.request`), with the same action id, content type and body, optionally rewritten as
 * UTF-8 text (e.g. to aim it at another record). Redirects are not followed. Returns the response text
 * (the RSC payload, which holds the action's result message such as "You do not have permission to do
 * this (changes.approve).").
 */
export async function replayAction(request: APIRequestContext, captured: CapturedAction, rewrite?: (body: string) => string): Promise<string> {
  const res = await request.post(captured.url, {
    headers: { "next-action": captured.headers["next-action"], "content-type": captured.headers["content-type"], accept: "text/x-component" },
    data: rewrite ? Buffer.from(rewrite(captured.body.toString("utf8")), "utf8") : captured.body,
    maxRedirects: 0,
  });
  return res.text();
}

/**
 * replayAction with the stored session of a seeded role (`storageState(role)`) in a fresh browser
 * context, closed afterwards. Returns the response text.
 */
export async function replayActionAs(browser: Browser, role: Account, captured: CapturedAction, rewrite?: (body: string) => string): Promise<string> {
  const context = await browser.newContext({ storageState: storageState(role) });
  try {
    return await replayAction(context.request, captured, rewrite);
  } finally {
    await context.close();
  }
}
