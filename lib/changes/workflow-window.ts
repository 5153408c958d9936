/**
 * Bounds of an apply window (docs/changes.md, Workflow step 3), shared by the schedule server action's
 * schema and the service so they hold whatever the caller. Client-safe: no server imports.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How far in the past a window may start (ms): clock skew between browser and server, and minute-precision inputs. */
export const WINDOW_START_TOLERANCE_MS = 5 * MINUTE_MS;

/** How far ahead a window may start (ms): 90 days. The plan was read from the routers at proposal time. */
export const WINDOW_MAX_LEAD_MS = 90 * DAY_MS;

/** The longest window (ms, end − start): 24 hours, any maintenance window, overnight and across time zones. */
export const WINDOW_MAX_LENGTH_MS = 24 * HOUR_MS;

/** Messages by window field (`windowStart`, `windowEnd`); empty when the window is within its bounds. */
export type WindowProblems = Partial<Record<"windowStart" | "windowEnd", string>>;

function valid(d: Date | undefined): d is Date {
  return d !== undefined && Number.isFinite(d.getTime());
}

/**
 * Checks an apply window (UTC instants) against its bounds at `now`: the start (absent = now) at most
 * WINDOW_START_TOLERANCE_MS in the past and at most WINDOW_MAX_LEAD_MS ahead; the end (optional) after
 * the start, in the future and at most WINDOW_MAX_LENGTH_MS after the start. An invalid Date is refused.
 * Returns the problems keyed by field (empty object = valid); throws nothing.
 */
export function windowProblems(window: { windowStart?: Date; windowEnd?: Date }, now: Date): WindowProblems {
  const problems: WindowProblems = {};
  if (window.windowStart !== undefined && !valid(window.windowStart)) problems.windowStart = "not a valid time";
  else if (window.windowStart && window.windowStart.getTime() < now.getTime() - WINDOW_START_TOLERANCE_MS) problems.windowStart = "must not be in the past";
  else if (window.windowStart && window.windowStart.getTime() > now.getTime() + WINDOW_MAX_LEAD_MS)
    problems.windowStart = `must be at most ${WINDOW_MAX_LEAD_MS / DAY_MS} days ahead`;
  if (window.windowEnd === undefined) return problems;
  const start = window.windowStart && valid(window.windowStart) ? window.windowStart.getTime() : now.getTime();
  const end = window.windowEnd.getTime();
  if (!valid(window.windowEnd)) problems.windowEnd = "not a valid time";
  else if (end <= start || end <= now.getTime()) problems.windowEnd = "must be after the start and in the future";
  else if (end - start > WINDOW_MAX_LENGTH_MS) problems.windowEnd = `must be at most ${WINDOW_MAX_LENGTH_MS / HOUR_MS} hours after the start`;
  return problems;
}
