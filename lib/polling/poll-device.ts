import "server-only";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import type { Device } from "../generated/prisma/client";
import { getEnv } from "../env";
import type { MetricId } from "../metrics/descriptors";
import type { RouterOsClient } from "../routeros";
import { describeRouterOsError, RouterOsPermissionError, RouterOsUnauthorizedError } from "../routeros";
import { writeCycles, type CycleOutcome } from "./cycle-writes";
import { readRouter } from "./read-cycle";

/** Outcome of one device's poll cycle. */
export type DevicePollResult = {
  deviceId: string;
  name: string;
  status: "up" | "down" | "unauthorized";
  /** Readable error: the failure (down/unauthorized), or the sections that failed while the router was up. */
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
  /** Wall time of the cycle in ms, from its start to the start of its write (router reads and the wait for the batch). */
  ms: number;
  /** Samples written per metric (lib/metrics/descriptors.ts); 0 for every metric of a failed cycle. */
  samples: Record<MetricId, number>;
  /** Time of the DB transaction that wrote this cycle in ms (one transaction per batch of cycles; queue wait excluded). */
  dbWriteMs: number;
  /** The nextPollAt the device was due at when claimed (UTC); null when it had none (new device) or it was polled on demand. */
  dueAt: Date | null;
  /** Whether the cycle made the slow reads too (identity, routerboard, MAC server settings, MACVLAN definitions). */
  fullRead: boolean;
  /** Class of a failed cycle: the RouterOS client error's `kind` (`timeout`, `unreachable`, `tls`, `unauthorized`, ...), `deadline`, `config`, `write`; null when up. */
  failure: string | null;
};

/**
 * The Device update of a cycle matched no row: the poller lost its lease (it expired and another
 * poller claimed the device) or the device was deleted. None of its samples, state rows or snapshots are written.
 */
export class PollLeaseLostError extends Error {
  constructor(deviceId: string) {
    super(`Device ${deviceId}: lease lost or device deleted; cycle discarded`);
    this.name = "PollLeaseLostError";
  }
}

/**
 * The status of a failed cycle and its readable text: RouterOsUnauthorizedError and
 * RouterOsPermissionError (the user's group lacks `read`: the message names the policy) → `unauthorized`,
 * anything else (timeout, unreachable, TLS, bad response, an API error on `/system/resource` or
 * `/system/identity`, the cycle's deadline) → `down`; the text is describeRouterOsError's message.
 */
export function failureOf(err: unknown): { status: "down" | "unauthorized"; error: string; failure: string } {
  const status = err instanceof RouterOsUnauthorizedError || err instanceof RouterOsPermissionError ? "unauthorized" : "down";
  const { kind, message } = describeRouterOsError(err);
  return { status, error: message, failure: kind };
}

/** Options of {@link pollDevice}. */
export type PollDeviceOptions = {
  /** Write only while this poller holds the device's lease (`pollLeaseOwner`); otherwise PollLeaseLostError. */
  leaseOwner?: string;
  /** Longest interval (s) between a counter snapshot and this read that still gives a rate; default 3 × POLL_INTERVAL_SEC. */
  maxSampleIntervalSec?: number;
};

/**
 * Polls one router once with every read (fast and slow: lib/polling/read-cycle.ts) and writes the cycle in
 * one transaction (lib/polling/cycle-writes.ts), as the poller does for a batch. Status: see
 * {@link failureOf}; an API error on a later section leaves that section's rows untouched, the device `up`,
 * and the section's error in lastError.
 * @throws PollLeaseLostError when the Device update matched no row (nothing written); DB errors
 */
export async function pollDevice(db: Db, device: Pick<Device, "id" | "name">, client: RouterOsClient, opts: PollDeviceOptions = {}): Promise<DevicePollResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const common = {
    device: { id: device.id, name: device.name },
    startedAt,
    t0,
    maxSampleIntervalSec: opts.maxSampleIntervalSec ?? 3 * getEnv().POLL_INTERVAL_SEC,
  };
  let outcome: CycleOutcome;
  try {
    outcome = { ...common, kind: "up", reading: await readRouter(client, { full: true }) };
  } catch (err) {
    outcome = { ...common, kind: "failed", ...failureOf(err) };
  }
  const dbStart = performance.now();
  const [result] = await writeTransaction(db, (tx) => writeCycles(tx, [outcome], opts.leaseOwner));
  if (!result || result.lost) throw new PollLeaseLostError(device.id);
  const { lost: _lost, ...written } = result;
  return {
    deviceId: device.id,
    name: device.name,
    startedAt,
    finishedAt: new Date(),
    dbWriteMs: performance.now() - dbStart,
    dueAt: null,
    fullRead: true,
    failure: outcome.kind === "failed" ? outcome.failure : null,
    ...written,
  };
}
