import { describe, expect, it } from "vitest";
import { snapshotKey, type CounterSnapshotEntry } from "../metrics/store";
import { macsecFromStats, MACSEC_STATS_KIND, trafficFromCounters } from "./samples";

const t0 = new Date("2026-11-21T10:00:00Z");
const t1 = new Date("2026-11-21T10:01:00Z");
/** Up for a day, 60 s polls: every interval below is usable. */
const ok = { uptimeSec: 86_400, maxIntervalSec: 180 };

describe("trafficFromCounters", () => {
  const counters = [{ name: "macvlan1", rxByte: 7_500n, txByte: 15_000n, rxPacket: 120n, txPacket: 60n }];

  it("snapshots but writes no sample on the first poll", () => {
    const out = trafficFromCounters("d", "interface-macvlan", t0, counters, new Map(), ok);
    expect(out.samples).toEqual([]);
    expect(out.snapshots).toEqual([{ kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 7_500n, "tx-byte": 15_000n, "rx-packet": 120n, "tx-packet": 60n } }]);
  });

  it("computes bits/s and packets/s against the previous snapshot", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey("interface-macvlan", "macvlan1"), { kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 0n, "tx-byte": 0n, "rx-packet": 0n, "tx-packet": 0n } }],
    ]);
    const out = trafficFromCounters("d", "interface-macvlan", t1, counters, prev, ok);
    expect(out.samples).toEqual([{ deviceId: "d", interface: "macvlan1", ts: t1, rxBps: 1000, txBps: 2000, rxPps: 2, txPps: 1 }]);
  });

  it("skips the sample after a counter reset", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey("interface-macvlan", "macvlan1"), { kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 9_000_000n, "tx-byte": 0n, "rx-packet": 0n, "tx-packet": 0n } }],
    ]);
    expect(trafficFromCounters("d", "interface-macvlan", t1, counters, prev, ok).samples).toEqual([]);
  });

  it("ignores a snapshot of another kind", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey("interface-macsec", "macvlan1"), { kind: "interface-macsec", name: "macvlan1", ts: t0, values: { "rx-byte": 0n, "tx-byte": 0n, "rx-packet": 0n, "tx-packet": 0n } }],
    ]);
    expect(trafficFromCounters("d", "interface-macvlan", t1, counters, prev, ok).samples).toEqual([]);
  });
});

describe("macsecFromStats", () => {
  const interfaces = [{ name: "macsec1", status: "open-encrypted" }];

  it("writes status with null (unknown) rates before 7.21 (no stats) and on the first poll", () => {
    const out = macsecFromStats("d", t1, interfaces, undefined, new Map(), ok);
    expect(out.snapshots).toEqual([]);
    expect(out.samples[0]).toMatchObject({ interface: "macsec1", status: "open-encrypted", inPktsOk: null, inPktsLate: null });
    const first = macsecFromStats("d", t1, interfaces, [{ name: "macsec1", counters: { InPktsOK: 5n } }], new Map(), ok);
    expect(first.samples[0].inPktsOk).toBeNull();
  });

  it("computes packets/s per IEEE counter and tolerates missing keys", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey(MACSEC_STATS_KIND, "macsec1"), { kind: MACSEC_STATS_KIND, name: "macsec1", ts: t0, values: { InPktsOK: 600n, InPktsLate: 0n, OutPktsEncrypted: 60n } }],
    ]);
    const stats = [{ name: "macsec1", counters: { InPktsOK: 1_200n, InPktsLate: 6n, OutPktsEncrypted: 180n, InPktsUnknownSCI: 3n } }];
    const out = macsecFromStats("d", t1, interfaces, stats, prev, ok);
    expect(out.samples[0]).toMatchObject({ inPktsOk: 10, inPktsLate: 0.1, outPktsEncrypted: 2, inPktsUnknownSci: null, inPktsNoTag: null });
    expect(out.snapshots[0].values.InPktsUnknownSCI).toBe(3n);
  });

  it("gives null rates after a reset, a reboot or a gap", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey(MACSEC_STATS_KIND, "macsec1"), { kind: MACSEC_STATS_KIND, name: "macsec1", ts: t0, values: { InPktsOK: 600n, InPktsLate: 9n } }],
    ]);
    const stats = [{ name: "macsec1", counters: { InPktsOK: 1_200n, InPktsLate: 6n } }];
    const reset = macsecFromStats("d", t1, interfaces, stats, prev, ok);
    expect([reset.samples[0].inPktsOk, reset.samples[0].inPktsLate]).toEqual([10, null]);
    const rebooted = macsecFromStats("d", t1, interfaces, stats, prev, { ...ok, uptimeSec: 30 });
    expect(rebooted.samples[0].inPktsOk).toBeNull();
    const gap = macsecFromStats("d", new Date(t0.getTime() + 181_000), interfaces, stats, prev, ok);
    expect(gap.samples[0].inPktsOk).toBeNull();
    expect(gap.snapshots).toHaveLength(1);
  });
});

describe("interval checks", () => {
  const counters = [{ name: "macvlan1", rxByte: 9_000n, txByte: 9_000n, rxPacket: 90n, txPacket: 90n }];
  const prev = new Map<string, CounterSnapshotEntry>([
    [snapshotKey("interface-macvlan", "macvlan1"), { kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 1_000n, "tx-byte": 1_000n, "rx-packet": 10n, "tx-packet": 10n } }],
  ]);

  it("skips the sample when the router rebooted in between, even though no counter went down", () => {
    // Uptime 45 s < 60 s since the snapshot: the counters restarted and climbed past the old values.
    const out = trafficFromCounters("d", "interface-macvlan", t1, counters, prev, { uptimeSec: 45, maxIntervalSec: 180 });
    expect(out.samples).toEqual([]);
    expect(out.snapshots).toHaveLength(1);
    expect(trafficFromCounters("d", "interface-macvlan", t1, counters, prev, { uptimeSec: 60, maxIntervalSec: 180 }).samples).toHaveLength(1);
  });

  it("skips the sample over a gap longer than maxIntervalSec (a gap, not an average)", () => {
    const late = new Date(t0.getTime() + 181_000);
    expect(trafficFromCounters("d", "interface-macvlan", late, counters, prev, ok).samples).toEqual([]);
    const inTime = new Date(t0.getTime() + 180_000);
    expect(trafficFromCounters("d", "interface-macvlan", inTime, counters, prev, ok).samples).toHaveLength(1);
  });
});
