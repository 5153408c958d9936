import { parseArgs } from "node:util";
import { createDb, enableWal } from "../lib/db-client";
import { seedDevicesFromSimulator, seedUsers } from "../lib/seed/seed";

/**
 * `npm run db:seed -- --sim-url http://127.0.0.1:18728 [--admin-password X --operator-password Y --viewer-password Z] [--json]`
 * Creates missing demo users (printing their passwords once) and devices for every simulated router.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "sim-url": { type: "string" },
      "admin-password": { type: "string" },
      "operator-password": { type: "string" },
      "viewer-password": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const db = createDb();
  await enableWal(db);
  const users = await seedUsers(db, { ADMIN: values["admin-password"], OPERATOR: values["operator-password"], VIEWER: values["viewer-password"] });
  const devices = values["sim-url"] ? await seedDevicesFromSimulator(db, values["sim-url"]) : { created: 0, updated: 0 };
  await db.$disconnect();
  if (values.json) {
    console.log(JSON.stringify({ users, devices }));
    return;
  }
  for (const u of users) console.log(`  created ${u.role.padEnd(8)} ${u.email.padEnd(22)} password: ${u.password}`);
  if (users.length === 0) console.log("  users already exist (passwords unchanged; printed only when created)");
  console.log(`  devices: ${devices.created} created, ${devices.updated} updated`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
