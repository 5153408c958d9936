import "server-only";
import type { Db } from "../db-client";
import { verifyAuditChain, type ChainReport } from "./log";

/** A chain verification with when it ran (ISO 8601 UTC) and how long it took (ms). */
export interface ChainStatus extends ChainReport {
  checkedAt: string;
  durationMs: number;
}

/** How long (ms) a finished verification is reused: page views within this window share one walk of the chain. */
export const CHAIN_STATUS_TTL_MS = 10_000;

/**
 * Runs verifyAuditChain at most once per `ttlMs` per checker: concurrent callers share the walk in flight,
 * callers within the TTL get the last result (with its checkedAt). Verification is a full walk (~1 s per
 * 100,000 events, bench/audit-verify.ts), so the /audit page fetches it separately from the table.
 */
export function createChainStatusChecker(db: Db, ttlMs: number = CHAIN_STATUS_TTL_MS): () => Promise<ChainStatus> {
  let last: { at: number; status: ChainStatus } | null = null;
  let inFlight: Promise<ChainStatus> | null = null;
  return () => {
    if (last && Date.now() - last.at < ttlMs) return Promise.resolve(last.status);
    inFlight ??= (async () => {
      const started = performance.now();
      try {
        const report = await verifyAuditChain(db);
        const status: ChainStatus = { ...report, checkedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - started) };
        last = { at: Date.now(), status };
        return status;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };
}
