import { createDb } from "../lib/db-client";
import { verifyAuditChain } from "../lib/audit/log";

/**
 * `npm run audit:verify`: walks the audit hash chain of the database in DATABASE_URL and prints the
 * ChainReport as one JSON line. Exit 0 and "audit chain OK: <n> events, last hash <hash>" when intact;
 * exit 1 and "audit chain BROKEN at event <id>: <reason> (expected <hash>, stored <hash>)" on stderr at
 * the first broken link; exit 2 when the database cannot be read.
 */
async function main(): Promise<void> {
  const db = createDb();
  const started = performance.now();
  const report = await verifyAuditChain(db).finally(() => db.$disconnect());
  const ms = Math.round(performance.now() - started);
  console.log(JSON.stringify({ ...report, ms }));
  if (!report.ok) {
    console.error(`audit chain BROKEN at event ${report.firstBrokenId}: ${report.reason} (expected ${report.expectedHash}, stored ${report.storedHash})`);
    process.exit(1);
  }
  console.log(`audit chain OK: ${report.count} events, last hash ${report.lastHash} (${ms} ms)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
