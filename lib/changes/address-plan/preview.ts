import "server-only";
import { leaseRef } from "../kinds/dhcp-lease";
import type { ImportRow } from "../kinds/dhcp-lease-import-schema";
import type { ChangePreview } from "../workflow-types";
import type { AddressPlanPreview, AddressPlanRowClass, AddressPlanRowView } from "./dto";

/**
 * Sorts an address plan's rows into new / changed / unchanged from the kind's preview of its one device: a row whose
 * lease (`/ip/dhcp-server/lease <mac> on <server>`) the preview's diff adds (it writes `mac-address`, which a set never
 * does) is new, one it sets is changed (with the current `address` / `comment` it replaces), one it does not touch is unchanged. When the
 * device could not plan, no row is classified (`rows` empty, the preview carries the errors).
 */
export function classifyRows(server: string, rows: ImportRow[], preview: ChangePreview): AddressPlanPreview {
  const target = preview.targets[0];
  const counts: Record<AddressPlanRowClass, number> = { new: 0, changed: 0, unchanged: 0 };
  if (!target?.ok) return { preview, rows: [], counts };
  const byObject = new Map<string, { field: string; current: string | null }[]>();
  for (const d of target.diff) byObject.set(d.object, [...(byObject.get(d.object) ?? []), { field: d.field, current: d.current }]);
  const views = rows.map((row, i): AddressPlanRowView => {
    const diff = byObject.get(leaseRef(server, row.macAddress).label);
    const cls: AddressPlanRowClass = !diff ? "unchanged" : diff.some((d) => d.field === "mac-address") ? "new" : "changed";
    counts[cls]++;
    const current = (field: string) => (cls === "changed" ? (diff?.find((d) => d.field === field)?.current ?? null) : null);
    return {
      line: row.line ?? i + 1,
      macAddress: row.macAddress,
      address: row.address,
      comment: row.comment ?? null,
      class: cls,
      currentAddress: current("address"),
      currentComment: current("comment"),
    };
  });
  return { preview, rows: views, counts };
}
