import { ensureBuiltInRules } from "/work/wt-i11-eval/lib/alerts/service";
import { createTestDb } from "/work/wt-i11-eval/lib/testing/test-db";
import { readFleetSnapshot } from "/work/wt-i11-eval/lib/alerts/snapshot";
import { RULE_TYPES } from "/work/wt-i11-eval/lib/alerts/rule-types";
import { seedFleetDb } from "/work/wt-i11-eval/bench/fixtures/fleet";
async function main() {
const t = await createTestDb();
await seedFleetDb(t, { devices: 10000, now: new Date() });
await ensureBuiltInRules(t.db);
const time = async (name: string, f: () => Promise<unknown>) => { const s = performance.now(); const r = await f(); console.log(name, (performance.now() - s).toFixed(1), Array.isArray(r) ? r.length : ""); return r; };
for (let i = 0; i < 2; i++) {
await time("stamps prisma", () => t.db.device.findMany({ select: { id: true, updatedAt: true } }));
await time("stamps raw", () => t.db.$queryRaw`SELECT "id", "updatedAt" FROM "Device"`);
await time("devices", () => t.db.device.findMany({ where: { enabled: true }, select: { id: true, name: true, siteId: true, status: true, lastPollAt: true, lastOkAt: true, cpuLoad: true, freeMemory: true, totalMemory: true } }));
await time("macsecs", () => t.db.macsecInterface.findMany({ where: { disabled: false }, select: { deviceId: true, name: true, status: true } }));
await time("macsecs raw", () => t.db.$queryRaw`SELECT "deviceId", "name", "status" FROM "MacsecInterface" WHERE "disabled" = false`);
await time("macvlans", () => t.db.macvlanInterface.findMany({ where: { disabled: false }, select: { deviceId: true, name: true, running: true, rxBitsPerSecond: true, txBitsPerSecond: true, ratesAt: true } }));
await time("sessions", () => t.db.macServerSession.findMany({ select: { deviceId: true, srcAddress: true, interface: true } }));
await time("active", () => t.db.alert.findMany({ where: { state: { in: ["pending", "firing"] } } }));
await time("snapshot", () => readFleetSnapshot(t.db, new Set(RULE_TYPES), false));
}
await t.cleanup();

}
void main();
