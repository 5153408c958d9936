import { describe, expect, it } from "vitest";
import type { CounterRow, CycleReadings } from "../metrics/descriptors";
import { snapshotKey, type CounterSnapshotEntry } from "../metrics/store";
import { metricSamples, type SampleInterval } from "./samples";

const t0 = new Date("2026-11-21T10:00:00Z");
const t1 = new Date("2026-11-21T10:01:00Z");
/** Up for a day, 60 s polls: every interval below is usable. */
const ok = { uptimeSec: 86_400, maxIntervalSec: 180 };
const resource = { readAt: t1, cpuLoad: 7, freeMemory: 768, totalMemory: 1024 };
const readings = (extra: Partial<CycleReadings> = {}): CycleReadings => ({ resource, interfaceCounters: {}, ...extra });

/** `macvlan-traffic` samples of one `/interface` counters read at `ts`. */
function traffic(ts: Date, rows: CounterRow[], previous: Map<string, CounterSnapshotEntry>, interval: SampleInterval) {
  const out = metricSamples("d", "macvlan-traffic", readings({ interfaceCounters: { macvlan: { readAt: ts, rows } } }), previous, interval);
  if (!out) throw new Error("no readings");
  return out;
}

/** `macsec-stats` samples of `/interface/macsec` rows (with their `print stats` counters) read at `ts`. */
function macsec(ts: Date, rows: CounterRow[], previous: Map<string, CounterSnapshotEntry>, interval: SampleInterval) {
  const out = metricSamples("d", "macsec-stats", readings({ macsecStats: { readAt: ts, rows } }), previous, interval);
  if (!out) throw new Error("no readings");
  return out;
}

const ifCounters = (rx: bigint, tx: bigint, rxp: bigint, txp: bigint) => ({ "rx-byte": rx, "tx-byte": tx, "rx-packet": rxp, "tx-packet": txp });
const snapshot = (kind: string, name: string, ts: Date, values: Record<string, bigint>) =>
  [snapshotKey(kind, name), { kind, name, ts, values }] as [string, CounterSnapshotEntry];

describe("gauge metrics", () => {
  it("take /system/resource values as read: cpu-load %, used and total memory in bytes", () => {
    expect(metricSamples("d", "cpu-load", readings(), new Map(), ok)).toEqual({
      samples: [{ deviceId: "d", metric: "cpu-load", series: "", ts: t1, values: { cpuLoad: 7 }, status: null }],
      snapshots: [],
      snapshotKind: null,
    });
    expect(metricSamples("d", "memory", readings(), new Map(), ok)?.samples[0]?.values).toEqual({ usedMemory: 256, totalMemory: 1024 });
  });

  it("write nothing when their section failed, and count sessions when it did not", () => {
    expect(metricSamples("d", "mac-server-sessions", readings(), new Map(), ok)).toBeUndefined();
    const out = metricSamples("d", "mac-server-sessions", readings({ macServerSessions: { readAt: t0, count: 3 } }), new Map(), ok);
    expect(out?.samples).toEqual([{ deviceId: "d", metric: "mac-server-sessions", series: "", ts: t0, values: { sessions: 3 }, status: null }]);
  });
});

describe("interface traffic (counter metric, skip-sample)", () => {
  const rows = [{ name: "macvlan1", counters: ifCounters(7_500n, 15_000n, 120n, 60n) }];

  it("snapshots but writes no sample on the first poll", () => {
    const out = traffic(t0, rows, new Map(), ok);
    expect(out.samples).toEqual([]);
    expect(out.snapshotKind).toBe("interface-macvlan");
    expect(out.snapshots).toEqual([{ kind: "interface-macvlan", name: "macvlan1", ts: t0, values: ifCounters(7_500n, 15_000n, 120n, 60n) }]);
  });

  it("computes bits/s and packets/s against the previous snapshot", () => {
    const prev = new Map([snapshot("interface-macvlan", "macvlan1", t0, ifCounters(0n, 0n, 0n, 0n))]);
    expect(traffic(t1, rows, prev, ok).samples).toEqual([
      {
        deviceId: "d",
        metric: "macvlan-traffic",
        series: "macvlan1",
        ts: t1,
        status: null,
        values: { rxBitsPerSecond: 1000, txBitsPerSecond: 2000, rxPacketsPerSecond: 2, txPacketsPerSecond: 1 },
      },
    ]);
  });

  it("skips the sample after a counter reset", () => {
    const prev = new Map([snapshot("interface-macvlan", "macvlan1", t0, ifCounters(9_000_000n, 0n, 0n, 0n))]);
    expect(traffic(t1, rows, prev, ok).samples).toEqual([]);
  });

  it("ignores a snapshot of another kind", () => {
    const prev = new Map([snapshot("interface-macsec", "macvlan1", t0, ifCounters(0n, 0n, 0n, 0n))]);
    expect(traffic(t1, rows, prev, ok).samples).toEqual([]);
  });

  it("writes nothing and keeps the snapshots when the counters read failed", () => {
    expect(metricSamples("d", "macvlan-traffic", readings(), new Map(), ok)).toBeUndefined();
  });
});

