import "server-only";
import { GENESIS_HASH, hashEvent, redactSecrets, type AuditContent } from "../audit/canonical";
import type { AuditInput } from "../audit/log";
import type { Tx } from "../db-transaction";

/**
 * Appends many system events (actor null) to the hash-chained audit log in the caller's write transaction with two
 * statements: the chain's tail, then one multi-row INSERT whose events chain from it in order. The same content and
 * hashes as that many lib/audit/log.ts appendAuditEventInTx calls, for the engine's bursts of state changes (a site
 * going dark is one event per device). The write lock writeTransaction holds keeps the tail from moving.
 * @returns the number of events written
 */
export async function appendSystemAuditEventsInTx(tx: Tx, inputs: readonly AuditInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  const ts = new Date();
  const rows = inputs.map((input) => {
    const content: AuditContent = {
      ts,
      actorId: null,
      actorEmail: null,
      action: input.action,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      before: input.before === undefined ? null : JSON.stringify(redactSecrets(input.before)),
      after: input.after === undefined ? null : JSON.stringify(redactSecrets(input.after)),
      requestId: null,
      clientIp: null,
      prevHash,
    };
    const hash = hashEvent(content);
    prevHash = hash;
    return { ...content, hash };
  });
  await tx.auditEvent.createMany({ data: rows });
  return rows.length;
}
