import "server-only";
import type { Db } from "../db-client";
import { containsText } from "../db-dialect";
import type { Prisma } from "../generated/prisma/client";
import { clampPage } from "../pagination";
import {
  CHANGE_PAGE_SIZE,
  type ChangeDetailDto,
  type ChangeDeviceOption,
  type ChangeFilterOptions,
  type ChangeHistoryEvent,
  type ChangeListPage,
  type ChangeListQuery,
  type ChangeSort,
  type ChangeSuggestions,
  type ChangeTargetDto,
} from "./dto";
import { errorText } from "./engine/context";
import { fieldChanges, plannedCalls } from "./preview-view";
import { SET_UP_KIND, type StoredSetUp } from "./setup/types";
import { CHANGE_STATUSES, type ChangeStatusName } from "./types";
import { parseBaseState, parseSteps, parseStoredPlan } from "./workflow-shared";

/**
 * Read queries of the change-request pages, shaped as DTOs (lib/changes/dto.ts): never a sealed
 * secret (ChangeRequest.secretsSealed is never selected). They take a Prisma client so they can be
 * tested on a temporary SQLite file; lib/changes/server.ts authorizes and calls them.
 */

const USER = { select: { id: true, name: true, email: true } } as const;

function listWhere(db: Db, query: ChangeListQuery, withStatus: boolean): Prisma.ChangeRequestWhereInput {
  const and: Prisma.ChangeRequestWhereInput[] = [];
  if (withStatus && query.status) and.push({ status: query.status });
  if (query.kind) and.push({ kind: query.kind });
  if (query.device) and.push({ targets: { some: { deviceId: query.device } } });
  if (query.proposer) and.push({ proposedById: query.proposer });
  const q = query.q?.trim();
  if (q) {
    // Case-insensitive for ASCII letters on both databases (lib/db-dialect.ts containsText).
    and.push({ OR: [{ id: q }, { title: containsText(db, q) }, { kind: containsText(db, q) }, { targets: { some: { deviceName: containsText(db, q) } } }] });
  }
  return and.length > 0 ? { AND: and } : {};
}

function listOrder(sort: ChangeSort, dir: "asc" | "desc"): Prisma.ChangeRequestOrderByWithRelationInput[] {
  const tie: Prisma.ChangeRequestOrderByWithRelationInput = { proposedAt: "desc" };
  switch (sort) {
    case "proposedAt":
      return [{ proposedAt: dir }, { id: dir }];
    case "updatedAt":
      return [{ updatedAt: dir }, tie];
    case "status":
      return [{ status: dir }, tie];
    case "kind":
      return [{ kind: dir }, tie];
  }
}

function emptyCounts(): Record<ChangeStatusName, number> {
  return Object.fromEntries(CHANGE_STATUSES.map((s) => [s, 0])) as Record<ChangeStatusName, number>;
}

/**
 * One page of the queue: filter by status, kind, device (any target), proposer and free text (title,
 * kind, device name, exact id); sort by proposedAt (default, newest first), updatedAt, status or kind.
 * `counts` = requests per status under the other filters (for the status tabs). A page past the end is
 * clamped to the last page.
 */
export async function queryChangeList(db: Db, query: ChangeListQuery): Promise<ChangeListPage> {
  const where = listWhere(db, query, true);
  const [total, grouped] = await Promise.all([
    db.changeRequest.count({ where }),
    db.changeRequest.groupBy({ by: ["status"], where: listWhere(db, query, false), _count: { _all: true } }),
  ]);
  const counts = emptyCounts();
  for (const g of grouped) counts[g.status] = g._count._all;
  const { page, pageCount } = clampPage(query.page, total, CHANGE_PAGE_SIZE);
  const rows = await db.changeRequest.findMany({
    where,
    orderBy: listOrder(query.sort ?? "proposedAt", query.dir ?? "desc"),
    skip: (page - 1) * CHANGE_PAGE_SIZE,
    take: CHANGE_PAGE_SIZE,
    select: {
      id: true,
      kind: true,
      title: true,
      status: true,
      proposedAt: true,
      updatedAt: true,
      windowStart: true,
      finishedAt: true,
      error: true,
      proposedBy: USER,
      decidedBy: USER,
      targets: { select: { deviceName: true, status: true }, orderBy: { position: "asc" } },
    },
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      status: r.status,
      proposer: r.proposedBy,
      decider: r.decidedBy,
      proposedAt: r.proposedAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      windowStart: r.windowStart?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      deviceNames: r.targets.map((t) => t.deviceName),
      targetCount: r.targets.length,
      appliedCount: r.targets.filter((t) => t.status === "APPLIED").length,
      error: r.error,
    })),
    total,
    page,
    pageSize: CHANGE_PAGE_SIZE,
    pageCount,
    counts,
  };
}

