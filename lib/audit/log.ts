import "server-only";
import type { Db } from "../db-client";
import { writeTransaction, type Tx } from "../db-transaction";
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

/** The stored content of one event (everything but its hash), as appendAuditEventInTx and appendAuditEventsInTx store it. */
function auditContent(actor: AuditActor | null, input: AuditInput, ts: Date, prevHash: string): AuditContent {
  return {
    ts,
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? null,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    before: input.before === undefined ? null : JSON.stringify(redactSecrets(input.before)),
    after: input.after === undefined ? null : JSON.stringify(redactSecrets(input.after)),
    requestId: actor?.requestId ?? null,
    clientIp: actor?.clientIp ?? null,
    prevHash,
  };
}

/** The chain's tail: the newest event's hash (GENESIS_HASH for an empty log). */
async function chainTail(tx: Tx): Promise<string> {
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  return last?.hash ?? GENESIS_HASH;
}

/**
 * Appends an event to the hash-chained, append-only audit log (table AuditEvent) inside the caller's
 * write transaction (lib/db-transaction.ts `writeTransaction`), so the event commits or rolls back with
 * the state change it records. The transaction holds SQLite's write lock from its first statement, so
 * the chain's tail read here cannot move before the insert; prevHash is unique as well (the chain
 * cannot fork even if a writer bypassed that).
 * @returns the stored event's id and hash
 * @throws the database error (the caller's transaction then rolls back)
 */
export async function appendAuditEventInTx(tx: Tx, actor: AuditActor | null, input: AuditInput): Promise<{ id: number; hash: string }> {
  const content = auditContent(actor, input, new Date(), await chainTail(tx));
  return tx.auditEvent.create({ data: { ...content, hash: hashEvent(content) }, select: { id: true, hash: true } });
}

/**
 * Appends many events of one actor (null = the system) inside the caller's write transaction with two statements: the
 * chain's tail, then one multi-row INSERT whose events chain from it in the order given. Each event's content and hash
 * are what that many {@link appendAuditEventInTx} calls would store (one shared `ts`), so verifyAuditChain checks them
 * alike; for bursts of state changes such as the alert engine's (a site going dark is one event per device).
 * @returns the number of events written (0 writes nothing)
 * @throws the database error (the caller's transaction then rolls back)
 */
export async function appendAuditEventsInTx(tx: Tx, actor: AuditActor | null, inputs: readonly AuditInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  let prevHash = await chainTail(tx);
  const ts = new Date();
  const rows = inputs.map((input) => {
    const content = auditContent(actor, input, ts, prevHash);
    prevHash = hashEvent(content);
    return { ...content, hash: prevHash };
  });
  await tx.auditEvent.createMany({ data: rows });
  return rows.length;
}

/**
 * Appends an event that records no state change of its own (a login, a refused call, a router call)
 * in a write transaction of its own. An event about a state change belongs in that change's
 * transaction: use {@link appendAuditEventInTx}.
 * @returns the stored event's id and hash
 * @throws the database error after writeTransaction's retries
 */
export function appendAuditEvent(db: Db, actor: AuditActor | null, input: AuditInput): Promise<{ id: number; hash: string }> {
  return writeTransaction(db, (tx) => appendAuditEventInTx(tx, actor, input));
}

/**
 * Result of walking the chain. `count`: events verified before the first broken one (all of them when ok);
 * `lastHash`: hash of the last verified event (GENESIS_HASH for an empty log). On a broken link,
 * `firstBrokenId` is the first event whose link or content does not verify and `expectedHash` / `storedHash`
 * say what was expected vs stored: the previous event's hash vs the stored prevHash (reason "prevHash ..."),
 * or the hash recomputed from the stored content vs the stored hash (reason "content ...").
 */
export interface ChainReport {
  ok: boolean;
  count: number;
  lastHash: string;
  firstBrokenId: number | null;
  reason: string | null;
  expectedHash: string | null;
  storedHash: string | null;
}

/** Rows read per query while walking the chain. */
const VERIFY_PAGE = 2000;

/**
 * Walks the whole audit chain in id order, recomputing each hash from the stored content and checking
 * each prevHash against the previous event's hash. Reads in pages of VERIFY_PAGE rows (keyset on id).
 * Stops at the first broken link.
 */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let count = 0;
  let cursor = 0;
  const broken = (id: number, reason: string, expectedHash: string, storedHash: string): ChainReport => ({
    ok: false,
    count,
    lastHash: prev,
    firstBrokenId: id,
    reason,
    expectedHash,
    storedHash,
  });
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { id: { gt: cursor } }, orderBy: { id: "asc" }, take: VERIFY_PAGE });
    if (rows.length === 0) return { ok: true, count, lastHash: prev, firstBrokenId: null, reason: null, expectedHash: null, storedHash: null };
    for (const row of rows) {
      const { id, hash, ...content } = row;
      if (row.prevHash !== prev) return broken(id, "prevHash does not match the previous event", prev, row.prevHash);
      const recomputed = hashEvent(content);
      if (recomputed !== hash) return broken(id, "content does not match its hash", recomputed, hash);
      prev = hash;
      count++;
      cursor = id;
    }
  }
}
