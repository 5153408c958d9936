import "server-only";
import { cidrContains, formatCidr, lastAddress, parseIp } from "../../net/ip";
import type { RouterOsRow } from "../../routeros";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan, ObjectSnapshot, PlannedOp } from "../types";
import { kindInfo } from "./catalog";
import { addressGuardRef, leaseRef, networkRef, serverNetworks, serverRef, type DhcpNetworkRow } from "./dhcp-lease";
import { capMessages, importSchema, rowLine, type ImportParams, type ImportRow } from "./dhcp-lease-import-schema";
import { isTrue, readExisting } from "./shared";
import { PlanError } from "../types";

/**
 * `dhcp-lease.import`: an address plan (the static-binding guide) as static `/ip/dhcp-server/lease` rows of one DHCP
 * server (docs/routeros.md "static lease"). The planner reads the server, its networks (`/ip/dhcp-server/network`,
 * `/ip/address` of its interface) and the server's leases once each (`print` with `where` and `.proplist`), whatever
 * the number of rows, and classifies every row: new (no lease of that MAC: `add`), changed (a static lease of that MAC
 * with another address, or another comment when the row gives one: `set` of those fields) or unchanged (nothing).
 */

/** What each row of a plan is. */
export type ImportRowClass = "new" | "changed" | "unchanged";

/** Fields read of each lease: the keys, the fields compared and the facts refusals name. */
const LEASE_PROPLIST = ["server", "mac-address", "address", "comment", "disabled", "dynamic", "status", "host-name", "active-address"];

/** The lease snapshot of a row as printed (the ref's key, fields and display fields). */
function leaseSnapshot(server: string, row: RouterOsRow): ObjectSnapshot {
  const ref = leaseRef(server, row["mac-address"] ?? "");
  const values: Record<string, string> = {};
  for (const f of [...Object.keys(ref.key), ...ref.fields, ...(ref.displayFields ?? [])]) if (row[f] !== undefined) values[f] = row[f];
  return { ref, values };
}

/** Groups rows by a field's value (MACs upper-cased, as RouterOS prints them). */
function groupBy(rows: RouterOsRow[], field: string): Map<string, RouterOsRow[]> {
  const out = new Map<string, RouterOsRow[]>();
  for (const row of rows) {
    const key = (row[field] ?? "").toUpperCase();
    const same = out.get(key);
    if (same) same.push(row);
    else out.set(key, [row]);
  }
  return out;
}

/**
 * Why `address` cannot be a static lease of the server, or null: outside every network of the server, its network or
 * broadcast address, its gateway, or the router's own address on the server's interface.
 */
function addressProblem(address: string, networks: DhcpNetworkRow[], own: bigint[], server: string, iface: string): string | null {
  const ip = parseIp(address);
  const network = ip ? networks.find((n) => cidrContains(n.net, ip)) : undefined;
  if (!ip || !network) return `${address} is outside the network of DHCP server ${server} (${networks.map((n) => formatCidr(n.net)).join(", ")})`;
  const subnet = formatCidr(network.net);
  if (ip.value === network.net.network) return `${address} is the network address of ${subnet}`;
  if (network.net.prefix <= 30 && ip.value === lastAddress(network.net)) return `${address} is the broadcast address of ${subnet}`;
  if (network.gateways.includes(address)) return `${address} is the gateway of ${subnet}`;
  if (own.includes(ip.value)) return `${address} is the router's own address on ${iface}`;
  return null;
}

/** `2, 5–9, 12`: sorted line numbers as ranges, at most `max` ranges (then `…`). */
export function lineRanges(lines: number[], max = 40): string {
  const sorted = [...lines].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  let end = start;
  for (const n of [...sorted.slice(1), Number.NaN]) {
    if (start === undefined || end === undefined) break;
    if (n === end + 1) {
      end = n;
      continue;
    }
    ranges.push(start === end ? `${start}` : `${start}–${end}`);
    start = n;
    end = n;
  }
  return ranges.length > max ? `${ranges.slice(0, max).join(", ")}, …` : ranges.join(", ");
}

/** One row of the plan with its position in `rows` and its class. */
interface ClassifiedRow {
  row: ImportRow;
  index: number;
  cls: ImportRowClass;
}

/** What classify makes of the rows: the ops and base snapshots of the new and changed ones, every row's class, the refusals. */
interface Classification {
  ops: PlannedOp[];
  base: ObjectSnapshot[];
  classes: ClassifiedRow[];
  problems: string[];
}

/** The plan's notes: the counts per class, then the lines of each class that has any. */
function classNotes(classes: ClassifiedRow[]): string[] {
  const of = (cls: ImportRowClass) => classes.filter((c) => c.cls === cls).map((c) => c.row.line ?? c.index + 1);
  const counts = { new: of("new"), changed: of("changed"), unchanged: of("unchanged") };
  const notes = [`${classes.length} rows: ${counts.new.length} new (add), ${counts.changed.length} changed (set), ${counts.unchanged.length} unchanged`];
  for (const cls of ["new", "changed", "unchanged"] as const) if (counts[cls].length > 0) notes.push(`${cls}: lines ${lineRanges(counts[cls])}`);
  return notes;
}

