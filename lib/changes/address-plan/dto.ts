import type { ChangePreview } from "../workflow-types";

/**
 * What the address plan page shows (client-safe): the kind's preview of the one device, and every CSV row with its
 * class (`new`: an add, `changed`: a set, `unchanged`: nothing to do), and for changed rows the lease's current
 * address and comment as read for the plan.
 */

export type AddressPlanRowClass = "new" | "changed" | "unchanged";

/** One CSV row as planned. `current*` are the router's values (changed rows only; null when not changing). */
export interface AddressPlanRowView {
  line: number;
  macAddress: string;
  address: string;
  comment: string | null;
  class: AddressPlanRowClass;
  currentAddress: string | null;
  currentComment: string | null;
}

/** The preview of an address plan: the generic preview plus the rows by class (empty when the device could not plan). */
export interface AddressPlanPreview {
  preview: ChangePreview;
  rows: AddressPlanRowView[];
  counts: Record<AddressPlanRowClass, number>;
}
