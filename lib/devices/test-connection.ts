import "server-only";
import { RouterOsClient, describeRouterOsError, getSystemFacts, type RouterOsErrorDescription, type RouterOsTarget } from "../routeros";
import type { ConnectGuard } from "../routeros";

/** What a successful test read from the router (`/system/identity`, `/system/resource`, `/system/routerboard`). */
export interface ConnectionFacts {
  identity: string;
  boardName: string;
  /** RouterBOARD model, null on CHR / x86. */
  model: string | null;
  /** `/system/resource` `version` as printed (`7.23.3 (stable)`). */
  version: string;
  architecture: string;
  /** Seconds since boot. */
  uptimeSec: number;
}

/** Result of a connection test; never contains the password. `elapsedMs`: wall time of the test. */
export type ConnectionTestResult = { ok: true; facts: ConnectionFacts; elapsedMs: number } | { ok: false; error: RouterOsErrorDescription; elapsedMs: number };

/** Limits of a connection test: short, and no retries, so the admin sees the real first answer. */
const TEST_CONNECT_TIMEOUT_MS = 5_000;
const TEST_TIMEOUT_MS = 10_000;

/**
 * Connects to a router's REST API with the given settings and reads its system facts (three GETs:
 * `/system/identity`, `/system/resource`, `/system/routerboard`). Used by the admin "Test connection"
 * button before saving a device. Never throws for router or network failures: they come back as
 * `{ ok: false, error: { kind, message, status?, detail? } }` (kinds: api, unauthorized, permission
 * (the message names the missing policy), timeout, unreachable, tls, bad-response, internal for
 * anything else such as an invalid URL). `guard` vets the target before any packet is sent (lib/devices/router-networks.ts
 * `routerConnectGuard`): a refused target is kind `unreachable` with the same neutral message whatever the port's
 * state, so the button cannot tell an open port from a closed one outside the allowed router networks. Inside them,
 * errors stay specific (refused, timeout, TLS...): the NOC needs them.
 */
export async function testRouterConnection(
  target: Pick<RouterOsTarget, "apiUrl" | "username" | "password" | "tlsFingerprint" | "caPem">,
  guard: ConnectGuard,
): Promise<ConnectionTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let client: RouterOsClient | undefined;
  try {
    client = new RouterOsClient({ ...target, guard, connectTimeoutMs: TEST_CONNECT_TIMEOUT_MS, timeoutMs: TEST_TIMEOUT_MS, maxRetries: 0 });
    const f = await getSystemFacts(client);
    return {
      ok: true,
      facts: { identity: f.identity, boardName: f.boardName, model: f.model, version: f.version.raw, architecture: f.architecture, uptimeSec: f.uptimeSec },
      elapsedMs: elapsed(),
    };
  } catch (err) {
    return { ok: false, error: describeRouterOsError(err), elapsedMs: elapsed() };
  } finally {
    await client?.close();
  }
}
