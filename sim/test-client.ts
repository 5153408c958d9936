import type { SimRouterInfo } from "./types";

/**
 * A minimal RouterOS REST caller for the simulator's own tests (real HTTP, HTTP Basic). Returns the
 * status and the body text parsed as JSON when possible (`raw` keeps the text).
 */
export async function rest(
  router: SimRouterInfo,
  path: string,
  init: { method?: string; body?: unknown; password?: string; signal?: AbortSignal } = {},
): Promise<{ status: number; body: unknown; raw: string }> {
  const token = Buffer.from(`${router.username}:${init.password ?? router.password}`).toString("base64");
  const res = await fetch(`${router.apiUrl}/rest${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Basic ${token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const raw = await res.text();
  let body: unknown = raw;
  try {
    body = raw === "" ? undefined : JSON.parse(raw);
  } catch {
    body = raw;
  }
  return { status: res.status, body, raw };
}

/** The router named `name`; throws when the fleet lacks it. */
export function routerNamed(routers: SimRouterInfo[], name: string): SimRouterInfo {
  const r = routers.find((x) => x.name === name);
  if (!r) throw new Error(`no router ${name}`);
  return r;
}