describe("MACsec statistics (counter metric, null rates)", () => {
  const row = (counters: Record<string, bigint> | undefined): CounterRow[] => [{ name: "macsec1", status: "open-encrypted", counters }];

  it("writes status with null (unknown) rates before 7.21 (no stats) and on the first poll", () => {
    const out = macsec(t1, row(undefined), new Map(), ok);
    expect(out.snapshots).toEqual([]);
    expect(out.samples[0]).toMatchObject({ series: "macsec1", status: "open-encrypted", values: { inPktsOk: null, inPktsLate: null } });
    const first = macsec(t1, row({ InPktsOK: 5n }), new Map(), ok);
    expect(first.samples[0]?.values.inPktsOk).toBeNull();
  });

  it("computes packets/s per IEEE counter and tolerates missing keys", () => {
    const prev = new Map([snapshot("macsec-stats", "macsec1", t0, { InPktsOK: 600n, InPktsLate: 0n, OutPktsEncrypted: 60n })]);
    const out = macsec(t1, row({ InPktsOK: 1_200n, InPktsLate: 6n, OutPktsEncrypted: 180n, InPktsUnknownSCI: 3n }), prev, ok);
    expect(out.samples[0]?.values).toMatchObject({ inPktsOk: 10, inPktsLate: 0.1, outPktsEncrypted: 2, inPktsUnknownSci: null, inPktsNoTag: null });
    expect(out.snapshots[0]?.values.InPktsUnknownSCI).toBe(3n);
  });

  it("gives null rates after a reset, a reboot or a gap", () => {
    const prev = new Map([snapshot("macsec-stats", "macsec1", t0, { InPktsOK: 600n, InPktsLate: 9n })]);
    const stats = row({ InPktsOK: 1_200n, InPktsLate: 6n });
    const reset = macsec(t1, stats, prev, ok);
    expect([reset.samples[0]?.values.inPktsOk, reset.samples[0]?.values.inPktsLate]).toEqual([10, null]);
    expect(macsec(t1, stats, prev, { ...ok, uptimeSec: 30 }).samples[0]?.values.inPktsOk).toBeNull();
    const gap = macsec(new Date(t0.getTime() + 181_000), stats, prev, ok);
    expect(gap.samples[0]?.values.inPktsOk).toBeNull();
    expect(gap.snapshots).toHaveLength(1);
  });
});

describe("interval checks", () => {
  const rows = [{ name: "macvlan1", counters: ifCounters(9_000n, 9_000n, 90n, 90n) }];
  const prev = new Map([snapshot("interface-macvlan", "macvlan1", t0, ifCounters(1_000n, 1_000n, 10n, 10n))]);

  it("skips the sample when the router rebooted in between, even though no counter went down", () => {
    // Uptime 45 s < 60 s since the snapshot: the counters restarted and climbed past the old values.
    const out = traffic(t1, rows, prev, { uptimeSec: 45, maxIntervalSec: 180 });
    expect(out.samples).toEqual([]);
    expect(out.snapshots).toHaveLength(1);
    expect(traffic(t1, rows, prev, { uptimeSec: 60, maxIntervalSec: 180 }).samples).toHaveLength(1);
  });

  it("skips the sample over a gap longer than maxIntervalSec (a gap, not an average)", () => {
    expect(traffic(new Date(t0.getTime() + 181_000), rows, prev, ok).samples).toEqual([]);
    expect(traffic(new Date(t0.getTime() + 180_000), rows, prev, ok).samples).toHaveLength(1);
  });
});
