import "server-only";
import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { CSV_MAX_CHARS } from "./limits";
import { capMessages, duplicateRows, IMPORT_MAX_ROWS, importRowSchema, type ImportRow } from "../kinds/dhcp-lease-import-schema";

/**
 * The CSV of an address plan (`dhcp-lease.import`): one static lease per line, `mac-address,address,comment`
 * (comment optional). A first line naming the columns (`mac-address`, `address`, `comment`, any order, any case) is
 * a header; without one the columns are in that order. Blank lines and lines starting with `#` are skipped; fields
 * are trimmed; RFC 4180 quoting (a comment with a comma: `"rack 4, shelf 2"`).
 */

/** csv-parse's records with `info: true` (its typings give `string[][]` whatever the options). */
const recordsWithInfo = z.array(z.object({ record: z.array(z.string()), info: z.object({ lines: z.number() }) }));

const COLUMNS = ["mac-address", "address", "comment"] as const;
type Column = (typeof COLUMNS)[number];

/** What parsing gave: the rows (each with its CSV `line`), or the problems, one `line N: …` message each. */
export type CsvResult = { ok: true; rows: ImportRow[] } | { ok: false; problems: string[] };

/** The column order a header line names, or null when the line is data (its first field is not a column name). */
function headerColumns(fields: string[]): Column[] | null | string {
  const names = fields.map((f) => f.toLowerCase());
  if (!(COLUMNS as readonly string[]).includes(names[0] ?? "")) return null;
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) return `unknown column ${unknown.join(", ")} (columns: ${COLUMNS.join(", ")})`;
  if (new Set(names).size !== names.length) return "a column is named twice";
  if (!names.includes("mac-address") || !names.includes("address")) return "the header needs mac-address and address";
  return names as Column[];
}

/**
 * Parses the CSV text of an address plan and checks every row with the kind's row schema (unicast MAC, host IPv4
 * address, RouterOS-safe comment) and the duplicates within the file. Problems name their line; at most
 * IMPORT_MAX_MESSAGES are kept (the rest counted).
 */
export function parseAddressPlanCsv(text: string): CsvResult {
  if (text.length > CSV_MAX_CHARS) return { ok: false, problems: [`the CSV is longer than ${CSV_MAX_CHARS} characters`] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const raw: unknown = parse(text, { bom: true, trim: true, skip_empty_lines: true, comment: "#", relax_column_count: true, info: true });
    records = recordsWithInfo.parse(raw);
  } catch (err) {
    const line = err instanceof CsvError && typeof err.lines === "number" ? `line ${err.lines}: ` : "";
    return { ok: false, problems: [`${line}${err instanceof Error ? err.message : String(err)}`] };
  }
  let columns: Column[] = [...COLUMNS];
  const first = records[0];
  const header = first ? headerColumns(first.record) : null;
  if (typeof header === "string") return { ok: false, problems: [`line ${first?.info.lines ?? 1}: ${header}`] };
  if (header) {
    columns = header;
    records = records.slice(1);
  }
  if (records.length === 0) return { ok: false, problems: ["the CSV has no rows"] };
  if (records.length > IMPORT_MAX_ROWS) return { ok: false, problems: [`the CSV has ${records.length} rows; at most ${IMPORT_MAX_ROWS} per address plan`] };
  const rows: ImportRow[] = [];
  const problems: string[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    if (record.length > columns.length) {
      problems.push(`line ${line}: ${record.length} fields, expected at most ${columns.length} (${columns.join(",")}); quote a comment that has a comma`);
      continue;
    }
    const value = (c: Column) => record[columns.indexOf(c)] ?? "";
    const parsed = importRowSchema.safeParse({ macAddress: value("mac-address"), address: value("address"), comment: value("comment"), line });
    if (parsed.success) rows.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.push(`line ${line}: ${COLUMN_OF[String(issue.path[0])] ?? "row"}: ${issue.message}`);
  }
  if (problems.length === 0) problems.push(...duplicateRows(rows));
  return problems.length > 0 ? { ok: false, problems: capMessages(problems) } : { ok: true, rows };
}

/** The CSV column of each row param, for messages. */
const COLUMN_OF: Record<string, Column> = { macAddress: "mac-address", address: "address", comment: "comment" };
