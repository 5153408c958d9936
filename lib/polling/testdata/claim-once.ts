/**
 * Test helper run as its own process (`node --import tsx claim-once.ts <db url> <owner> <now ISO> <start ms>`):
 * opens its own connection to the SQLite file, waits until `<start ms>` (epoch ms) so two processes
 * claim at the same instant, runs one healthy-lane claimDevices and prints the claimed ids as JSON.
 */
import { createDb } from "../../db-client";
import { claimDevices } from "../lease";

async function main(): Promise<void> {
  const [url = "", owner = "", nowIso = "", startMs = "0"] = process.argv.slice(2);
  const db = createDb(url);
  await db.device.count();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startMs) - Date.now())));
  const claimed = await claimDevices(db, { owner, leaseMs: 30_000, limit: 10, now: new Date(nowIso), statusIn: ["up", "unknown"] });
  process.stdout.write(JSON.stringify(claimed.map((d) => d.id)));
  await db.$disconnect();
}

void main();
