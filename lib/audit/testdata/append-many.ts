// Child process of log.test.ts: appends `count` events to the SQLite file at `url`, so two processes race for the chain's tail.
import { createDb } from "../../db-client";
import { appendAuditEvent } from "../log";

async function main(): Promise<void> {
  const [url, label, count] = process.argv.slice(2);
  const db = createDb(url);
  for (let i = 0; i < Number(count); i++) await appendAuditEvent(db, null, { action: `race.${label}.${i}` });
  await db.$disconnect();
}

void main();
