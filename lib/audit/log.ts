import pLimit from "p-limit";
import type { Db } from "../db-client";
import { GENESIS_HASH, hashEvent, redactSecrets, type AuditContent } from "./canonical";

/** Who did it and from where (null actor = the system, e.g. the poller). */
export interface AuditActor {
  id?: string | null;
  email?: string | null;
  clientIp?: string | null;
  requestId?: string | null;
}

/** One audit event to append. `before`/`after` are redacted of secrets before they are stored. */
export interface AuditInput {
  action: string;
  entityType?: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
}

const MAX_ATTEMPTS = 8;

/** Appends of this process run one at a time; across processes the unique prevHash plus retries serialise. */
const appendQueue = pLimit(1);

/**
 * Appends an event to the hash-chained, append-only audit log (table AuditEvent). The chain cannot
 * fork: prevHash is unique, so two writers racing for the same tail make one retry on the new tail.
 * @returns the stored event's id and hash
 * @throws the database error after repeated conflicts
 */
export function appendAuditEvent(db: Db, actor: AuditActor | null, input: AuditInput): Promise<{ id: number; hash: string }> {
  return appendQueue(() => appendWithRetry(db, actor, input));
}

async function appendWithRetry(db: Db, actor: AuditActor | null, input: AuditInput): Promise<{ id: number; hash: string }> {
  for (let attempt = 1; ; attempt++) {
    const last = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
    const content: AuditContent = {
      ts: new Date(),
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      action: input.action,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      before: input.before === undefined ? null : JSON.stringify(redactSecrets(input.before)),
      after: input.after === undefined ? null : JSON.stringify(redactSecrets(input.after)),
      requestId: actor?.requestId ?? null,
      clientIp: actor?.clientIp ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = hashEvent(content);
    try {
      const row = await db.auditEvent.create({ data: { ...content, hash }, select: { id: true, hash: true } });
      return row;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isUniqueViolation(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: string }).code === "P2002";
}

/** Result of walking the chain. firstBrokenId: the first event whose hash or link does not verify. */
export interface ChainReport {
  ok: boolean;
  count: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/**
 * Walks the whole audit chain in id order, recomputing each hash from the stored content and checking
 * each prevHash against the previous event's hash. Reads in pages of 1000.
 */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let count = 0;
  let cursor = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { id: { gt: cursor } }, orderBy: { id: "asc" }, take: 1000 });
    if (rows.length === 0) return { ok: true, count, firstBrokenId: null, reason: null };
    for (const row of rows) {
      const { id, hash, ...content } = row;
      if (row.prevHash !== prev) return { ok: false, count, firstBrokenId: id, reason: "prevHash does not match the previous event" };
      if (hashEvent(content) !== hash) return { ok: false, count, firstBrokenId: id, reason: "content does not match its hash" };
      prev = hash;
      count++;
      cursor = id;
    }
  }
}
