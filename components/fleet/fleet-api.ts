import type { FleetProblem, FleetSummary, FleetTalker } from "@/lib/devices/fleet-queries";
import type { TimedRows } from "@/lib/data/fleet";

/** How often the overview's live widgets poll their route handlers (ms). */
export const FLEET_REFRESH_MS = 10_000;

/** TanStack Query keys of the fleet overview (one factory, so invalidation and polling agree). */
export const fleetKeys = {
  all: ["fleet"] as const,
  summary: () => [...fleetKeys.all, "summary"] as const,
  problems: () => [...fleetKeys.all, "problems"] as const,
  topTalkers: () => [...fleetKeys.all, "top-talkers"] as const,
};

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (res.status === 401) throw new Error("Your session has ended: sign in again.");
  if (!res.ok) throw new Error(`The server answered ${res.status}.`);
  return (await res.json()) as T;
}

/** GET /api/fleet/summary (FleetSummary). */
export const fetchFleetSummary = () => getJson<FleetSummary>("/api/fleet/summary");
/** GET /api/fleet/problems ({ generatedAt, rows: FleetProblem[] }). */
export const fetchFleetProblems = () => getJson<TimedRows<FleetProblem>>("/api/fleet/problems");
/** GET /api/fleet/top-talkers ({ generatedAt, rows: FleetTalker[] }, bits/s). */
export const fetchTopTalkers = () => getJson<TimedRows<FleetTalker>>("/api/fleet/top-talkers");
