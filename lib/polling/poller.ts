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
import { zeroPerMetric } from "../metrics/descriptors";
import type { MacvlanStateRow } from "../metrics/store";
import type { CycleOutcome } from "./cycle-writes";
import { claimDevices, leaseRelease, nextPollTime, releaseAllLeases, renewLeases } from "./lease";
import { failureOf, PollLeaseLostError, type DevicePollResult } from "./poll-device";
import { readRouter } from "./read-cycle";
import { createWriteBatcher } from "./write-batcher";

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
  /** Slow-cadence reads at most this many seconds apart, ± jitter (POLL_SLOW_READ_SEC; lib/polling/read-cycle.ts ReadPlan). */
  slowReadSec?: number;
  /** Lease length in ms (default POLL_LEASE_SEC): renewed every third of it; a dead poller's routers are claimed again after it. */
  leaseMs?: number;
  /** Finished cycles written per transaction, at most (default 250). */
  writeBatchSize?: number;
  /** A finished cycle waits at most this long (ms) for its batch to fill (default 100). */
  writeBatchMs?: number;
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

/** What this process remembers of a device between cycles (lost on restart or when another poller takes it: the next cycle then reads everything). */
type DeviceMemory = {
  /** When the last full read was made (ms since epoch). */
  fullAt: number;
  /** When the next full read is due (ms since epoch); 0 = next cycle. */
  fullDueAt: number;
  /** MACVLAN definitions from the last full read, with `running`/`disabled` kept current (undefined: that read failed). */
  macvlans: MacvlanStateRow[] | undefined;
};

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
 * Starts the poller: every `tickMs` (at once again while there is more due work than free slots) it
 * claims due devices (lease in the Device row, so several poller processes can share a fleet) and polls
 * each on its own (one request in flight per router, at most `concurrency` routers reading at once;
 * routers currently down or unauthorized use a separate, smaller lane so they never hold the slots of
 * healthy ones). A cycle makes the fast reads, and the slow ones too when they are due (lib/polling/
 * read-cycle.ts ReadPlan: first poll by this process, device not up before, a change request finished on
 * it since, MACVLAN set changed, or POLL_SLOW_READ_SEC passed). Finished cycles are written in batches,
 * one transaction per batch (lib/polling/write-batcher.ts). Each device keeps one RouterOsClient
 * (keep-alive) across cycles; it is replaced when the device's connection settings change and closed
 * when the device is removed or disabled. All DB work of this process goes through one queue (SQLite
 * has a single writer). The rollup runs every 5 minutes.
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
  const slowReadMs = (opts.slowReadSec ?? env.POLL_SLOW_READ_SEC) * 1000;
  // Leases are short and renewed by a heartbeat every third of their length while this process runs
  // (claimed devices waiting in a lane, cycles in flight, batches not written yet): a dead worker's
  // routers are free again after at most leaseMs. A cycle whose lease was taken over writes nothing
  // (lease-guarded update).
  const leaseMs = opts.leaseMs ?? env.POLL_LEASE_SEC * 1000;
  // How late a raw sample may be written after its `ts`: the cycle's reads end at the deadline (request in
  // flight aborted), then its batch waits for the DB queue; twice that plus 30 s is a wide margin. The
  // rollup waits this long before aggregating a bucket.
  const maxWriteDelayMs = 2 * (cycleTimeoutMs + requestTimeoutMs) + 30_000;

  const lanes: Record<"healthy" | "failing", LimitFunction> = {
    healthy: pLimit(concurrency),
    failing: pLimit(Math.max(1, Math.ceil(concurrency / 4))),
  };
  const dbQueue = pLimit(1);
  const runDb = <T>(op: () => Promise<T>): Promise<T> => dbQueue(op);
  const writer = createWriteBatcher({ db, runDb, leaseOwner: owner, maxBatch: opts.writeBatchSize ?? 250, maxDelayMs: opts.writeBatchMs ?? 100 });
  const clients = new Map<string, CachedClient>();
  const memory = new Map<string, DeviceMemory>();
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

  /** Whether this cycle makes the slow reads too; `changed`: a change request finished on the device since its last full read. */
  function fullReadDue(device: Device, changed: boolean): boolean {
    const m = memory.get(device.id);
    return !m || changed || device.status !== "up" || Date.now() >= m.fullDueAt;
  }

  /** Remembers what a written cycle read, for the next cycle's plan. */
  function remember(outcome: CycleOutcome): void {
    if (outcome.kind !== "up") return void memory.delete(outcome.device.id);
    const r = outcome.reading;
    const now = Date.now();
    const previous = memory.get(outcome.device.id);
    const fullAt = r.full ? now : (previous?.fullAt ?? now);
    const fullDueAt = r.macvlansChanged ? 0 : r.full ? now + slowReadMs * (1 + (Math.random() * 2 - 1) * jitter) : (previous?.fullDueAt ?? 0);
    memory.set(outcome.device.id, { fullAt, fullDueAt, macvlans: r.knownMacvlans });
  }

  /** Reads one claimed device; null when its lease was lost while it waited in its lane. */
  async function cycle(device: Device, changed: boolean): Promise<CycleOutcome> {
    const startedAt = new Date();
    const t0 = performance.now();
    const interval = device.pollIntervalSec ?? intervalSec;
    const deviceData = (status: DevicePollResult["status"]) =>
      leaseRelease(nextPollTime(startedAt, interval, { jitter, down: status !== "up", lastOkAt: device.lastOkAt, createdAt: device.createdAt, maxBackoffSec }));
    const common = { device: { id: device.id, name: device.name }, startedAt, t0, deviceData, maxSampleIntervalSec: 3 * interval };
    let client: RouterOsClient;
    try {
      client = clientFor(device);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { ...common, kind: "failed", status: "down", error: `Cannot open the stored password or connection settings: ${reason}`, failure: "config" };
    }
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new PollDeadlineError(cycleTimeoutMs)), cycleTimeoutMs);
    try {
      const plan = { full: fullReadDue(device, changed), knownMacvlans: memory.get(device.id)?.macvlans };
      const reading = await readRouter(client.withSignal(deadline.signal), plan, () => deadline.signal.throwIfAborted());
      return { ...common, kind: "up", reading };
    } catch (err) {
      return { ...common, kind: "failed", ...failureOf(err), ...(deadline.signal.aborted ? { failure: "deadline" } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** True when the device row is gone (deleted by an admin while its cycle ran: the writes then violate foreign keys). */
  async function deviceRemoved(id: string): Promise<boolean> {
    const row = await runDb(() => db.device.findUnique({ where: { id }, select: { id: true } })).catch(() => undefined);
    return row === null;
  }

  /** Reads the device in its lane, then writes the cycle with its batch. */
  async function readAndWrite(device: Device, lane: LimitFunction, changed: boolean): Promise<DevicePollResult | null> {
    const outcome = await lane(() => (stopping ? null : cycle(device, changed)));
    if (!outcome) return null;
    const { result, dbWriteMs, committedAt } = await writer.submit(outcome);
    if (result.lost) throw new PollLeaseLostError(device.id);
    remember(outcome);
    const fullRead = outcome.kind === "up" && outcome.reading.full;
    const { lost: _lost, ...written } = result;
    return {
      deviceId: device.id,
      name: device.name,
      startedAt: outcome.startedAt,
      finishedAt: committedAt,
      dbWriteMs,
      dueAt: device.nextPollAt,
      fullRead,
      failure: outcome.kind === "failed" ? outcome.failure : null,
      ...written,
    };
  }

  /** Runs a claimed device's cycle in its lane; null when the poller stopped before its turn (lease released by stop()). */
  function dispatch(device: Device, changed: boolean): Promise<DevicePollResult | null> {
    const lane = FAILING.includes(device.status) ? lanes.failing : lanes.healthy;
    const run = readAndWrite(device, lane, changed).catch(async (err: unknown) => {
      if (err instanceof PollLeaseLostError) {
        log.warn({ deviceId: device.id, device: device.name }, "poller: lease lost or device deleted; cycle discarded");
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
        dueAt: device.nextPollAt,
        fullRead: false,
        failure: "write",
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

  /** Ids of the claimed devices on which a change request finished since this process last read them fully. */
  async function changedSinceFullRead(devices: Device[]): Promise<Set<string>> {
    const known = devices.filter((d) => memory.has(d.id));
    const changed = new Set<string>();
    for (let i = 0; i < known.length; i += 500) {
      const part = known.slice(i, i + 500);
      const since = new Date(Math.min(...part.map((d) => memory.get(d.id)?.fullAt ?? 0)));
      const rows = await runDb(() =>
        db.changeTarget.findMany({
          where: { deviceId: { in: part.map((d) => d.id) }, finishedAt: { gte: since } },
          select: { deviceId: true, finishedAt: true },
        }),
      );
      for (const r of rows) {
        if (r.deviceId && r.finishedAt && r.finishedAt.getTime() >= (memory.get(r.deviceId)?.fullAt ?? 0)) changed.add(r.deviceId);
      }
    }
    return changed;
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
    const work = claimBoth(ignoreSchedule, healthySlots, failingSlots).then(async (devices) => {
      const changed = await changedSinceFullRead(devices);
      return devices.map((device) => ({ device, run: dispatch(device, changed.has(device.id)) }));
    });
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
    for (const id of memory.keys()) if (!enabled.has(id)) memory.delete(id);
  }

  /**
   * Free claim slots of a lane: it keeps at most two cycles' worth of devices claimed (they wait in the lane
   * queue under lease). On a fast re-check (`backlog`: the last claim filled every slot, so more is due) a lane
   * is only topped up once half its queue has drained: claiming the two or three slots freed since the last
   * look, every 20 ms, cost more database work than the cycles themselves (bench/poller.ts profile).
   */
  function freeSlots(lane: LimitFunction, backlog: boolean): number {
    const free = Math.max(0, 2 * lane.concurrency - lane.activeCount - lane.pendingCount);
    return backlog && free < Math.ceil(lane.concurrency / 2) ? 0 : free;
  }

  async function tick(backlog = false): Promise<void> {
    if (stopping) return;
    let saturated = false;
    try {
      const healthySlots = freeSlots(lanes.healthy, backlog);
      const failingSlots = freeSlots(lanes.failing, backlog);
      const claimed = healthySlots > 0 || failingSlots > 0 ? await claimAndDispatch(false, healthySlots, failingSlots) : [];
      // A full claim (or none possible) means more may be due: look again soon rather than after tickMs.
      saturated = claimed.filter(({ device }) => HEALTHY.includes(device.status)).length >= healthySlots;
      await sweepClients();
    } catch (err) {
      log.error({ err }, "poller: tick failed");
    } finally {
      if (!stopping) tickTimer = setTimeout(() => void tick(saturated), saturated ? Math.min(tickMs, 20) : tickMs);
    }
  }
  async function rollup(): Promise<void> {
    try {
      // Each step (a read, one chunk's transaction, one retention delete) takes the DB queue on its own, so cycle
      // writes interleave; once stopping, the next step fails and the rollup resumes there on the next run.
      const runStep = <T>(op: () => Promise<T>): Promise<T> => (stopping ? Promise.reject(new Error("poller stopping")) : runDb(op));
      const summary = await runRollup(db, new Date(), { latenessMs: maxWriteDelayMs, runStep });
      log.info({ summary }, "poller: rollup done");
    } catch (err) {
      log.error({ err }, "poller: rollup failed");
    } finally {
      if (!stopping && rollupEveryMs > 0) rollupTimer = setTimeout(() => void rollup(), rollupEveryMs);
    }
  }

  async function heartbeat(): Promise<void> {
    try {
      await runDb(() => renewLeases(db, owner, leaseMs));
    } catch (err) {
      log.error({ err }, "poller: lease renewal failed");
    }
  }
  const heartbeatTimer = setInterval(() => void heartbeat(), Math.max(100, Math.floor(leaseMs / 3)));
  heartbeatTimer.unref();

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
      clearInterval(heartbeatTimer);
      clearTimeout(rollupTimer);
      await Promise.allSettled([...claiming]);
      await Promise.allSettled([...busy.values()]);
      await writer.drain();
      await runDb(() => releaseAllLeases(db, owner));
      await Promise.allSettled([...clients.values()].map((c) => c.client.close()));
      clients.clear();
    },
  };
}
