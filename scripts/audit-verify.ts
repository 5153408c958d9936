import { createDb } from "../lib/db-client";
import { verifyAuditChain } from "../lib/audit/log";

/** `npm run audit:verify`: walks the audit hash chain; exit 1 and the first broken event if it is broken. */
async function main(): Promise<void> {
  const db = createDb();
  const report = await verifyAuditChain(db);
  await db.$disconnect();
  console.log(JSON.stringify(report));
  if (!report.ok) {
    console.error(`audit chain BROKEN at event ${report.firstBrokenId}: ${report.reason}`);
    process.exit(1);
  }
  console.log(`audit chain OK: ${report.count} events`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