/** Devices that appear in at least one request, and every user who proposed one: the queue's filter choices. */
export async function queryChangeFilterOptions(db: Db): Promise<ChangeFilterOptions> {
  const [devices, proposers] = await Promise.all([
    db.device.findMany({ where: { changeTargets: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.user.findMany({ where: { proposedChanges: { some: {} } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
  ]);
  return { devices, proposers };
}

function parseParams(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseAuditJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The audit events of one request (entityType `change`, entityId = request id), in chain order. */
async function queryChangeHistory(db: Db, id: string): Promise<ChangeHistoryEvent[]> {
  const rows = await db.auditEvent.findMany({ where: { entityType: "change", entityId: id }, orderBy: { id: "asc" } });
  return rows.map((e) => ({
    id: e.id,
    ts: e.ts.toISOString(),
    action: e.action,
    actorEmail: e.actorEmail,
    before: parseAuditJson(e.before),
    after: parseAuditJson(e.after),
    hashShort: e.hash.slice(0, 12),
    clientIp: e.clientIp,
    requestId: e.requestId,
  }));
}

type StoredTargetView = Pick<
  ChangeTargetDto,
  "diff" | "calls" | "disruptsInterfaces" | "cutsManagementPath" | "managementInterface" | "notes" | "order" | "steps"
>;

/**
 * The stored base state, plan and steps of one target (JSON written by proposeChange and the engine),
 * as the page shows them. A row whose JSON cannot be parsed shows nothing but a note saying so.
 */
function storedTarget(t: { baseState: string; plan: string; steps: string }, fingerprints: Record<string, string>): StoredTargetView {
  try {
    const plan = parseStoredPlan(t.plan);
    return {
      diff: fieldChanges({ ...plan, base: parseBaseState(t.baseState) }, fingerprints),
      calls: plannedCalls(plan, fingerprints),
      disruptsInterfaces: plan.disruptsInterfaces,
      cutsManagementPath: plan.cutsManagementPath,
      managementInterface: plan.managementInterface,
      notes: plan.notes,
      order: plan.order ?? [],
      steps: parseSteps(t.steps),
    };
  } catch (err) {
    return {
      diff: [],
      calls: [],
      disruptsInterfaces: [],
      cutsManagementPath: false,
      managementInterface: null,
      notes: [`the stored plan cannot be read: ${errorText(err)}`],
      order: [],
      steps: [],
    };
  }
}

/**
 * A request with its targets (diff from the stored base state and plan, planned REST calls, executed
 * steps), progress and audit history; null when it does not exist.
 */
export async function queryChangeDetail(db: Db, id: string): Promise<ChangeDetailDto | null> {
  const r = await db.changeRequest.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      title: true,
      status: true,
      params: true,
      hash: true,
      approvedHash: true,
      allowManagementCut: true,
      proposedAt: true,
      decidedAt: true,
      decisionComment: true,
      windowStart: true,
      windowEnd: true,
      applyStartedAt: true,
      finishedAt: true,
      error: true,
      updatedAt: true,
      proposedBy: USER,
      decidedBy: USER,
      targets: { orderBy: { position: "asc" } },
    },
  });
  if (!r) return null;
  const params = parseParams(r.params);
  const setUp = r.kind === SET_UP_KIND ? (params as unknown as StoredSetUp) : null;
  // Secret params are stored as their fingerprints under the same name (workflow-propose.ts; a set-up's in each step's params).
  const fingerprintsOf = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter((e): e is [string, string] => typeof e[1] === "string"));
  const fingerprints = fingerprintsOf(params);
  const targets: ChangeTargetDto[] = r.targets.map((t) => ({
    id: t.id,
    deviceId: t.deviceId,
    deviceName: t.deviceName,
    position: t.position,
    step: setUp?.steps[t.position] ? { kind: setUp.steps[t.position]?.kind ?? "", title: setUp.steps[t.position]?.title ?? "" } : null,
    status: t.status,
    error: t.error,
    startedAt: t.startedAt?.toISOString() ?? null,
    finishedAt: t.finishedAt?.toISOString() ?? null,
    ...storedTarget(t, setUp ? fingerprintsOf(setUp.steps[t.position]?.params ?? {}) : fingerprints),
  }));
  const applying = targets.find((t) => t.status === "APPLYING");
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    status: r.status,
    params,
    hash: r.hash,
    approvalValid: r.approvedHash !== null && r.approvedHash === r.hash,
    allowManagementCut: r.allowManagementCut,
    proposer: r.proposedBy,
    proposedAt: r.proposedAt.toISOString(),
    decider: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionComment: r.decisionComment,
    windowStart: r.windowStart?.toISOString() ?? null,
    windowEnd: r.windowEnd?.toISOString() ?? null,
    applyStartedAt: r.applyStartedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error,
    updatedAt: r.updatedAt.toISOString(),
    targets,
    progress: {
      total: targets.length,
      done: targets.filter((t) => t.status !== "PENDING" && t.status !== "APPLYING").length,
      applied: targets.filter((t) => t.status === "APPLIED").length,
      current: applying ? applying.position + 1 : null,
    },
    history: await queryChangeHistory(db, r.id),
  };
}

function versionOnly(version: string | null): string | null {
  return version?.split(" ")[0] ?? null;
}

/** Every device with its site, tags and RouterOS version, by name: the target picker of /changes/new. */
export async function queryChangeDeviceOptions(db: Db): Promise<ChangeDeviceOption[]> {
  const rows = await db.device.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, version: true, status: true, site: { select: { name: true } }, tags: { select: { tag: true }, orderBy: { tag: "asc" } } },
  });
  return rows.map((d) => ({ id: d.id, name: d.name, site: d.site.name, tags: d.tags.map((t) => t.tag), version: versionOnly(d.version), status: d.status }));
}

