import { createDb } from "../../../db-client";
import { log } from "../../../log";
import { applyChange, approveChange, proposeChange, scheduleChange, type ChangeActor } from "../../service";

/**
 * Child process of the secrets test (lib/changes/secrets.test.ts), run with LOG_LEVEL=trace so every
 * log line is captured: `node --import tsx secret-scenario.ts <database url> <json>` where json is
 * `{ operatorId, adminId, deviceId, cak, newCak, ckn }`. Proposes, approves, schedules and applies
 * `macsec.add` (macsec-test on ether2) then `macsec.rotate-cak`, and prints `{"statuses":[...]}` last.
 */
async function main(): Promise<void> {
  const [url, json] = process.argv.slice(2);
  const args = JSON.parse(json) as { operatorId: string; adminId: string; deviceId: string; cak: string; newCak: string; ckn: string };
  const db = createDb(url);
  const operator: ChangeActor = { id: args.operatorId, email: "operator@example.test" };
  const admin: ChangeActor = { id: args.adminId, email: "admin@example.test" };
  const statuses: string[] = [];
  const run = async (kind: "macsec.add" | "macsec.rotate-cak", params: Record<string, unknown>) => {
    const { id, hash } = await proposeChange(db, operator, { kind, params, deviceIds: [args.deviceId] });
    await approveChange(db, admin, { id, hash });
    await scheduleChange(db, admin, { id });
    statuses.push(await applyChange(db, id, { owner: "secret-scenario" }));
  };
  await run("macsec.add", { name: "macsec-test", interface: "ether2", cak: args.cak, ckn: args.ckn });
  await run("macsec.rotate-cak", { name: "macsec-test", cak: args.newCak });
  log.info({ statuses }, "secret scenario done");
  await db.$disconnect();
  process.stdout.write(`\n${JSON.stringify({ statuses })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
