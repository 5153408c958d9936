import "server-only";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import { queryTopMacvlanTalkers, type FleetTalker } from "../devices/fleet-queries";
import { FLEET_TRAFFIC_WINDOW_SEC, queryFleetStatus, toFleetProblems, toFleetSummary } from "../status/queries";
import type { FleetProblem, FleetSummary } from "../status/types";

export type { FleetTalker } from "../devices/fleet-queries";

/** A list as read at `generatedAt` (ISO 8601 UTC), so a live widget knows how fresh it is. */
export interface TimedRows<T> {
  generatedAt: string;
  rows: T[];
}

/** How many top talkers the overview shows. */
const TOP_TALKERS_LIMIT = 10;

/** How many devices with problems the overview lists. */
const PROBLEMS_LIMIT = 50;

/**
 * The overview's counters: devices by status and with a problem, MACsec links secured or not,
 * MAC-server sessions; the same state as /status (lib/status/queries.ts). Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getFleetSummary(): Promise<FleetSummary> {
  await requirePermission("status.read");
  return toFleetSummary(await queryFleetStatus(db));
}

/**
 * Enabled devices with a problem (the status page's definition: down, unauthorized, not polled yet,
 * poll overdue, MACsec link not secured), with the poller's last error. Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listFleetProblems(): Promise<TimedRows<FleetProblem>> {
  await requirePermission("status.read");
  const status = await queryFleetStatus(db);
  return { generatedAt: status.generatedAt, rows: toFleetProblems(status, PROBLEMS_LIMIT) };
}

/**
 * The busiest MACVLAN interfaces of the fleet right now (bits/s). Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listTopMacvlanTalkers(): Promise<TimedRows<FleetTalker>> {
  await requirePermission("status.read");
  const now = new Date();
  return { generatedAt: now.toISOString(), rows: await queryTopMacvlanTalkers(db, { limit: TOP_TALKERS_LIMIT, windowSec: FLEET_TRAFFIC_WINDOW_SEC }, now) };
}
