import type { AuditActor } from "../audit/log";
import type { ChainOrderView, ChangeKindId } from "./types";
import { ExpectedError } from "../errors";

/** The signed-in user acting on a change (id = User.id), plus where the request came from. */
export interface ChangeActor extends AuditActor {
  id: string;
  email: string | null;
}

/** A proposal: one kind, its params (validated by the kind's schema), the devices to apply it to. */
export interface ProposeInput {
  kind: ChangeKindId;
  params: unknown;
  deviceIds: string[];
}

/** Bad params or a bad device selection; `fieldErrors` maps param names (or `deviceIds`) to messages. */
export class ChangeInputError extends ExpectedError {
  override name = "ChangeInputError";
}

/** The request is not in a state that allows the step (wrong status, self-approval, stale hash, already claimed ...). */
export class ChangeStateError extends ExpectedError {
  override name = "ChangeStateError";
}

/**
 * One planned REST call as shown in the preview, e.g.
 * `{ method: "PUT", path: "/rest/interface/macvlan", body: { name: "macvlan-68", interface: "ether2", mode: "bridge" } }`.
 * Secret values appear as `<sealed, fingerprint 3f2a9c1d>`; set/remove paths name the object by key,
 * e.g. `/rest/interface/macvlan/<.id of name=macvlan-68>`.
 */
export interface PlannedCallView {
  method: "GET" | "PUT" | "PATCH" | "DELETE" | "POST";
  path: string;
  body?: Record<string, string>;
}

/** One field of one object: the router's current value beside the proposed one (null = absent / unchanged object gone). */
export interface FieldChangeView {
  object: string;
  field: string;
  current: string | null;
  proposed: string | null;
}

/** The preview of one device. */
export interface TargetPreview {
  deviceId: string;
  deviceName: string;
  /** False when the kind could not plan (PlanError) or the router could not be read. */
  ok: boolean;
  /** PlanError message or RouterOS error (with the router's `detail`). */
  error: string | null;
  fieldErrors?: Record<string, string[]>;
  /** Field by field, current vs proposed, in RouterOS terms. */
  diff: FieldChangeView[];
  /** The apply plan: the exact REST calls, in order. */
  calls: PlannedCallView[];
  notes: string[];
  /** Ordered menus the plan changes (firewall chains), each rule in order after the change; empty for other kinds. */
  order: ChainOrderView[];
  /** The change disrupts the interface holding the address the app uses to reach the router. */
  cutsManagementPath: boolean;
  managementInterface: string | null;
}

/** What a proposal would do on every selected device. `secretFingerprints`: secret param → 8-hex fingerprint. */
export interface ChangePreview {
  kind: ChangeKindId;
  title: string;
  targets: TargetPreview[];
  secretFingerprints: Record<string, string>;
}
