import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Db } from "../db-client";
import type { AuditEvent } from "../generated/prisma/client";
import { iterateAuditEvents, type AuditFilter } from "./queries";

/** Columns of the audit CSV export, in order (the header row). */
export const AUDIT_CSV_COLUMNS = [
  "id",
  "ts",
  "actorEmail",
  "actorId",
  "action",
  "entityType",
  "entityId",
  "clientIp",
  "requestId",
  "before",
  "after",
  "prevHash",
  "hash",
] as const;

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

/** A formula trigger (ASCII or full-width = + - @) behind leading whitespace (space, LF, NBSP, ideographic space...). */
const TRIGGER_AFTER_WHITESPACE = /^\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * CSV (formula) injection defence, OWASP "CSV Injection": a cell the export would start with a formula
 * trigger gets a single quote (`'`) in front, so Excel, LibreOffice Calc, Google Sheets and Numbers show it
 * as text; the rest of the value is untouched. csv-stringify's `escape_formulas` covers cells that begin
 * with `=`, `+`, `-`, `@`, tab or carriage return and their full-width forms `＝＋－＠` (kept on purpose:
 * csv-stringify's authors found that Apple Numbers folds them to ASCII and evaluates the cell, and the cost
 * is one visible `'` on an unusual value). This cast adds, before that check runs:
 * - a trigger behind other leading whitespace (e.g. `" =1+1"`, `"\n=1+1"`): spreadsheets that trim cells
 *   on import (LibreOffice's "Trim spaces") would read a formula;
 * - a cell that already begins with `'`, so the rule stays reversible: an exported cell that begins with
 *   `'` had exactly one `'` added, and removing it gives the stored value (to check a row against its hash).
 */
function neutraliseCell(value: string): string {
  return value.startsWith("'") || TRIGGER_AFTER_WHITESPACE.test(value) ? `'${value}` : value;
}

/**
 * The events matching `filter` as a CSV byte stream (RFC 4180 quoting by csv-stringify, header row first,
 * CRLF line ends, chain order = id ascending). Pull-based: the next batch of `batchSize` rows is read from
 * the database only when the consumer wants more, so a large log is never held in memory. The header is
 * written even when nothing matches. Cells a spreadsheet could run as a formula are neutralised (see
 * {@link neutraliseCell}); every other value is exported as stored.
 */
export function auditCsvStream(db: Db, filter: AuditFilter, batchSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateAuditEvents(db, filter, batchSize);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await batches.next();
      const records = next.done ? [] : next.value.map(auditCsvRecord);
      const text = stringify(records, {
        header: !headerSent,
        columns: [...AUDIT_CSV_COLUMNS],
        record_delimiter: "windows",
        escape_formulas: true,
        cast: { string: neutraliseCell },
      });
      headerSent = true;
      if (text) controller.enqueue(encoder.encode(text));
      if (next.done) controller.close();
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
