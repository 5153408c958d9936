import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import pLimit, { type LimitFunction } from "p-limit";
import type { Db } from "../db-client";
import { connectionKey, routerClientFor } from "../devices/router-client";
import { getEnv } from "../env";
import type { Device } from "../generated/prisma/client";
import { log } from "../log";
import { runRollup } from "../metrics/rollup";
import type { RouterOsClient } from "../routeros";
import { claimDevices, leaseRelease, nextPollTime, releaseAllLeases } from "./lease";
import { pollDevice, PollLeaseLostError, recordPollFailure, type DevicePollResult } from "./poll-device";
import { zeroPerMetric } from "../metrics/descriptors";

/** Options of {@link startPoller}; every field but `db` has a default from getEnv(). */
export type PollerOptions = {
  db: Db;
  /** Router cycles running at once (POLL_CONCURRENCY). Routers that are down run in a separate lane of ⌈concurrency/4⌉. */
  concurrency?: number;
  /** Default poll interval in seconds when a device has no pollIntervalSec (POLL_INTERVAL_SEC). */
  intervalSec?: number;
  /** Lease owner name; default `<hostname>:<pid>:<random>`. */
  owner?: string;
  /** How often the loop looks for due devices, ms (default 1000). */
  tickMs?: number;
  /** Start the scheduling loop (default true); tests drive the poller with runOnce() only. */
  loop?: boolean;
  /** Per-request limit in ms (ROUTEROS_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** TCP/TLS connect limit in ms (ROUTEROS_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** Retries of a failed read within a cycle (default 1; the next cycle retries anyway). */
  maxRetries?: number;
  /** A cycle's router reads end after this many ms, the request in flight included (default 2 × requestTimeoutMs). */
  cycleTimeoutMs?: number;
  /** ± fraction of the interval added at random to each device's next poll (default 0.1). */
  jitter?: number;
  /** Longest back-off in seconds for a router that stays down (default 600). */
  maxBackoffSec?: number;
  /** Run the 5-minute rollup every this many ms (default 300000); 0 disables it. */
  rollupEveryMs?: number;
  /** SECRET_KEY override (base64) to open device passwords. */
  secretKey?: string;
  /** Called after each device cycle that was not discarded (lease lost, device deleted, poller stopped), in completion order. */
  onCycleDone?: (result: DevicePollResult) => void;
};

/** Outcome of {@link Poller.runOnce}. */
export type PollSummary = {
  startedAt: Date;
  durationMs: number;
  claimed: number;
  up: number;
  down: number;
  unauthorized: number;
  /** One result per device, in completion order. */
  results: DevicePollResult[];
};

/** A running poller. */
export type Poller = {
  owner: string;
  /** Polls every enabled device whose lease is free, now (ignoring nextPollAt), and waits for all. */
  runOnce(): Promise<PollSummary>;
  /** Stops the loop and the rollup timer, waits for cycles in flight, releases leases, closes clients. */
  stop(): Promise<void>;
};

type CachedClient = { client: RouterOsClient; key: string };

const FAILING: Device["status"][] = ["down", "unauthorized"];
const HEALTHY: Device["status"][] = ["up", "unknown"];

/** A cycle's deadline passed (the request in flight is aborted with it); the device is recorded as down. */
export class PollDeadlineError extends Error {
  constructor(ms: number) {
    super(`Poll cycle did not finish within ${(ms / 1000).toFixed(1)} s`);
    this.name = "PollDeadlineError";
  }
}

/**
 * Starts the poller: every `tickMs` it claims due devices (lease in the Device row, so several
 * poller processes can share a fleet) and polls each on its own (one request in flight per router,
 * at most `concurrency` routers at once; routers currently down or unauthorized use a separate,
 * smaller lane so they never hold the slots of healthy ones). Each device keeps one RouterOsClient
 * (keep-alive) across cycles; it is replaced when the device's connection settings change and closed
 * when the device is removed or disabled. All DB work of this process goes through one queue
 * (SQLite has a single writer). The rollup runs every 5 minutes.
 */
