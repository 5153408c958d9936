/**
 * DTOs of the change-request pages (/changes, /changes/[id]) and of `GET /api/changes/[id]`, plus the
 * queue's URL state. Client-safe: types, constants and pure functions only. Times are ISO 8601 strings
 * in UTC. No secret ever appears: secret params (a MACsec `cak`) are shown only as the fingerprint the
 * request stored in place of the value.
 */
import type { ChangeStep } from "./engine/steps";
import type { FieldChangeView, PlannedCallView } from "./workflow-types";
import { CHANGE_KIND_IDS, CHANGE_STATUSES, type ChainOrderView, type ChangeKindId, type ChangeStatusName, type ChangeTargetStatusName } from "./types";
import { entityId } from "../validation/ids";

/** Sort keys of the queue. */
const CHANGE_SORTS = ["proposedAt", "updatedAt", "status", "kind"] as const;
export type ChangeSort = (typeof CHANGE_SORTS)[number];

/** Rows per page of the queue. */
export const CHANGE_PAGE_SIZE = 25;

/** Human labels of request statuses (queue tabs, badges). */
export const CHANGE_STATUS_LABELS: Record<ChangeStatusName, string> = {
  PENDING: "pending",
  APPROVED: "approved",
  SCHEDULED: "scheduled",
  APPLYING: "applying",
  APPLIED: "applied",
  CONFLICT: "conflict",
  FAILED: "failed",
  ROLLED_BACK: "rolled back",
  NEEDS_ATTENTION: "needs attention",
  REJECTED: "rejected",
  CANCELLED: "cancelled",
};

/** The queue's query (from the URL): all optional; page is 1-based. */
export interface ChangeListQuery {
  status?: ChangeStatusName;
  kind?: ChangeKindId;
  /** Device id: requests with a target on this device. */
  device?: string;
  /** User id of the proposer. */
  proposer?: string;
  /** Free text in the title, kind, device names and request id. */
  q?: string;
  sort?: ChangeSort;
  dir?: "asc" | "desc";
  page?: number;
}

/** A user as shown on a request. */
export interface ChangeUserDto {
  id: string;
  name: string;
  email: string;
}

/** One row of the queue. */
export interface ChangeListRow {
  id: string;
  kind: string;
  title: string;
  status: ChangeStatusName;
  proposer: ChangeUserDto;
  decider: ChangeUserDto | null;
  proposedAt: string;
  updatedAt: string;
  windowStart: string | null;
  finishedAt: string | null;
  /** Device names of the targets in apply order (all of them; the UI shortens). */
  deviceNames: string[];
  targetCount: number;
  appliedCount: number;
  /** Last error shown to users (RouterOS `detail` included). */
  error: string | null;
}

/** A page of the queue, with the number of requests per status under the other filters. */
export interface ChangeListPage {
  rows: ChangeListRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  counts: Record<ChangeStatusName, number>;
}

/** Choices of the queue's filters. */
export interface ChangeFilterOptions {
  devices: { id: string; name: string }[];
  proposers: ChangeUserDto[];
}

/** One field of one object, current (as read when proposed) vs proposed, in RouterOS terms (null = absent). */
export type ChangeFieldDto = FieldChangeView;

/** One planned REST call, e.g. `PUT /rest/interface/macvlan` with its body (secrets as fingerprints). */
export type ChangeCallDto = PlannedCallView;

/** One router call made while applying (ChangeTarget.steps). */
export type ChangeStepDto = ChangeStep;

/** One device of a request. */
export interface ChangeTargetDto {
  id: string;
  /** null once the device was deleted. */
  deviceId: string | null;
  deviceName: string;
  position: number;
  /** A set-up's step (lib/changes/setup): its kind and title; null for a single-kind request, whose kind is the request's. */
  step: { kind: string; title: string } | null;
  status: ChangeTargetStatusName;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  diff: ChangeFieldDto[];
  calls: ChangeCallDto[];
  /** Interfaces the plan removes, disables or re-keys (management-path guard). */
  disruptsInterfaces: string[];
  /** The plan disrupts the interface holding the app's API address (checked when proposed). */
  cutsManagementPath: boolean;
  managementInterface: string | null;
  notes: string[];
  /** Ordered menus the plan changes (firewall chains), each rule in order after the change; empty for other kinds. */
  order: ChainOrderView[];
  steps: ChangeStepDto[];
}

/** One audit event of a request, in chain order. */
export interface ChangeHistoryEvent {
  /** AuditEvent id = position in the hash chain. */
  id: number;
  ts: string;
  action: string;
  actorEmail: string | null;
  /** Redacted JSON as stored (secrets already replaced). */
  before: unknown;
  after: unknown;
  /** First 12 hex digits of the event's hash. */
  hashShort: string;
  clientIp: string | null;
  requestId: string | null;
}

