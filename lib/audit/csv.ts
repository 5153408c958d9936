import { stringify } from "csv-stringify/sync";
import type { Db } from "../db-client";
import type { AuditEvent } from "../generated/prisma/client";
import { iterateAuditEvents, type AuditFilter } from "./queries";

/** Columns of the audit CSV export, in order (the header row). */
export const AUDIT_CSV_COLUMNS = ["id", "ts", "actorEmail", "actorId", "action", "entityType", "entityId", "clientIp", "requestId", "before", "after", "prevHash", "hash"] as const;

type CsvRecord = Record<(typeof AUDIT_CSV_COLUMNS)[number], string | number>;

/** An event as one CSV record: ts as ISO 8601 UTC, before/after as stored (redacted JSON text), nulls as empty cells. */
function auditCsvRecord(e: AuditEvent): CsvRecord {
  return {
    id: e.id,
    ts: e.ts.toISOString(),
    actorEmail: e.actorEmail ?? "",
    actorId: e.actorId ?? "",
    action: e.action,
    entityType: e.entityType ?? "",
    entityId: e.entityId ?? "",
    clientIp: e.clientIp ?? "",
    requestId: e.requestId ?? "",
    before: e.before ?? "",
    after: e.after ?? "",
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * The events matching `filter` as a CSV byte stream (RFC 4180 quoting by csv-stringify, header row first,
 * CRLF line ends, chain order = id ascending). Pull-based: the next batch of `batchSize` rows is read from
 * the database only when the consumer wants more, so a large log is never held in memory. The header is
 * written even when nothing matches. Values are exported verbatim (no spreadsheet-formula escaping), so
 * the file stays byte-faithful to the log.
 */
export function auditCsvStream(db: Db, filter: AuditFilter, batchSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateAuditEvents(db, filter, batchSize);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await batches.next();
      const records = next.done ? [] : next.value.map(auditCsvRecord);
      const text = stringify(records, { header: !headerSent, columns: [...AUDIT_CSV_COLUMNS], record_delimiter: "windows" });
      headerSent = true;
      if (text) controller.enqueue(encoder.encode(text));
      if (next.done) controller.close();
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
