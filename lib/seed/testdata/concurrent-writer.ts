import { appendAuditEvent } from "../../audit/log";
import { createDb } from "../../db-client";
import { startPoller } from "../../polling/poller";
import { changeUserRole, createUser } from "../../users/service";

/**
 * Child process of lib/seed/concurrency.test.ts (tests only): `node --conditions=react-server --import tsx concurrent-writer.ts <database url>
 * <mode> <rounds>` writes to the database the way one of the app's processes does, while the seed and the other
 * mode run in their own processes on the same file. `worker`: poller cycles (startPoller().runOnce()) over whatever
 * devices exist; `web`: account changes through the user service and audit events, as server actions do. Exits 1
 * with the error on stderr at the first failure.
 */
async function main(): Promise<void> {
  const [url, mode, roundsText] = process.argv.slice(2);
  const rounds = Number(roundsText);
  const db = createDb(url);
  try {
    if (mode === "worker") {
      const poller = startPoller({
        db,
        loop: false,
        concurrency: 4,
        intervalSec: 1,
        jitter: 0,
        requestTimeoutMs: 3_000,
        connectTimeoutMs: 1_000,
        maxRetries: 0,
        rollupEveryMs: 0,
      });
      try {
        for (let i = 0; i < rounds; i++) {
          await poller.runOnce();
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        await poller.stop();
      }
    } else {
      const actor = { id: `admin-${process.pid}`, email: "web@noc.local", clientIp: "127.0.0.1" };
      for (let i = 0; i < rounds; i++) {
        const { user } = await createUser(db, actor, {
          email: `web-${process.pid}-${i}@noc.local`,
          name: `Web ${i}`,
          role: "VIEWER",
          passwordMode: "typed",
          password: "web-password-123",
        });
        await changeUserRole(db, actor, { id: user.id, role: "OPERATOR" });
        await appendAuditEvent(db, actor, { action: "test.web", entityType: "user", entityId: user.id });
      }
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
