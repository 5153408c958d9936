import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/route";
import { getAuditChainStatus } from "@/lib/audit/server";

/**
 * GET /api/audit/chain: the audit hash chain's status (ChainStatus: ok, count, lastHash, firstBrokenId, reason,
 * expectedHash, storedHash, checkedAt ISO 8601 UTC, durationMs), from a full verification reused for up to 10 s.
 * Requires `audit.read`.
 */
export const GET = withPermission("audit.read", async () => NextResponse.json(await getAuditChainStatus()));