/**
 * Names the poller stored for the devices `deviceIds`, merged and sorted, for the form's suggestions:
 * `/interface/macvlan` and `/interface/macsec` names, the interfaces seen (those and their parents),
 * and interface lists seen in the MAC server settings (besides `all` / `none`). Unknown ids add nothing.
 */
export async function queryChangeSuggestions(db: Db, deviceIds: string[]): Promise<ChangeSuggestions> {
  const deviceId = { in: deviceIds };
  const [macvlans, macsecs, devices] = await Promise.all([
    db.macvlanInterface.findMany({ where: { deviceId }, select: { name: true, parent: true } }),
    db.macsecInterface.findMany({ where: { deviceId }, select: { name: true, parent: true } }),
    db.device.findMany({ where: { id: deviceId }, select: { macTelnetAllowedList: true, macWinboxAllowedList: true } }),
  ]);
  const sorted = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))].sort();
  return {
    macvlans: sorted(macvlans.map((m) => m.name)),
    macsecs: sorted(macsecs.map((m) => m.name)),
    interfaces: sorted([...macvlans, ...macsecs].flatMap((m) => [m.name, m.parent])),
    "interface-lists": sorted(devices.flatMap((d) => [d.macTelnetAllowedList, d.macWinboxAllowedList]).filter((l) => l !== "all" && l !== "none")),
  };
}
