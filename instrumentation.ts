/**
 * Next.js instrumentation hook (runs once per server process before requests are served): installs the
 * peer-address capture that lib/auth/request-meta.ts relies on to know the real client address
 * (lib/auth/peer-address.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") (await import("./lib/auth/peer-address")).capturePeerAddresses();
}
