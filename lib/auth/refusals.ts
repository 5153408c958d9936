import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../db-client";
import { appendAuditEvent } from "../audit/log";
import { log } from "../log";
import type { Permission } from "./permissions";

/** The audit action of a refused request (`after`: `{ kind, target, permission }`). */
export const REFUSAL_AUDIT_ACTION = "auth.refused";

/** Why a request was refused: no valid session, a role without the permission, or a cross-site request. */
export type RefusalKind = "unauthenticated" | "forbidden" | "csrf";

/** What was refused: a server action (defineAction) or a route handler (withPermission); stored as the event's entityType. */
export type RefusalTargetType = "server-action" | "route";

/** One refused request, as the wrappers (and proxy.ts for cross-site server actions) see it. */
export interface Refusal {
  kind: RefusalKind;
  targetType: RefusalTargetType;
  /** The action's name (defineAction `name`, else its permission) or `METHOD /route/[param]`; the event's entityId. */
  target: string;
  /** The permission the target requires; null when the refusal came before knowing it (csrf). */
  permission: Permission | null;
  /** The signed-in user (id, and email when known), or null for an anonymous call. */
  user: { id: string; email: string | null } | null;
  /** The client address (lib/auth/request-meta.ts), or null when unknown. */
  clientIp: string | null;
}

/**
 * Distinct (actor, target) keys one process audits per minute. Past it, further refusals of that minute
 * are logged (one warning) but not audited: anonymous actors are keyed by client address, so a flood from
 * many addresses could otherwise fill the chain. Bounds the memory of the dedupe cache as well.
 */
export const MAX_REFUSAL_KEYS_PER_MINUTE = 1000;

/** Records refusals in the audit log, at most one event per actor, target and minute. */
export interface RefusalRecorder {
  /**
   * Audits `refusal` unless an `auth.refused` event for the same actor (user id; for anonymous calls the
   * client address), target type and target already exists in the current UTC minute (the clock that
   * also stamps the event).
   * @returns true when this call wrote the event. Never throws: a failed write is logged, and the refusal
   *   itself must still be answered.
   */
  record(db: Db, refusal: Refusal): Promise<boolean>;
}

/**
 * A recorder with its own per-process cache. Dedupe in two layers: in this process, a map of the
 * current minute's keys (concurrent identical refusals share one check and write; at most
 * `maxKeysPerMinute` keys, cleared when the minute changes); across processes (several app
 * instances on one database), a look-up of the audit log before writing. Two instances that race on the
 * same new key within milliseconds can each write one event: at most one per instance, per key and minute.
 */
export function createRefusalRecorder(maxKeysPerMinute: number = MAX_REFUSAL_KEYS_PER_MINUTE): RefusalRecorder {
  let minute = Number.NaN;
  let keys = new Map<string, Promise<boolean>>();
  let dropped = 0;

  return {
    record(db, refusal) {
      const current = Math.floor(Date.now() / 60_000);
      if (current !== minute) {
        minute = current;
        keys = new Map();
        dropped = 0;
      }
      const key = refusalKey(refusal);
      const pending = keys.get(key);
      if (pending) return pending.then(() => false);
      if (keys.size >= maxKeysPerMinute) {
        if (dropped++ === 0)
          log.warn(
            { maxKeysPerMinute, kind: refusal.kind, target: refusal.target },
            "refusal audit limit reached for this minute: further refusals are not audited",
          );
        return Promise.resolve(false);
      }
      const cache = keys;
      const written = writeUnlessRecorded(db, refusal, current).catch((err: unknown) => {
        cache.delete(key);
        log.error({ err, kind: refusal.kind, target: refusal.target }, "could not audit a refused request");
        return false;
      });
      cache.set(key, written);
      return written;
    },
  };
}

/** The recorder of this process, used by defineAction, withPermission and proxy.ts. */
export const refusalRecorder: RefusalRecorder = createRefusalRecorder();

function refusalKey(r: Refusal): string {
  const actor = r.user ? `user:${r.user.id}` : `ip:${r.clientIp ?? ""}`;
  return JSON.stringify([actor, r.targetType, r.target]);
}

async function writeUnlessRecorded(db: Db, r: Refusal, minute: number): Promise<boolean> {
  const actor = r.user ? { actorId: r.user.id } : { actorId: null, clientIp: r.clientIp };
  const earlier = await db.auditEvent.count({
    where: {
      action: REFUSAL_AUDIT_ACTION,
      entityType: r.targetType,
      entityId: r.target,
      ts: { gte: new Date(minute * 60_000), lt: new Date((minute + 1) * 60_000) },
      ...actor,
    },
  });
  if (earlier > 0) return false;
  await appendAuditEvent(
    db,
    { id: r.user?.id ?? null, email: r.user?.email ?? null, clientIp: r.clientIp, requestId: randomUUID() },
    { action: REFUSAL_AUDIT_ACTION, entityType: r.targetType, entityId: r.target, after: { kind: r.kind, target: r.target, permission: r.permission } },
  );
  return true;
}
