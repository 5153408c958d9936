import { ExpectedError } from "../errors";
/**
 * The shared vocabulary of the change engine (docs/changes.md). A change kind turns validated params
 * into a plan: the RouterOS objects it touches (addressed by natural key, never by `.id`, which is not
 * stable across reboots; docs/routeros.md), their state as read now, and the operations to run through the
 * REST API. The engine (lib/changes/engine) applies plans generically: drift check, apply, read back,
 * undo. Client-safe: no server imports.
 */

/** Every change kind, as stored in ChangeRequest.kind. */
export const CHANGE_KIND_IDS = [
  "mac-server.set-allowed-list",
  "mac-server.set-ping",
  "mac-server.enable-on-interface",
  "interface-list.add-member",
  "interface-list.remove-member",
  "macvlan.add",
  "macvlan.set",
  "macvlan.remove",
  "macsec.add",
  "macsec.enable",
  "macsec.disable",
  "macsec.rotate-cak",
  "macsec.remove",
  "dhcp-lease.add",
  "dhcp-lease.remove",
  "firewall-rule.add",
  "firewall-rule.remove",
  "interface-list.add",
  "interface-list.remove",
  "macsec-profile.set",
  "macsec.set-mtu",
  "ip-address.add",
  "ip-address.remove",
  "ip-pool.add",
  "ip-pool.remove",
  "dhcp-server.add",
  "dhcp-server.remove",
  "dhcp-network.add",
  "dhcp-network.remove",
  "dhcp-lease.import",
  "logging.add",
  "logging.remove",
] as const;
export type ChangeKindId = (typeof CHANGE_KIND_IDS)[number];

/** Every request status (Prisma enum ChangeStatus), in workflow order. */
export const CHANGE_STATUSES = [
  "PENDING",
  "APPROVED",
  "SCHEDULED",
  "APPLYING",
  "APPLIED",
  "CONFLICT",
  "FAILED",
  "ROLLED_BACK",
  "NEEDS_ATTENTION",
  "REJECTED",
  "CANCELLED",
] as const;
export type ChangeStatusName = (typeof CHANGE_STATUSES)[number];

/**
 * Statuses a request can be cancelled from (by its proposer or an active ADMIN): before a worker
 * claims it. APPLYING and every final status are past the point of cancelling.
 */
export const CANCELLABLE_STATUSES = ["PENDING", "APPROVED", "SCHEDULED"] as const satisfies readonly ChangeStatusName[];
export type CancellableStatusName = (typeof CANCELLABLE_STATUSES)[number];

/** Longest cancel reason kept, in characters after trimming (the service and the action schema). */
export const CANCEL_REASON_MAX = 500;

/** True when a request in `status` can still be cancelled (CANCELLABLE_STATUSES). */
export function isCancellable(status: ChangeStatusName): status is CancellableStatusName {
  return (CANCELLABLE_STATUSES as readonly ChangeStatusName[]).includes(status);
}

/** Every per-device status (Prisma enum ChangeTargetStatus). */
export type ChangeTargetStatusName = "PENDING" | "APPLYING" | "APPLIED" | "CONFLICT" | "FAILED" | "ROLLED_BACK" | "NEEDS_ATTENTION" | "SKIPPED";

/**
 * One RouterOS object addressed by its natural key.
 * - `menu`: REST menu path without `/rest`, e.g. `/interface/macvlan`, `/tool/mac-server/ping`.
 * - `key`: natural-key fields and values, e.g. `{ name: "macvlan-68" }`, `{ list: "mgmt", interface: "vlan-68" }`,
 *   `{ server: "dhcp1", "mac-address": "AA:BB:CC:00:11:22" }`; `{}` for a singleton menu.
 * - `fields`: writable fields read, compared (drift and verify) and shown in the preview. Never `.id`,
 *   never a secret field. Values are compared as RouterOS prints them (strings; MACs case-insensitively).
 * - `displayFields`: read-only fields shown in the preview only (`running`, `status`); never compared.
 * - `secretFields`: sensitive fields the change writes or must restore on undo (`cak`). The engine reads
 *   them into memory just before a set/remove (to be able to undo) and reads them back to verify, each
 *   time with a `.proplist` naming only them; they are never stored, logged or shown. When the router
 *   user lacks the `sensitive` policy they are not returned: verification of that field is skipped
 *   with a note, and an undo that needs the old value ends in NEEDS_ATTENTION.
 */
export interface ObjectRef {
  menu: string;
  key: Record<string, string>;
  singleton?: boolean;
  fields: string[];
  displayFields?: string[];
  secretFields?: string[];
  /**
   * The object's position in its menu matters (firewall rules: docs/routeros.md). Before removing it the
   * engine notes the `.id` of the static row that follows it; the undo re-adds it there (`place-before`)
   * and the read-back after the undo checks that position too.
   */
  ordered?: boolean;
  /** Human label in RouterOS terms, e.g. `/interface/macvlan macvlan-68`. */
  label: string;
}

