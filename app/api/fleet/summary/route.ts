import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { getFleetSummary } from "@/lib/status/server";

export const dynamic = "force-dynamic";

/** GET /api/fleet/summary: JSON for the fleet overview's live widget (TanStack Query polls it). Permission: status.read. */
export const GET = withPermission("status.read", async () => NextResponse.json(await getFleetSummary()));
