import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { listFleetProblems } from "@/lib/status/server";

export const dynamic = "force-dynamic";

/**
 * GET /api/fleet/problems: the overview's problems, the fleet's firing alerts (FleetProblems: `generatedAt`, `total`,
 * the first `rows`), as JSON for its live widget (TanStack Query polls it). Permission: status.read.
 */
export const GET = withPermission("status.read", async () => NextResponse.json(await listFleetProblems()));
