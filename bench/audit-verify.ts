/**
 * Audit chain verification benchmark: fills a fresh SQLite file (all migrations) with a valid hash chain of
 * realistic events (mostly `change.router_call` with a small `after` JSON) and times verifyAuditChain over
 * 10,000 and 100,000 events. Prints one JSON object:
 * `{ bench: "audit-verify", runs: [{ events, fillMs, verifyMs, eventsPerSec, ok, pageMs: { newest, prefix, text, deep, choices } }] }`
 * (times in ms, wall clock). pageMs: one /audit page query (lib/audit/queries.ts) unfiltered, filtered on an
 * action prefix, on free text (LIKE scan), 90% deep via the keyset cursor, and the filter choices (distinct
 * actions and entity types).
 * Options: `--sizes 10000,100000`.
 */
import { createTestDb } from "../lib/testing/test-db";
import { GENESIS_HASH, hashEvent, type AuditContent } from "../lib/audit/canonical";
import { verifyAuditChain } from "../lib/audit/log";
import { queryAuditActions, queryAuditEntityTypes, queryAuditPage } from "../lib/audit/queries";
import type { Db } from "../lib/db-client";
import { arg } from "./support";

/** Appends `n` chained events after the current tail (createMany in batches of 1000, hashes computed here). */
async function fill(db: Db, n: number, startAt: number): Promise<void> {
  const last = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  let prev = last?.hash ?? GENESIS_HASH;
  const t0 = Date.UTC(2026, 0, 1);
  for (let done = 0; done < n;) {
    const batch: (AuditContent & { hash: string })[] = [];
    for (let i = 0; i < 1000 && done < n; i++, done++) {
      const k = startAt + done;
      const content: AuditContent = {
        ts: new Date(t0 + k * 1000),
        actorId: null,
        actorEmail: "admin@noc.local",
        action: k % 10 === 0 ? "change.target" : "change.router_call",
        entityType: "change",
        entityId: `cr-${Math.floor(k / 20)}`,
        before: null,
        after: JSON.stringify({
          deviceId: `dev-${k % 50}`,
          deviceName: `edge-${k % 50}`,
          phase: "apply",
          method: "PUT",
          path: "/rest/interface/macvlan",
          status: 200,
          detail: null,
        }),
        requestId: `req-${k}`,
        clientIp: "10.0.0.1",
        prevHash: prev,
      };
      const hash = hashEvent(content);
      batch.push({ ...content, hash });
      prev = hash;
    }
    await db.auditEvent.createMany({ data: batch });
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return Math.round((performance.now() - started) * 10) / 10;
}

/** Times of the /audit page queries at the current size (ms). */
async function pageTimes(db: Db, size: number) {
  return {
    newest: await timed(() => queryAuditPage(db, {})),
    prefix: await timed(() => queryAuditPage(db, { action: "change." })),
    text: await timed(() => queryAuditPage(db, { q: "edge-7" })),
    deep: await timed(() => queryAuditPage(db, { before: Math.round(size * 0.1) })),
    choices: await timed(() => Promise.all([queryAuditActions(db), queryAuditEntityTypes(db)])),
  };
}

async function main(): Promise<void> {
  const sizes = arg("sizes", "10000,100000").split(",").map(Number);
  const t = await createTestDb();
  const runs: { events: number; fillMs: number; verifyMs: number; eventsPerSec: number; ok: boolean; pageMs: Awaited<ReturnType<typeof pageTimes>> }[] = [];
  try {
    let have = 0;
    for (const size of sizes) {
      const fillStart = performance.now();
      await fill(t.db, size - have, have);
      const fillMs = Math.round(performance.now() - fillStart);
      have = size;
      const started = performance.now();
      const report = await verifyAuditChain(t.db);
      const verifyMs = Math.round(performance.now() - started);
      if (report.count !== size) throw new Error(`verified ${report.count} of ${size} events: ${report.reason}`);
      runs.push({ events: size, fillMs, verifyMs, eventsPerSec: Math.round((size / verifyMs) * 1000), ok: report.ok, pageMs: await pageTimes(t.db, size) });
    }
  } finally {
    await t.cleanup();
  }
  console.log(JSON.stringify({ bench: "audit-verify", runs }));
}

void main();
