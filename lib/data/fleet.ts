import "server-only";
import { requirePermission } from "../auth/session";
import { db } from "../db";
import {
  queryFleetProblems,
  queryFleetSummary,
  queryTopMacvlanTalkers,
  type FleetProblem,
  type FleetSummary,
  type FleetTalker,
} from "../devices/fleet-queries";

export type { FleetProblem, FleetSummary, FleetTalker } from "../devices/fleet-queries";

/** A list as read at `generatedAt` (ISO 8601 UTC), so a live widget knows how fresh it is. */
export interface TimedRows<T> {
  generatedAt: string;
  rows: T[];
}

/** How many top talkers the overview shows. */
const TOP_TALKERS_LIMIT = 10;

/**
 * A traffic sample older than this (seconds) is no longer "now" for the top talkers: a few poll
 * intervals, so one missed poll does not empty the widget.
 */
const TOP_TALKERS_WINDOW_SEC = 300;

/**
 * The overview's counters: devices by status, MACsec links secured or not, MAC-server sessions.
 * Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getFleetSummary(): Promise<FleetSummary> {
  await requirePermission("status.read");
  return queryFleetSummary(db);
}

/**
 * Enabled devices that are down or unauthorized, with the poller's last error. Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listFleetProblems(): Promise<TimedRows<FleetProblem>> {
  await requirePermission("status.read");
  return { generatedAt: new Date().toISOString(), rows: await queryFleetProblems(db) };
}

/**
 * The busiest MACVLAN interfaces of the fleet right now (bits/s). Permission: status.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listTopMacvlanTalkers(): Promise<TimedRows<FleetTalker>> {
  await requirePermission("status.read");
  const now = new Date();
  return { generatedAt: now.toISOString(), rows: await queryTopMacvlanTalkers(db, { limit: TOP_TALKERS_LIMIT, windowSec: TOP_TALKERS_WINDOW_SEC }, now) };
}