/**
 * Classifies each row against the server's leases and collects every refusal (`line N: …`): a MAC with a dynamic
 * lease or with more than one lease, an address outside the server's networks (or its network, broadcast, gateway
 * or the router's own address), an address leased to another MAC (static or dynamic).
 */
function classify(p: ImportParams, leases: RouterOsRow[], check: (address: string) => string | null): Classification {
  const byMac = groupBy(leases, "mac-address");
  const byAddress = groupBy(leases, "address");
  const out: Classification = { ops: [], base: [], classes: [], problems: [] };
  p.rows.forEach((row, index) => {
    const line = rowLine(row, index);
    const mine = byMac.get(row.macAddress) ?? [];
    const holders = (byAddress.get(row.address) ?? []).filter((l) => (l["mac-address"] ?? "").toUpperCase() !== row.macAddress);
    const problem = check(row.address);
    const [lease, ...more] = mine;
    if (problem) out.problems.push(`${line}: ${problem}`);
    if (more.length > 0) out.problems.push(`${line}: ${row.macAddress} has ${mine.length} leases on ${p.server}; the import needs at most one`);
    else if (lease && isTrue(lease.dynamic))
      out.problems.push(`${line}: ${row.macAddress} has a dynamic lease (${lease.address ?? "no address"}) on ${p.server}; making it static is not offered`);
    for (const h of holders)
      out.problems.push(
        `${line}: ${row.address} is already leased to ${h["mac-address"] ?? "another client"} on ${p.server} (${isTrue(h.dynamic) ? "dynamic" : "static"} lease)`,
      );
    if (problem || more.length > 0 || holders.length > 0 || (lease && isTrue(lease.dynamic))) return;
    const ref = leaseRef(p.server, row.macAddress);
    if (!lease) {
      const values: Record<string, string> = { server: p.server, "mac-address": row.macAddress, address: row.address };
      if (row.comment !== undefined) values.comment = row.comment;
      out.ops.push({ op: "add", ref, values });
      out.base.push({ ref, values: null }, { ref: addressGuardRef(p.server, row.address), values: null });
      out.classes.push({ row, index, cls: "new" });
      return;
    }
    const changes: Record<string, string> = {};
    if (lease.address !== row.address) changes.address = row.address;
    if (row.comment !== undefined && (lease.comment ?? "") !== row.comment) changes.comment = row.comment;
    if (Object.keys(changes).length === 0) {
      out.classes.push({ row, index, cls: "unchanged" });
      return;
    }
    out.ops.push({ op: "set", ref, values: changes });
    out.base.push(leaseSnapshot(p.server, lease));
    if (changes.address !== undefined) out.base.push({ ref: addressGuardRef(p.server, row.address), values: null });
    out.classes.push({ row, index, cls: "changed" });
  });
  return out;
}

/**
 * The networks the rows fall into, as base snapshots (a changed gateway between proposal and apply is drift), read
 * from the one print of `/ip/dhcp-server/network` already made.
 */
function networkSnapshots(rows: ImportRow[], networks: DhcpNetworkRow[]): ObjectSnapshot[] {
  const used = networks.filter((n) =>
    rows.some((r) => {
      const ip = parseIp(r.address);
      return ip !== null && cidrContains(n.net, ip);
    }),
  );
  return used.map((n) => ({ ref: networkRef(n.address), values: { address: n.address, gateway: n.gateways.join(",") } }));
}

async function planImport(p: ImportParams, ctx: PlanContext): Promise<ChangePlan> {
  const server = await readExisting(ctx.client, serverRef(p.server), "server", `DHCP server ${p.server} does not exist on this router`);
  const iface = server.values.interface ?? "";
  const [{ networks, own }, leaseRows] = await Promise.all([
    serverNetworks(ctx, p.server, iface),
    ctx.client.print("/ip/dhcp-server/lease", { where: { server: p.server }, proplist: LEASE_PROPLIST }),
  ]);
  const leases = leaseRows.filter((l) => l.server === p.server);
  const ownValues = own.map((o) => o.value);
  const result = classify(p, leases, (address) => addressProblem(address, networks, ownValues, p.server, iface));
  if (result.problems.length > 0) {
    const messages = capMessages(result.problems);
    throw new PlanError(`the address plan does not fit DHCP server ${p.server}: ${result.problems.length} problem(s), first ${messages[0] ?? ""}`, {
      rows: messages,
    });
  }
  const notes = classNotes(result.classes);
  if (isTrue(server.values.disabled)) notes.push(`DHCP server ${p.server} is disabled: the leases are stored but not served`);
  if (result.ops.length === 0) notes.push(`every row is already a static lease of ${p.server} as planned`);
  return { base: [server, ...networkSnapshots(p.rows, networks), ...result.base], ops: result.ops, disruptsInterfaces: [], notes };
}

/** `dhcp-lease.import`: static leases of an address plan on one DHCP server (add new rows, set changed ones). */
export const leaseImportKind: ChangeKind<typeof importSchema> = {
  info: kindInfo("dhcp-lease.import"),
  schema: importSchema,
  describe: (p) => `Import an address plan of ${p.rows.length} static lease${p.rows.length === 1 ? "" : "s"} on DHCP server ${p.server}`,
  plan: planImport,
};
