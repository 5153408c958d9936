import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { listTopMacvlanTalkers } from "@/lib/status/server";

export const dynamic = "force-dynamic";

/** GET /api/fleet/top-talkers: JSON for the fleet overview's live widget (TanStack Query polls it). Permission: status.read. */
export const GET = withPermission("status.read", async () => NextResponse.json(await listTopMacvlanTalkers()));
