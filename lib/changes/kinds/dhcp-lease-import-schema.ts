import { z } from "zod";
import { hostIpv4Address, routerOsComment, routerOsName, unicastMac } from "../../validation/routeros";
import { optionalParam } from "./shared";

/**
 * The params of `dhcp-lease.import` (an address plan: static `/ip/dhcp-server/lease` rows for one DHCP server,
 * docs/routeros.md "static lease"): `server` and `rows`, each row a unicast `macAddress` (normalised as RouterOS
 * prints it, upper case with colons), a host IPv4 `address` and an optional `comment`, plus the `line` of the CSV it
 * came from (lib/changes/address-plan/csv.ts) so that every refusal names that line.
 */

/** Most rows one import takes (the CSV page and the kind refuse more). */
export const IMPORT_MAX_ROWS = 5_000;

/** Most refusal messages kept for `rows` (the rest are counted in one last message). */
export const IMPORT_MAX_MESSAGES = 50;

/** One row of an address plan. `line` = the 1-based CSV line (absent: the row's position in `rows`, from 1). */
export const importRowSchema = z.strictObject({
  macAddress: unicastMac,
  address: hostIpv4Address,
  comment: optionalParam(routerOsComment),
  line: z.number().int().positive().optional(),
});
export type ImportRow = z.output<typeof importRowSchema>;

/** `line N` of a row (its CSV line, else its 1-based position). */
export function rowLine(row: { line?: number }, index: number): string {
  return `line ${row.line ?? index + 1}`;
}

/** Caps a list of refusal messages at IMPORT_MAX_MESSAGES, counting the rest in one message. */
export function capMessages(messages: string[]): string[] {
  if (messages.length <= IMPORT_MAX_MESSAGES) return messages;
  return [...messages.slice(0, IMPORT_MAX_MESSAGES), `… and ${messages.length - IMPORT_MAX_MESSAGES} more`];
}

/**
 * Duplicates inside the plan itself: a MAC or an address given on two lines. Returns one message per repeated line,
 * naming the line it repeats, e.g. `line 7: mac-address 02:00:00:00:00:01 is already on line 3`.
 */
export function duplicateRows(rows: ImportRow[]): string[] {
  const macs = new Map<string, string>();
  const addresses = new Map<string, string>();
  const out: string[] = [];
  rows.forEach((row, i) => {
    const line = rowLine(row, i);
    const mac = macs.get(row.macAddress);
    if (mac !== undefined) out.push(`${line}: mac-address ${row.macAddress} is already on ${mac}`);
    else macs.set(row.macAddress, line);
    const address = addresses.get(row.address);
    if (address !== undefined) out.push(`${line}: address ${row.address} is already on ${address}`);
    else addresses.set(row.address, line);
  });
  return out;
}

/**
 * The rows param: 1 … IMPORT_MAX_ROWS rows, each checked with importRowSchema; every bad row and every duplicate is
 * reported under `rows` as `line N: <field>: <message>` (at most IMPORT_MAX_MESSAGES messages).
 */
const rowsParam = z
  .array(z.unknown())
  .min(1, "the address plan has no rows")
  .max(IMPORT_MAX_ROWS, `at most ${IMPORT_MAX_ROWS} rows per address plan`)
  .transform((items, ctx) => {
    const rows: ImportRow[] = [];
    const problems: string[] = [];
    items.forEach((item, i) => {
      const parsed = importRowSchema.safeParse(item);
      if (parsed.success) rows.push(parsed.data);
      else {
        const line = typeof item === "object" && item !== null && "line" in item && typeof item.line === "number" ? { line: item.line } : {};
        for (const issue of parsed.error.issues) problems.push(`${rowLine(line, i)}: ${issue.path.map(String).join(".") || "row"}: ${issue.message}`);
      }
    });
    if (problems.length === 0) problems.push(...duplicateRows(rows));
    for (const message of capMessages(problems)) ctx.addIssue({ code: "custom", message });
    return problems.length > 0 ? z.NEVER : rows;
  });

/** `dhcp-lease.import` params: an existing `/ip/dhcp-server` name and the rows. */
export const importSchema = z.strictObject({ server: routerOsName, rows: rowsParam });
export type ImportParams = z.output<typeof importSchema>;
