import { withPermission } from "@/lib/auth/route";
import { parseAuditListParams } from "@/lib/audit/list-params";
import { exportAuditCsv } from "@/lib/audit/server";

/**
 * GET /api/audit/export?action=&actor=&entityType=&entityId=&from=&to=&q= : the audit events matching the same
 * filters as /audit, as a streamed CSV download (text/csv; columns id, ts (ISO 8601 UTC), actorEmail, actorId,
 * action, entityType, entityId, clientIp, requestId, before, after, prevHash, hash; chain order). Cells that a
 * spreadsheet would run as a formula (beginning with `=`, `+`, `-`, `@`, tab, carriage return, their full-width
 * forms, one of those behind leading whitespace, or `'`) get one `'` in front (OWASP CSV injection; see
 * lib/audit/csv.ts and docs/operations.md); the database stays the reference for `npm run audit:verify`. The
 * export is itself audited (`audit.export`). Requires `audit.read` (401 signed out, 403 without it).
 */
export const GET = withPermission("audit.read", async (req: Request) => {
  const url = new URL(req.url);
  const { before: _before, after: _after, ...filter } = parseAuditListParams(Object.fromEntries(url.searchParams));
  const stream = await exportAuditCsv(filter);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${stamp}Z.csv"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
});
