import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db";
import {
  counterSnapshotWrites,
  deviceStateWrites,
  getCounterSnapshots,
  getSessionFirstSeen,
  snapshotKey,
  type CounterSnapshotEntry,
  type DeviceState,
  type PendingWrite,
} from "./store";

let t: TestDb;
const deviceId = "dev-store";

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "site-1", name: "Site 1" } });
  await t.db.device.create({
    data: { id: deviceId, name: "core-1", siteId: "site-1", apiUrl: "http://127.0.0.1:1", username: "api", passwordSealed: "x" },
  });
});
afterAll(async () => {
  await t.cleanup();
});

/** Runs writes in one transaction, as the poller does with a cycle's writes. */
async function apply(writes: PendingWrite[]): Promise<void> {
  if (writes.length > 0) await t.db.$transaction(writes);
}
async function replaceDeviceState(state: DeviceState, now: Date): Promise<void> {
  const firstSeen = state.sessions ? await getSessionFirstSeen(t.db, deviceId) : new Map<string, Date>();
  await apply(deviceStateWrites(t.db, deviceId, state, now, firstSeen));
}
const replaceCounterSnapshots = (kinds: string[], entries: CounterSnapshotEntry[]) => apply(counterSnapshotWrites(t.db, deviceId, kinds, entries));

describe("deviceStateWrites", () => {
  const macvlan = { parent: "ether1", macAddress: "02:00:00:00:00:01", mode: "bridge", mtu: 1500, running: true, disabled: false, comment: null };

  it("replaces rows by natural key and keeps firstSeenAt of known sessions", async () => {
    const t1 = new Date("2026-11-21T10:00:00Z");
    const t2 = new Date("2026-11-21T10:01:00Z");
    await replaceDeviceState(
      {
        macvlans: [
          { name: "macvlan1", ...macvlan },
          { name: "macvlan2", ...macvlan },
        ],
        macsecs: [
          {
            name: "macsec1",
            parent: "ether2",
            ckn: "ab".repeat(32),
            profile: "default",
            status: "negotiating",
            mtu: 1468,
            running: false,
            disabled: false,
            comment: null,
          },
        ],
        sessions: [{ srcAddress: "AA:BB:CC:00:00:01", interface: "ether1", uptimeSec: 5 }],
      },
      t1,
    );
    await replaceDeviceState(
      {
        macvlans: [
          { name: "macvlan2", ...macvlan, mode: "private" },
          { name: "macvlan2", ...macvlan, mode: "private" },
        ],
        sessions: [
          { srcAddress: "AA:BB:CC:00:00:01", interface: "ether1", uptimeSec: 65 },
          { srcAddress: "AA:BB:CC:00:00:02", interface: "ether1", uptimeSec: 1 },
        ],
      },
      t2,
    );
    const macvlans = await t.db.macvlanInterface.findMany({ where: { deviceId } });
    expect(macvlans.map((m) => [m.name, m.mode])).toEqual([["macvlan2", "private"]]);
    expect(await t.db.macsecInterface.count({ where: { deviceId } })).toBe(1);
    const sessions = await t.db.macServerSession.findMany({ where: { deviceId }, orderBy: { srcAddress: "asc" } });
    expect(sessions.map((s) => [s.srcAddress, s.firstSeenAt.toISOString(), s.lastSeenAt.toISOString(), s.uptimeSec])).toEqual([
      ["AA:BB:CC:00:00:01", t1.toISOString(), t2.toISOString(), 65],
      ["AA:BB:CC:00:00:02", t2.toISOString(), t2.toISOString(), 1],
    ]);
  });

  it("clears a section given as an empty array", async () => {
    await replaceDeviceState({ macvlans: [] }, new Date());
    expect(await t.db.macvlanInterface.count({ where: { deviceId } })).toBe(0);
  });
});

describe("counter snapshots", () => {
  it("round-trips counters above 2^53 and replaces only the given kinds", async () => {
    const big = 2n ** 62n + 7n;
    const ts = new Date("2026-11-21T10:00:00Z");
    await replaceCounterSnapshots(
      ["interface", "macsec-stats"],
      [
        { kind: "interface", name: "macvlan1", ts, values: { "rx-byte": big, "tx-byte": 1n } },
        { kind: "interface", name: "macvlan2", ts, values: { "rx-byte": 5n } },
        { kind: "macsec-stats", name: "macsec1", ts, values: { InPktsOK: 9n } },
      ],
    );
    await replaceCounterSnapshots(["interface"], [{ kind: "interface", name: "macvlan1", ts, values: { "rx-byte": big + 1n } }]);
    const snaps = await getCounterSnapshots(t.db, deviceId);
    expect([...snaps.keys()].sort()).toEqual([snapshotKey("interface", "macvlan1"), snapshotKey("macsec-stats", "macsec1")]);
    expect(snaps.get(snapshotKey("interface", "macvlan1"))?.values["rx-byte"]).toBe(big + 1n);
    expect(snaps.get(snapshotKey("macsec-stats", "macsec1"))?.ts.toISOString()).toBe(ts.toISOString());
  });
});
