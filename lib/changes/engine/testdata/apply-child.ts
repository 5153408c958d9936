import { createDb } from "../../../db-client";
import { applyChange } from "../../workflow";

/**
 * Child process of the crash test (lib/changes/crash.test.ts): `node --import tsx apply-child.ts
 * <database url> <change id> <owner>` applies one change and prints its final status. The test kills
 * it with SIGKILL while it is APPLYING.
 */
async function main(): Promise<void> {
  const [url, id, owner] = process.argv.slice(2);
  if (!url || !id || !owner) throw new Error("usage: apply-child.ts <database url> <change id> <owner>");
  const db = createDb(url);
  const status = await applyChange(db, id, { owner });
  process.stdout.write(`${status}\n`);
  await db.$disconnect();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
