import "server-only";
import type { Db } from "../db-client";
import { writeTransaction } from "../db-transaction";
import { writeCycles, type CycleOutcome, type CycleWriteResult } from "./cycle-writes";

/** What {@link WriteBatcher.submit} resolves with: the outcome's write result, its transaction's duration (ms) and commit time (UTC). */
export type BatchedWrite = { result: CycleWriteResult; dbWriteMs: number; committedAt: Date };

/** Collects finished cycles and writes them in batches (see {@link createWriteBatcher}). */
export type WriteBatcher = {
  /** Queues one outcome; resolves once its batch committed, rejects with the database error of its own write. */
  submit(outcome: CycleOutcome): Promise<BatchedWrite>;
  /** Writes everything queued now and waits for it (the poller's stop()). */
  drain(): Promise<void>;
};

type Pending = { outcome: CycleOutcome; resolve: (w: BatchedWrite) => void; reject: (err: unknown) => void };

/**
 * Writes finished poll cycles in batches: one `writeTransaction` (lib/db-transaction.ts) per batch of at
 * most `maxBatch` outcomes, started when `maxBatch` are queued or `maxDelayMs` after the first one was,
 * and never two at once (cycles that finish meanwhile join the next batch). Each transaction runs inside
 * `runDb` (the poller's one-at-a-time queue: SQLite has one writer). When a batch transaction fails, each
 * of its outcomes is written again in its own transaction, so one router whose write fails (e.g. deleted
 * at that moment) rejects alone and the others are kept.
 * @param leaseOwner every Device update requires this lease owner (lib/polling/cycle-writes.ts)
 */
export function createWriteBatcher(opts: {
  db: Db;
  runDb: <T>(op: () => Promise<T>) => Promise<T>;
  leaseOwner: string;
  maxBatch: number;
  maxDelayMs: number;
}): WriteBatcher {
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function write(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const results = await opts.runDb(() =>
      writeTransaction(
        opts.db,
        (tx) =>
          writeCycles(
            tx,
            batch.map((p) => p.outcome),
            opts.leaseOwner,
          ),
        { timeoutMs: 60_000 },
      ),
    );
    const committedAt = new Date();
    const dbWriteMs = performance.now() - started;
    for (const [i, p] of batch.entries()) {
      const result = results[i];
      if (result) p.resolve({ result, dbWriteMs, committedAt });
      else p.reject(new Error("the batch write returned no result for this cycle"));
    }
  }

  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = queue.slice(0, opts.maxBatch);
    queue = queue.slice(batch.length);
    try {
      await write(batch);
    } catch {
      for (const p of batch) await write([p]).catch(p.reject);
    }
  }

  function schedule(): void {
    if (flushing || queue.length === 0) return;
    if (queue.length >= opts.maxBatch) {
      flushing = flush().finally(() => {
        flushing = undefined;
        schedule();
      });
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        if (flushing || queue.length === 0) return;
        flushing = flush().finally(() => {
          flushing = undefined;
          schedule();
        });
      }, opts.maxDelayMs);
    }
  }

  return {
    submit(outcome) {
      return new Promise<BatchedWrite>((resolve, reject) => {
        queue.push({ outcome, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (flushing || queue.length > 0) {
        if (flushing) await flushing;
        else {
          flushing = flush().finally(() => (flushing = undefined));
          await flushing;
        }
      }
    },
  };
}
