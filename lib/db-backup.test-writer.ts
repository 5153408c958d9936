import { appendAuditEvent } from "./audit/log";
import { createDb, enableWal } from "./db-client";
import { insertSamples } from "./metrics/sample-store";

/**
 * Write load for lib/db-backup.test.ts, run as its own process (like the worker next to the web server):
 * `node --conditions=react-server --import tsx lib/db-backup.test-writer.ts <sqlite-file> <deviceId> <readyAfter>`. Each round appends
 * one audit event (appendAuditEvent) and writes 20 traffic samples in one transaction (insertSamples), through
 * the app's own code. Prints `ready` once `readyAfter` rounds are committed, stops when its stdin closes (or
 * after 50,000 rounds) and prints `done <rounds>`.
 */
async function main(): Promise<void> {
  const [file, deviceId, readyAfterArg] = process.argv.slice(2);
  if (file === undefined || deviceId === undefined) throw new Error("usage: db-backup.test-writer.ts <sqlite-file> <deviceId> <readyAfter>");
  const readyAfter = Number(readyAfterArg);
  const db = createDb(`file:${file}`);
  await enableWal(db);
  let stop = false;
  process.stdin.on("end", () => {
    stop = true;
  });
  process.stdin.resume();
  let rounds = 0;
  while (!stop && rounds < 50_000) {
    rounds++;
    await appendAuditEvent(db, { email: "load@noc.local" }, { action: "test.load", entityType: "device", entityId: deviceId, after: { round: rounds } });
    const ts = new Date(Date.UTC(2026, 11, 1) + rounds * 1000);
    const values = (i: number) => ({ rxBitsPerSecond: rounds * 8, txBitsPerSecond: i * 8, rxPacketsPerSecond: 1, txPacketsPerSecond: 1 });
    const traffic = Array.from({ length: 20 }, (_, i) => ({
      deviceId,
      metric: "macvlan-traffic" as const,
      series: `macvlan${i}`,
      ts,
      values: values(i),
      status: null,
    }));
    await db.$transaction((tx) =>
      insertSamples(tx, [{ deviceId, metric: "mac-server-sessions", series: "", ts, values: { sessions: rounds }, status: null }, ...traffic]),
    );
    if (rounds === readyAfter) process.stdout.write("ready\n");
    // The driver is synchronous: yield to the event loop so the end of stdin is seen.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await db.$disconnect();
  process.stdout.write(`done ${rounds}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