export function startPoller(opts: PollerOptions): Poller {
  const env = getEnv();
  const db = opts.db;
  const concurrency = opts.concurrency ?? env.POLL_CONCURRENCY;
  const intervalSec = opts.intervalSec ?? env.POLL_INTERVAL_SEC;
  const owner = opts.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const tickMs = opts.tickMs ?? 1000;
  const requestTimeoutMs = opts.requestTimeoutMs ?? env.ROUTEROS_TIMEOUT_MS;
  const connectTimeoutMs = opts.connectTimeoutMs ?? env.ROUTEROS_CONNECT_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? 1;
  const cycleTimeoutMs = opts.cycleTimeoutMs ?? 2 * requestTimeoutMs;
  const jitter = opts.jitter ?? 0.1;
  const maxBackoffSec = opts.maxBackoffSec ?? 600;
  const rollupEveryMs = opts.rollupEveryMs ?? 300_000;
  // The lease is renewed when a cycle starts (it may have waited in its lane); the cycle's reads end
  // at the deadline (request in flight aborted), then one DB transaction runs. Twice that plus 30 s
  // of DB queue leaves a wide margin; a cycle that still outlives it writes nothing (lease-guarded
  // transaction). The rollup waits this long before aggregating a bucket (late samples).
  const leaseMs = 2 * (cycleTimeoutMs + requestTimeoutMs) + 30_000;

  const lanes: Record<"healthy" | "failing", LimitFunction> = {
    healthy: pLimit(concurrency),
    failing: pLimit(Math.max(1, Math.ceil(concurrency / 4))),
  };
  const dbQueue = pLimit(1);
  const runDb = <T>(op: () => Promise<T>): Promise<T> => dbQueue(op);
  const clients = new Map<string, CachedClient>();
  const busy = new Map<string, Promise<DevicePollResult | null>>();
  /** Claims in progress (and the dispatch that follows): stop() waits for them before releasing leases. */
  const claiming = new Set<Promise<unknown>>();
  let stopping = false;
  let tickTimer: NodeJS.Timeout | undefined;
  let rollupTimer: NodeJS.Timeout | undefined;
  let sweepAt = 0;

  function clientFor(device: Device): RouterOsClient {
    const key = connectionKey(device);
    const cached = clients.get(device.id);
    if (cached && cached.key === key) return cached.client;
    if (cached) void cached.client.close().catch(() => undefined);
    clients.delete(device.id);
    const client = routerClientFor(db, device, { connectTimeoutMs, timeoutMs: requestTimeoutMs, maxRetries, secretKey: opts.secretKey });
    clients.set(device.id, { client, key });
    return client;
  }

  /** Polls one claimed device; null when its lease was lost while it waited in its lane. */
  async function cycle(device: Device): Promise<DevicePollResult | null> {
    const startedAt = new Date();
    const t0 = performance.now();
    const renewed = await runDb(() =>
      db.device.updateMany({ where: { id: device.id, pollLeaseOwner: owner }, data: { pollLeaseUntil: new Date(Date.now() + leaseMs) } }),
    );
    if (renewed.count === 0) throw new PollLeaseLostError(device.id);
    const interval = device.pollIntervalSec ?? intervalSec;
    const deviceData = (status: DevicePollResult["status"]) =>
      leaseRelease(nextPollTime(startedAt, interval, { jitter, down: status !== "up", lastOkAt: device.lastOkAt, createdAt: device.createdAt, maxBackoffSec }));
    const common = { runDb, deviceData, deviceWhere: { pollLeaseOwner: owner } };
    let client: RouterOsClient;
    try {
      client = clientFor(device);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return recordPollFailure(db, device, new Error(`Cannot open the stored password or connection settings: ${reason}`), { ...common, startedAt, t0 });
    }
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new PollDeadlineError(cycleTimeoutMs)), cycleTimeoutMs);
    try {
      return await pollDevice(db, device, client.withSignal(deadline.signal), {
        ...common,
        checkpoint: () => deadline.signal.throwIfAborted(),
        maxSampleIntervalSec: 3 * interval,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** True when the device row is gone (deleted by an admin while its cycle ran: the writes then violate foreign keys). */
  async function deviceRemoved(id: string): Promise<boolean> {
    const row = await runDb(() => db.device.findUnique({ where: { id }, select: { id: true } })).catch(() => undefined);
    return row === null;
  }

  /** Runs a claimed device's cycle in its lane; null when the poller stopped before its turn (lease released by stop()). */
  function dispatch(device: Device): Promise<DevicePollResult | null> {
    const lane = FAILING.includes(device.status) ? lanes.failing : lanes.healthy;
    const run = lane(() => (stopping ? null : cycle(device))).catch(async (err: unknown) => {
      if (err instanceof PollLeaseLostError) {
        log.warn({ deviceId: device.id, device: device.name }, "poller: lease lost; cycle discarded");
        return null;
      }
      if (await deviceRemoved(device.id)) {
        log.info({ deviceId: device.id, device: device.name }, "poller: device deleted during its cycle; result discarded");
        return null;
      }
      log.error({ err, deviceId: device.id }, "poller: cycle failed to write");
      const now = new Date();
      const error = err instanceof Error ? err.message : String(err);
      return {
        deviceId: device.id,
        name: device.name,
        status: "down",
        error,
        startedAt: now,
        finishedAt: now,
        ms: 0,
        samples: zeroPerMetric(),
        dbWriteMs: 0,
      } satisfies DevicePollResult;
    });
    void run.then((result) => {
      if (!result) return;
      opts.onCycleDone?.(result);
      const fields = { deviceId: device.id, device: device.name, status: result.status, ms: result.ms, error: result.error };
      if (result.status !== device.status) log.info({ ...fields, previous: device.status }, "poller: device status changed");
      else log.debug(fields, "poller: cycle done");
    });
    busy.set(device.id, run);
    void run.finally(() => busy.delete(device.id));
    return run;
  }

  /** Claims healthy then failing devices; stops between the two when the poller is stopping. */
  async function claimBoth(ignoreSchedule: boolean, healthySlots: number, failingSlots: number): Promise<Device[]> {
    const exclude = [...busy.keys()];
    const base = { owner, leaseMs, ignoreSchedule, exclude };
    if (stopping) return [];
    const healthy = await runDb(() => claimDevices(db, { ...base, limit: healthySlots, statusIn: HEALTHY }));
    if (stopping) return healthy;
    const failing = await runDb(() => claimDevices(db, { ...base, limit: failingSlots, statusIn: FAILING }));
    return [...healthy, ...failing];
  }

  /**
   * Claims and dispatches due devices. Tracked in `claiming` until every claimed device is in `busy`,
   * so stop() releases the leases of claims that were in flight when it was called.
   */
  function claimAndDispatch(
    ignoreSchedule: boolean,
    healthySlots: number,
    failingSlots: number,
  ): Promise<{ device: Device; run: Promise<DevicePollResult | null> }[]> {
    const work = claimBoth(ignoreSchedule, healthySlots, failingSlots).then((devices) => devices.map((device) => ({ device, run: dispatch(device) })));
    claiming.add(work);
    void work.finally(() => claiming.delete(work)).catch(() => undefined);
    return work;
  }

  async function sweepClients(): Promise<void> {
    if (Date.now() < sweepAt) return;
    sweepAt = Date.now() + 60_000;
    const enabled = new Set((await runDb(() => db.device.findMany({ where: { enabled: true }, select: { id: true } }))).map((d) => d.id));
    for (const [id, cached] of clients) {
      if (enabled.has(id) || busy.has(id)) continue;
      clients.delete(id);
      void cached.client.close().catch(() => undefined);
    }
  }

  async function tick(): Promise<void> {
    if (stopping) return;
    try {
      // Keep at most two cycles' worth of devices claimed per lane (they wait in the lane queue under lease).
      const slots = (lane: LimitFunction) => Math.max(0, 2 * lane.concurrency - lane.activeCount - lane.pendingCount);
      await claimAndDispatch(false, slots(lanes.healthy), slots(lanes.failing));
      await sweepClients();
    } catch (err) {
      log.error({ err }, "poller: tick failed");
    } finally {
      if (!stopping) tickTimer = setTimeout(() => void tick(), tickMs);
    }
  }

  async function rollup(): Promise<void> {
    try {
      const summary = await runDb(() => runRollup(db, new Date(), { latenessMs: leaseMs }));
      log.info({ summary }, "poller: rollup done");
    } catch (err) {
      log.error({ err }, "poller: rollup failed");
    } finally {
      if (!stopping && rollupEveryMs > 0) rollupTimer = setTimeout(() => void rollup(), rollupEveryMs);
    }
  }

  if (opts.loop ?? true) {
    tickTimer = setTimeout(() => void tick(), 0);
    if (rollupEveryMs > 0) rollupTimer = setTimeout(() => void rollup(), Math.min(rollupEveryMs, 10_000));
  }

  return {
    owner,
    async runOnce() {
      const startedAt = new Date();
      const t0 = performance.now();
      const devices = await claimAndDispatch(true, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const results: DevicePollResult[] = [];
      await Promise.all(
        devices.map(async ({ run }) => {
          const result = await run;
          if (result) results.push(result);
        }),
      );
      const count = (s: DevicePollResult["status"]) => results.filter((r) => r.status === s).length;
      return {
        startedAt,
        durationMs: performance.now() - t0,
        claimed: devices.length,
        up: count("up"),
        down: count("down"),
        unauthorized: count("unauthorized"),
        results,
      };
    },
    async stop() {
      stopping = true;
      clearTimeout(tickTimer);
      clearTimeout(rollupTimer);
      await Promise.allSettled([...claiming]);
      await Promise.allSettled([...busy.values()]);
      await runDb(() => releaseAllLeases(db, owner));
      await Promise.allSettled([...clients.values()].map((c) => c.client.close()));
      clients.clear();
    },
  };
}
