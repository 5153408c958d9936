import { describe, expect, it } from "vitest";
import { snapshotKey, type CounterSnapshotEntry } from "../metrics/store";
import { macsecFromStats, MACSEC_STATS_KIND, trafficFromCounters } from "./samples";

const t0 = new Date("2026-11-21T10:00:00Z");
const t1 = new Date("2026-11-21T10:01:00Z");

describe("trafficFromCounters", () => {
  const counters = [{ name: "macvlan1", rxByte: 7_500n, txByte: 15_000n, rxPacket: 120n, txPacket: 60n }];

  it("snapshots but writes no sample on the first poll", () => {
    const out = trafficFromCounters("d", "interface-macvlan", t0, counters, new Map());
    expect(out.samples).toEqual([]);
    expect(out.snapshots).toEqual([{ kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 7_500n, "tx-byte": 15_000n, "rx-packet": 120n, "tx-packet": 60n } }]);
  });

  it("computes bits/s and packets/s against the previous snapshot", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey("interface-macvlan", "macvlan1"), { kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 0n, "tx-byte": 0n, "rx-packet": 0n, "tx-packet": 0n } }],
    ]);
    const out = trafficFromCounters("d", "interface-macvlan", t1, counters, prev);
    expect(out.samples).toEqual([{ deviceId: "d", interface: "macvlan1", ts: t1, rxBps: 1000, txBps: 2000, rxPps: 2, txPps: 1 }]);
  });

  it("skips the sample after a counter reset", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey("interface-macvlan", "macvlan1"), { kind: "interface-macvlan", name: "macvlan1", ts: t0, values: { "rx-byte": 9_000_000n, "tx-byte": 0n, "rx-packet": 0n, "tx-packet": 0n } }],
    ]);
    expect(trafficFromCounters("d", "interface-macvlan", t1, counters, prev).samples).toEqual([]);
  });

  it("ignores a snapshot of another kind", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey("interface-macsec", "macvlan1"), { kind: "interface-macsec", name: "macvlan1", ts: t0, values: { "rx-byte": 0n, "tx-byte": 0n, "rx-packet": 0n, "tx-packet": 0n } }],
    ]);
    expect(trafficFromCounters("d", "interface-macvlan", t1, counters, prev).samples).toEqual([]);
  });
});

describe("macsecFromStats", () => {
  const interfaces = [{ name: "macsec1", status: "open-encrypted" }];

  it("writes status with zero rates before 7.21 (no stats)", () => {
    const out = macsecFromStats("d", t1, interfaces, undefined, new Map());
    expect(out.snapshots).toEqual([]);
    expect(out.samples[0]).toMatchObject({ interface: "macsec1", status: "open-encrypted", inPktsOk: 0, inPktsLate: 0 });
  });

  it("computes packets/s per IEEE counter and tolerates missing keys", () => {
    const prev = new Map<string, CounterSnapshotEntry>([
      [snapshotKey(MACSEC_STATS_KIND, "macsec1"), { kind: MACSEC_STATS_KIND, name: "macsec1", ts: t0, values: { InPktsOK: 600n, InPktsLate: 0n, OutPktsEncrypted: 60n } }],
    ]);
    const stats = [{ name: "macsec1", counters: { InPktsOK: 1_200n, InPktsLate: 6n, OutPktsEncrypted: 180n, InPktsUnknownSCI: 3n } }];
    const out = macsecFromStats("d", t1, interfaces, stats, prev);
    expect(out.samples[0]).toMatchObject({ inPktsOk: 10, inPktsLate: 0.1, outPktsEncrypted: 2, inPktsUnknownSci: 0, inPktsNoTag: 0 });
    expect(out.snapshots[0].values.InPktsUnknownSCI).toBe(3n);
  });
});
