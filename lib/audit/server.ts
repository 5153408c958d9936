import "server-only";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import { createChainStatusChecker, type ChainStatus } from "./chain-status";
import { auditCsvStream } from "./csv";
import { appendAuditEvent } from "./log";
import { auditFilterSearch } from "./list-params";
import { queryAuditActions, queryAuditEntityTypes, queryAuditPage, type AuditFilter, type AuditListQuery, type AuditPage } from "./queries";

export type { ChainStatus } from "./chain-status";
export type { AuditEventRow, AuditFilter, AuditListQuery, AuditPage } from "./queries";

/**
 * The audit log's data layer (CODE_STYLE.md "Data layer"): what /audit and `app/api/audit/**` call.
 * Server-only, on the app's database (lib/db). Each function checks `audit.read` first (requirePermission:
 * the signed-in user from the session).
 */

/**
 * A page of the audit log (newest first, keyset on id). Permission: audit.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listAuditEvents(query: AuditListQuery): Promise<AuditPage> {
  await requirePermission("audit.read");
  return queryAuditPage(db, query);
}

/**
 * Choices for the filter form: the distinct actions and entity types in the log. Permission: audit.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function listAuditFilterChoices(): Promise<{ actions: string[]; entityTypes: string[] }> {
  await requirePermission("audit.read");
  const [actions, entityTypes] = await Promise.all([queryAuditActions(db), queryAuditEntityTypes(db)]);
  return { actions, entityTypes };
}

const checkChain = createChainStatusChecker(db);

/**
 * The hash chain's status (full verification, shared by concurrent requests and reused for 10 s).
 * Permission: audit.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function getAuditChainStatus(): Promise<ChainStatus> {
  await requirePermission("audit.read");
  return checkChain();
}

/**
 * Starts a CSV export of the events matching `filter` for the signed-in user and records it as an
 * `audit.export` event (after: the filter as a query string) before the first byte is sent. The stream is
 * read from the database batch by batch. Permission: audit.read.
 * @throws UnauthenticatedError / ForbiddenError
 */
export async function exportAuditCsv(filter: AuditFilter): Promise<ReadableStream<Uint8Array>> {
  const user = await requirePermission("audit.read");
  await appendAuditEvent(db, await auditActor(user), {
    action: "audit.export",
    entityType: "audit",
    after: { format: "csv", filter: auditFilterSearch(filter) },
  });
  return auditCsvStream(db, filter);
}
