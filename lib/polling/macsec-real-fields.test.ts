import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realPrintedFields } from "../../sim/printed-fields";
import type { CycleReadings } from "../metrics/descriptors";
import { insertSamples } from "../metrics/sample-store";
import { snapshotKey, type CounterSnapshotEntry } from "../metrics/store";
import { listMacsecStats, MACSEC_STATS_FIELDS } from "../routeros";
import { fixtureClient } from "../routeros/testdata/fixture-client";
import type { RecordedRequest } from "../routeros/testdata/fixture-server";
import { deleteSamples, storedSamples } from "../testing/samples";
import { createTestDb, type TestDb } from "../testing/test-db";
import { metricSamples, type SampleInterval } from "./samples";

/**
 * The MACsec chart path fed with exactly what real RouterOS prints: a fixture router answers
 * `/interface/macsec print stats` with every field that real 7.21.5 / 7.22.3 builds print for
 * `/interface/macsec` (sim/routeros-schema/printed/), projected to the request's `.proplist` as
 * RouterOS does. Two reads 60 s apart go through the client, the sample builder and the store; the
 * stored packets/s must be each real counter's own rate.
 */

const CAK = "00112233445566778899aabbccddeeff";
const INTERVAL_S = 60;

/** Stored sample field ← the real RouterOS field it must be computed from (written out here, independent of the client's table). */
const CHARTED: Record<string, string> = {
  inPktsOk: "rx-sc-ok",
  inPktsInvalid: "rx-sc-invalid",
  inPktsNotValid: "rx-sc-not-valid",
  inPktsLate: "rx-sc-late",
  inPktsNoTag: "rx-no-tag",
  inPktsBadTag: "rx-bad-tag",
  inPktsUnknownSci: "rx-unknown-sci",
  outPktsProtected: "tx-sc-protected-packet",
  outPktsEncrypted: "tx-sc-encrypted-packet",
};

const NON_COUNTERS: Record<string, string> = {
  name: "macsec1",
  interface: "ether1",
  cak: CAK,
  ckn: "ab".repeat(32),
  profile: "default",
  mtu: "1468",
  comment: "uplink",
  status: "open-encrypted",
  running: "true",
  disabled: "false",
  inactive: "false",
  "hw-offloaded": "false",
};

/** A full row with every real field: counter i grows by (i + 1) packets/s from 1000·(i + 1). */
function fullRow(fields: string[], seconds: number): Record<string, string> {
  const row: Record<string, string> = {};
  fields.forEach((field, i) => {
    if (field === "about") return;
    row[field] = NON_COUNTERS[field] ?? String(1000 * (i + 1) + (i + 1) * seconds);
  });
  return row;
}

function expectedRate(fields: string[], field: string): number {
  return fields.indexOf(field) + 1;
}

let t: TestDb;
const fixture = fixtureClient();

beforeAll(async () => {
  t = await createTestDb();
  await t.db.site.create({ data: { id: "s", name: "Site" } });
  await t.db.device.create({ data: { id: "d", name: "r1", siteId: "s", apiUrl: "http://127.0.0.1:1", username: "u", passwordSealed: "x" } });
});
afterAll(() => t.cleanup());

describe.each(["7.21.5", "7.22.3"])("MACsec print stats with the real field set of RouterOS %s", (version) => {
  const real = realPrintedFields(version, "/interface/macsec");

  it("maps every counter real RouterOS prints, and asks for no field it does not print", () => {
    expect(real).toBeDefined();
    const counters = [...(real ?? [])].filter((f) => /^(rx|tx)-/.test(f)).sort();
    expect(counters).toHaveLength(29);
    expect(Object.keys(MACSEC_STATS_FIELDS).sort()).toEqual(counters);
  });

  it("stores each charted counter's own rate in packets/s, with cak neither asked for nor kept", async () => {
    const fields = [...(real ?? [])];
    let seconds = 0;
    const answer = (req: RecordedRequest) => {
      const body = JSON.parse(req.body) as { stats?: string; ".proplist"?: string[] };
      expect(body.stats).toBe("");
      const row = fullRow(fields, seconds);
      const proplist = body[".proplist"] ?? Object.keys(row);
      return { status: 200, body: JSON.stringify([Object.fromEntries(proplist.filter((f) => row[f] !== undefined).map((f) => [f, row[f]]))]) };
    };
    const client = await fixture.clientFor({ "POST /rest/interface/macsec/print": answer });
    const t0 = new Date("2026-12-02T10:00:00Z");
    const t1 = new Date(t0.getTime() + INTERVAL_S * 1000);
    const interval = { uptimeSec: 86_400, maxIntervalSec: 180 };
    /** The `macsec-stats` samples of one `print stats` read, as the poller builds them. */
    const read = async (ts: Date, previous: Map<string, CounterSnapshotEntry>, iv: SampleInterval) => {
      const stats = await listMacsecStats(client);
      const rows = stats.map((s) => ({
        name: s.name,
        status: "open-encrypted",
        counters: Object.fromEntries(Object.entries(s.counters).filter((e): e is [string, bigint] => e[1] !== undefined)),
      }));
      const readings: CycleReadings = {
        resource: { readAt: ts, cpuLoad: 0, freeMemory: 0, totalMemory: 0 },
        interfaceCounters: {},
        macsecStats: { readAt: ts, rows },
      };
      const out = metricSamples("d", "macsec-stats", readings, previous, iv);
      if (!out) throw new Error("no MACsec readings");
      return out;
    };

    const first = await read(t0, new Map(), interval);
    seconds = INTERVAL_S;
    const previous = new Map(first.snapshots.map((s) => [snapshotKey(s.kind, s.name), s]));
    const second = await read(t1, previous, interval);
    await t.db.$transaction(async (tx) => insertSamples(tx, second.samples));

    const proplist = (JSON.parse(fixture.server?.requests[0]?.body ?? "{}") as { ".proplist": string[] })[".proplist"];
    expect(proplist).not.toContain("cak");
    for (const f of proplist) expect(real?.has(f), `${f} is printed by real RouterOS ${version}`).toBe(true);
    expect(JSON.stringify(first.snapshots, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(CAK);

    const [stored] = await storedSamples(t.db, { deviceId: "d", metric: "macsec-stats", ts: t1 });
    const values = stored?.values ?? {};
    for (const [column, field] of Object.entries(CHARTED)) {
      expect(values[column], `${column} from ${field}`).toBeCloseTo(expectedRate(fields, field), 9);
    }
    expect(stored?.status).toBe("open-encrypted");
    await deleteSamples(t.db);
  });
});
