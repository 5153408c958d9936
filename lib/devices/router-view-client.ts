import "server-only";
import type { Db } from "../db-client";
import { describeRouterOsError, type RouterOsClient } from "../routeros";
import { connectionKey, routerClientFor, type DeviceConnection } from "./router-client";
import type { RouterViewResult } from "./router-view-dto";

/**
 * Reads for the device page's router views (lib/devices/router-views.ts), made from the web server when a
 * page asks, with two limits so that a page left open, or many viewers of one router, cost the router
 * little:
 *
 * - one RouterOS client per device, kept while reads keep coming and closed after CLIENT_IDLE_MS without
 *   one (RouterOS logs a REST login per connection; a tab refreshing every 10 s keeps one connection);
 * - one read per device and view at a time, whose answer is shared for SHARE_MS by every caller (each caller
 *   has passed its own permission check first).
 *
 * Reads fail fast (connect 5 s, answer 10 s, no retry): the page shows the error and asks again at its next
 * refresh.
 */

/** Time to connect (ms) of a view read. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Time for the router's answer (ms) of each request of a view read. */
const TIMEOUT_MS = 10_000;
/** A device's client is closed this long (ms) after its last read ends. */
const CLIENT_IDLE_MS = 30_000;
/** A finished read answers the same device and view for this long (ms). */
const SHARE_MS = 2_000;

/** The device columns a view read needs: how to reach the router, whether it is enabled, its version. */
export type ViewDevice = DeviceConnection & { enabled: boolean; version: string | null };

interface CachedClient {
  key: string;
  client: RouterOsClient;
  users: number;
  retired: boolean;
  idle: ReturnType<typeof setTimeout> | null;
}

const clients = new Map<string, CachedClient>();
/** Reads running or finished less than SHARE_MS ago, by view and device. */
const reads = new Map<string, Promise<RouterViewResult<unknown> | null>>();

function release(entry: CachedClient, deviceId: string): void {
  entry.users -= 1;
  if (entry.users > 0) return;
  if (entry.retired) {
    void entry.client.close();
    return;
  }
  entry.idle = setTimeout(() => {
    if (clients.get(deviceId) === entry) clients.delete(deviceId);
    void entry.client.close();
  }, CLIENT_IDLE_MS);
  entry.idle.unref();
}

function acquire(db: Db, device: ViewDevice): CachedClient {
  const key = connectionKey(device);
  const cached = clients.get(device.id);
  if (cached && cached.key === key) {
    if (cached.idle) clearTimeout(cached.idle);
    cached.idle = null;
    cached.users += 1;
    return cached;
  }
  if (cached) {
    // The device's connection settings changed: the old client closes once its reads end.
    cached.retired = true;
    if (cached.idle) clearTimeout(cached.idle);
    if (cached.users === 0) void cached.client.close();
  }
  const client = routerClientFor(db, device, { connectTimeoutMs: CONNECT_TIMEOUT_MS, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
  const entry: CachedClient = { key, client, users: 1, retired: false, idle: null };
  clients.set(device.id, entry);
  return entry;
}

async function runRead<T>(
  db: Db,
  device: ViewDevice,
  read: (client: RouterOsClient, device: ViewDevice, readAt: Date) => Promise<T>,
): Promise<RouterViewResult<T>> {
  const readAt = new Date();
  if (!device.enabled) {
    return { ok: false, readAt: readAt.toISOString(), error: { kind: "disabled", message: "This device is disabled: the app does not contact its router." } };
  }
  let entry: CachedClient;
  try {
    entry = acquire(db, device);
  } catch (err) {
    return {
      ok: false,
      readAt: readAt.toISOString(),
      error: { kind: "config", message: `cannot open the stored connection settings: ${describeRouterOsError(err).message}` },
    };
  }
  try {
    return { ok: true, readAt: readAt.toISOString(), view: await read(entry.client, device, readAt) };
  } catch (err) {
    const { kind, message } = describeRouterOsError(err);
    return { ok: false, readAt: readAt.toISOString(), error: { kind, message } };
  } finally {
    release(entry, device.id);
  }
}

/**
 * Runs `read` against the router of device `deviceId` for the view named `view`, or joins the read of that
 * device and view already running or finished less than SHARE_MS ago. Never throws for router failures: they
 * come back as `{ ok: false, error: { kind, message } }` (kinds of lib/routeros/errors.ts, `disabled` for a
 * disabled device, `config` when the stored password cannot be opened). The caller checks the permission first.
 * @param read builds the view from the router; `readAt` is when the read started (relative times in replies,
 *   such as a lease's `last-seen`, are turned into moments from it)
 * @returns null when the device does not exist
 */
export async function readRouterView<T>(
  db: Db,
  deviceId: string,
  view: string,
  read: (client: RouterOsClient, device: ViewDevice, readAt: Date) => Promise<T>,
): Promise<RouterViewResult<T> | null> {
  const key = `${view}\u0000${deviceId}`;
  const current = reads.get(key);
  if (current) return (await current) as RouterViewResult<T> | null;
  const result = (async (): Promise<RouterViewResult<T> | null> => {
    const device = await db.device.findUnique({
      where: { id: deviceId },
      select: { id: true, apiUrl: true, username: true, passwordSealed: true, tlsFingerprint: true, caPem: true, enabled: true, version: true },
    });
    return device ? runRead(db, device, read) : null;
  })();
  reads.set(key, result);
  try {
    return await result;
  } finally {
    // Forgotten SHARE_MS after it ends, so that reads of many devices do not pile up in memory.
    setTimeout(() => {
      if (reads.get(key) === result) reads.delete(key);
    }, SHARE_MS).unref();
  }
}

/** Closes every cached client and forgets every shared read (tests; a process shutting down). */
export async function closeRouterViewClients(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  reads.clear();
  for (const entry of open) if (entry.idle) clearTimeout(entry.idle);
  await Promise.all(open.map((entry) => entry.client.close()));
}
