import { describe, expect, it } from "vitest";
import type { RouterOsCallInfo } from "../../routeros";
import { addressGuardRef, leaseRef } from "../kinds/dhcp-lease";
import { simPerTest } from "../kinds/testdata/sim-fixture";
import { AmbiguousObjectError, readRow } from "../router-objects";
import { BATCH_MIN, readManyRows } from "./batch-read";
import { refId } from "./refs";

const fx = simPerTest({ routers: 6 });
const ROUTER = "guide-isp-dhcp";
const SERVER = "dhcp-vlan32";
const LEASES = "/ip/dhcp-server/lease";

/** More than BATCH_MIN refs of leases on SERVER: a guide lease's MAC, the other's in lower case, and absent MACs. */
function leaseRefs() {
  const macs = ["00:11:22:33:44:55", "aa:bb:cc:dd:ee:ff", ...Array.from({ length: BATCH_MIN }, (_, i) => `02:00:00:00:01:${String(i).padStart(2, "0")}`)];
  return macs.map((m) => leaseRef(SERVER, m));
}

describe("readManyRows", () => {
  it("reads a menu with BATCH_MIN refs or more in one print and answers each ref as readRow does", async () => {
    const calls: RouterOsCallInfo[] = [];
    const client = fx.client(ROUTER, (c) => calls.push(c));
    const refs = leaseRefs();
    const rows = await readManyRows(client, refs, () => ["comment"]);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /rest${LEASES}`]);
    expect(rows.size).toBe(refs.length);
    let present = 0;
    for (const ref of refs) {
      const alone = await readRow(client, ref, ["comment"]);
      if (alone) present++;
      expect(rows.get(refId(ref)), ref.label).toEqual(alone);
    }
    expect(present).toBe(1); // the upper-case guide MAC; the lower-case one matches neither print's `where` (exact values)
  });

  it("leaves menus with fewer refs and singletons to readRow (not in the map)", async () => {
    const calls: RouterOsCallInfo[] = [];
    const refs = leaseRefs().slice(0, BATCH_MIN - 1);
    const singleton = { menu: "/tool/mac-server", key: {}, singleton: true, fields: ["allowed-interface-list"], label: "/tool/mac-server" };
    expect(
      (
        await readManyRows(
          fx.client(ROUTER, (c) => calls.push(c)),
          [...refs, singleton],
        )
      ).size,
    ).toBe(0);
    expect(calls).toEqual([]);
  });

  it("throws AmbiguousObjectError when two rows match one ref", async () => {
    const client = fx.client(ROUTER);
    await client.add(LEASES, { server: SERVER, "mac-address": "02:00:00:00:01:00", address: "223.203.225.10" });
    const refs = [...leaseRefs(), addressGuardRef(SERVER, "223.203.225.10")];
    await expect(readRow(client, addressGuardRef(SERVER, "223.203.225.10"))).rejects.toBeInstanceOf(AmbiguousObjectError);
    await expect(readManyRows(client, refs)).rejects.toBeInstanceOf(AmbiguousObjectError);
  });
});