/**
 * A row of an ordered menu chosen at apply time: the first static (non-dynamic) row, in print order,
 * whose fields equal `where`, e.g. `{ chain: "forward" }` (top of the chain), `{ chain: "forward",
 * action: "drop" }` (its first drop rule), `{ comment: "isolate IoT from LAN" }`. `label` says it in
 * words for the preview and the steps.
 */
export interface RowSelector {
  where: Record<string, string>;
  label: string;
}

/** Field → value exactly as RouterOS prints it (every value a string). */
export type ObjectValues = Record<string, string>;

/** One object as read: `values` holds `fields` + `displayFields` (no `.id`, no secrets); null = absent. */
export interface ObjectSnapshot {
  ref: ObjectRef;
  values: ObjectValues | null;
}

/** A value in a plan: a literal RouterOS string, or a placeholder for a sealed secret param (e.g. `{ secret: "cak" }`). */
export type PlanValue = string | { secret: string };

/**
 * One REST operation on one object:
 * - `add` → `PUT /rest<menu>` with `values` (the object must be absent); with `placeBefore` (ordered
 *   menus), the selected row's `.id` is looked up just before and sent as `place-before`, and the
 *   read-back checks that the new row sits right before it;
 * - `set` → `PATCH /rest<menu>/<.id>` (`.id` looked up by key just before), or `POST /rest<menu>/set` for a singleton;
 * - `remove` → `DELETE /rest<menu>/<.id>`.
 */
export type PlannedOp =
  | { op: "add"; ref: ObjectRef; values: Record<string, PlanValue>; placeBefore?: RowSelector }
  | { op: "set"; ref: ObjectRef; values: Record<string, PlanValue> }
  | { op: "remove"; ref: ObjectRef };

/** What a kind produces for one device. */
export interface ChangePlan {
  /** Every object read to make the plan (touched or guarding a precondition, e.g. the parent interface), as read now. Drift = any of these differs at apply time. */
  base: ObjectSnapshot[];
  /** Operations in order. Empty = nothing to change (the proposal is refused with `notes`). */
  ops: PlannedOp[];
  /** Interfaces this change removes, disables or re-keys: the management-path guard checks them. */
  disruptsInterfaces: string[];
  /** Human notes in RouterOS terms, e.g. "allowed-interface-list is already all". */
  notes: string[];
  /** For changes to ordered menus (firewall): the chain's rules in order after the change, for the preview. */
  order?: ChainOrderView[];
}

/**
 * One chain of an ordered menu as it will read after the change (e.g. `/ip/firewall/filter chain=forward`):
 * each rule in order, summarised in RouterOS terms, with `change` = `add` for the new rule and `remove`
 * for the one removed (kept in place so the reader sees where it was).
 */
export interface ChainOrderView {
  label: string;
  rows: { text: string; change: "add" | "remove" | null }[];
}

/** The device a plan is made for. */
export interface PlanDevice {
  id: string;
  name: string;
  /** RouterOS version without channel, e.g. `7.23.3`; null when never polled. */
  version: string | null;
}

/** An input that is valid for the schema but not for this router (e.g. parent interface missing, MTU above the parent's). */
export class PlanError extends ExpectedError {
  override name = "PlanError";
}

/** One field of a kind's form (the UI renders forms from these). */
export interface KindField {
  /** Param name in the kind's schema. */
  name: string;
  label: string;
  type: "text" | "select" | "checkbox" | "secret" | "number";
  /** For `select`: fixed options. */
  options?: { value: string; label: string }[];
  /**
   * Suggestions from what the app knows about the device (datalist): `macvlans`, `macsecs` (polled
   * names), `interfaces` (polled interface names), `interface-lists` (known list names).
   */
  suggest?: "macvlans" | "macsecs" | "interfaces" | "interface-lists" | "log-topics";
  required?: boolean;
  placeholder?: string;
  help?: string;
  /** `noc-key`: the form pre-fills a fresh product key (`noc:` + date and random hex, lib/changes/kinds/rule-key.ts). */
  generate?: "noc-key";
}

/** Client-safe description of a kind (no plan code). */
export interface KindInfo {
  id: ChangeKindId;
  /** Group in the UI: `MAC server`, `MACVLAN`, `MACsec`, `DHCP`, `IP addresses`. */
  group: string;
  label: string;
  description: string;
  fields: KindField[];
  /** Param names that are secrets: sealed at rest, shown only as a fingerprint. */
  secretParams: string[];
  /** Minimum RouterOS version (e.g. `7.12` for MACVLAN); null = any v7. */
  minVersion: string | null;
  /** The kind's own form page (e.g. `/changes/new/address-plan`, for params the generic form cannot take); the generic form links to it. */
  formPath?: string;
}