/** Apply progress of a (bulk) request. */
export interface ChangeProgressDto {
  total: number;
  /** Targets past PENDING/APPLYING. */
  done: number;
  applied: number;
  /** Position (1-based) of the target being applied, null when none. */
  current: number | null;
}

/** The request page's data (and the live JSON of `GET /api/changes/[id]`). */
export interface ChangeDetailDto {
  id: string;
  kind: string;
  title: string;
  status: ChangeStatusName;
  /** Params as stored (secret params replaced by their fingerprints). */
  params: Record<string, unknown>;
  hash: string;
  /** Approval bound to the current hash (false when approved for another hash, or not approved). */
  approvalValid: boolean;
  allowManagementCut: boolean;
  proposer: ChangeUserDto;
  proposedAt: string;
  decider: ChangeUserDto | null;
  decidedAt: string | null;
  decisionComment: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  applyStartedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  updatedAt: string;
  targets: ChangeTargetDto[];
  progress: ChangeProgressDto;
  history: ChangeHistoryEvent[];
}

/** What the device picker of /changes/new offers. */
export interface ChangeDeviceOption {
  id: string;
  name: string;
  site: string;
  tags: string[];
  /** RouterOS version without channel, e.g. `7.23.3`; null when never polled. */
  version: string | null;
  status: string;
}

/** Polled names per device for the form's `<datalist>` suggestions (KindField.suggest). */
export interface ChangeSuggestions {
  macvlans: string[];
  macsecs: string[];
  interfaces: string[];
  "interface-lists": string[];
}

/** Next's page `searchParams` after awaiting. */
export type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return values.find((x) => x === v);
}

/**
 * Parses the queue's URL (`status`, `kind`, `device`, `proposer`, `q`, `sort`, `dir`, `page`);
 * unknown or malformed values are dropped (defaults apply). `q` is cut to 100 characters.
 */
export function parseChangeListParams(params: SearchParams): ChangeListQuery {
  const page = Number.parseInt(first(params.page) ?? "1", 10);
  const id = (v: string | undefined) => (entityId.safeParse(v).success ? v : undefined);
  return {
    status: oneOf(CHANGE_STATUSES, first(params.status)),
    kind: oneOf(CHANGE_KIND_IDS, first(params.kind)),
    device: id(first(params.device)),
    proposer: id(first(params.proposer)),
    q: first(params.q)?.trim().slice(0, 100) || undefined,
    sort: oneOf(CHANGE_SORTS, first(params.sort)),
    dir: first(params.dir) === "asc" ? "asc" : "desc",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The /changes URL for a queue state with `change` applied; defaults (sort=proposedAt, dir=desc, page 1) are left out. */
export function changeListHref(query: ChangeListQuery, change: Partial<ChangeListQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.status) params.set("status", next.status);
  if (next.kind) params.set("kind", next.kind);
  if (next.device) params.set("device", next.device);
  if (next.proposer) params.set("proposer", next.proposer);
  if (next.q) params.set("q", next.q);
  if (next.sort && next.sort !== "proposedAt") params.set("sort", next.sort);
  if (next.dir === "asc") params.set("dir", "asc");
  if (next.page && next.page > 1) params.set("page", String(next.page));
  const qs = params.toString();
  return qs ? `/changes?${qs}` : "/changes";
}

/** Request-level transition events; each records the status it moved the request to in `after.status`. */
const TRANSITION_ACTIONS = new Set([
  "change.propose",
  "change.approve",
  "change.reject",
  "change.schedule",
  "change.cancel",
  "change.apply_start",
  "change.finish",
  "change.reconcile",
]);

/**
 * True when the newest transition event of the history records the request's current status
 * (`change.propose` means PENDING). The service writes a transition's audit event just after the status
 * update, so a read in between sees the new status before its event: a live view keeps refreshing
 * until the history has caught up.
 */
export function historyCaughtUp(change: Pick<ChangeDetailDto, "status" | "history">): boolean {
  const last = change.history.findLast((e) => TRANSITION_ACTIONS.has(e.action));
  if (!last) return false;
  const recorded = (last.after as { status?: unknown } | null)?.status ?? (last.action === "change.propose" ? "PENDING" : null);
  return recorded === change.status;
}

/** Who cancelled a request (audit actor's email; null = unknown), when (ISO UTC) and why (null = no reason given). */
export interface ChangeCancellation {
  by: string | null;
  at: string;
  reason: string | null;
}

/** The cancellation recorded by the history's `change.cancel` event (the last one), or null when there is none. */
export function cancellationOf(history: ChangeHistoryEvent[]): ChangeCancellation | null {
  const event = history.findLast((e) => e.action === "change.cancel");
  if (!event) return null;
  const reason = (event.after as { reason?: unknown } | null)?.reason;
  return { by: event.actorEmail, at: event.ts, reason: typeof reason === "string" && reason !== "" ? reason : null };
}
