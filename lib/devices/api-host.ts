/**
 * `host[:port]` of a router's REST base URL (`https://10.0.0.1:8443/rest` → `10.0.0.1:8443`), for
 * display: a user name or password in the URL is never kept. Returns the raw string when it does not parse.
 */
export function apiHostOf(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}
