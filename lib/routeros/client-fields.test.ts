import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MENUS } from "../../sim/menus";
import { realPrintedFields } from "../../sim/printed-fields";
import { startSimulator, type Simulator } from "../../sim/server";
import { applyAndVerify } from "../changes/kinds/testdata/sim-fixture";
import { KINDS } from "../changes/kinds";
import { CHANGE_KIND_IDS, type ChangeKindId } from "../changes/types";
import { devicePasswordAad, seal } from "../crypto/seal";
import { requireEnv } from "../env";
import { closeRouterViewClients } from "../devices/router-view-client";
import { readAddressingView, readFirewallView, readInterfaceListsView, readMacvlanParentsView } from "../devices/router-views";
import { startPoller } from "../polling/poller";
import { createTestDb, type TestDb } from "../testing/test-db";
import { RouterOsClient } from "./client";
import { startRecordingProxy, type ProxiedRequest, type RecordingProxy } from "./testdata/recording-proxy";

/**
 * Every field the product reads or writes exists on real RouterOS. A recording proxy sits between the
 * product and the simulator; the poller polls a fleet holding every RouterOS version the product
 * targets (7.9.2 … 7.24), every change kind is planned, applied and read back on the guide routers, and the
 * device page's router views (lib/devices/router-views.ts) are read from every router.
 * Each field named in a `.proplist`, a filter, a `.query` word, or the body of an add or a set must be
 * in the fields real RouterOS prints for that menu and version (sim/printed-fields.ts: the real dumps
 * of 7.21.5 and 7.22.3, nearest version).
 */

const CAK = "00112233445566778899aabbccddeeff";
const NEW_CAK = "ffeeddccbbaa99887766554433221100";
const CKN = "ab".repeat(32);

/** Every kind once, in an order where each plans against what the previous ones left. */
const STEPS: Array<{ kind: ChangeKindId; router: string; params: Record<string, unknown> }> = [
  { kind: "interface-list.add-member", router: "guide-macserver", params: { list: "mac-allowed", interface: "ether5" } },
  { kind: "interface-list.remove-member", router: "guide-macserver", params: { list: "mac-allowed", interface: "ether5" } },
  { kind: "mac-server.set-allowed-list", router: "guide-macserver", params: { service: "mac-winbox", allowedInterfaceList: "LAN" } },
  { kind: "mac-server.set-ping", router: "guide-macserver", params: { enabled: false } },
  { kind: "mac-server.enable-on-interface", router: "guide-macserver", params: { interface: "ether3" } },
  { kind: "logging.add", router: "guide-macserver", params: { topics: "mac-server", prefix: "MS" } },
  { kind: "logging.remove", router: "guide-macserver", params: { topics: "mac-server" } },
  { kind: "macvlan.add", router: "guide-soho-macvlan", params: { name: "macvlan-fields", interface: "ether2", comment: "fields" } },
  { kind: "macvlan.set", router: "guide-soho-macvlan", params: { name: "macvlan-fields", mtu: 1400 } },
  { kind: "macvlan.remove", router: "guide-soho-macvlan", params: { name: "macvlan-fields" } },
  { kind: "macsec.add", router: "guide-macsec-a", params: { name: "macsec-fields", interface: "ether2", cak: CAK, ckn: CKN } },
  { kind: "macsec.disable", router: "guide-macsec-a", params: { name: "macsec-fields" } },
  { kind: "macsec.enable", router: "guide-macsec-a", params: { name: "macsec-fields" } },
  { kind: "macsec.rotate-cak", router: "guide-macsec-a", params: { name: "macsec-fields", cak: NEW_CAK } },
  { kind: "macsec.remove", router: "guide-macsec-a", params: { name: "macsec-fields" } },
  { kind: "dhcp-lease.add", router: "guide-isp-dhcp", params: { server: "dhcp-vlan32", address: "223.203.225.31", macAddress: "02:00:00:00:00:31" } },
  { kind: "dhcp-lease.remove", router: "guide-isp-dhcp", params: { server: "dhcp-vlan32", macAddress: "02:00:00:00:00:31" } },
  {
    kind: "firewall-rule.add",
    router: "guide-soho-macvlan",
    params: {
      table: "filter",
      chain: "forward",
      action: "drop",
      position: "before-first-drop",
      comment: "noc:fields",
      srcAddress: "192.168.99.0/24",
      dstAddress: "10.0.0.1",
      protocol: "udp",
      dstPort: "53",
      inInterface: "macvlan-iot",
      outInterfaceList: "WAN",
      connectionState: "new",
      connectionNatState: "dstnat",
    },
  },
  { kind: "firewall-rule.remove", router: "guide-soho-macvlan", params: { table: "filter", comment: "noc:fields" } },
  { kind: "interface-list.add", router: "guide-macserver", params: { name: "fields", comment: "fields" } },
  { kind: "interface-list.remove", router: "guide-macserver", params: { name: "fields" } },
  { kind: "macsec-profile.set", router: "guide-macsec-a", params: { name: "guide-profile", ciphers: "gcm-aes-256", serverPriority: 5 } },
  { kind: "macsec.set-mtu", router: "guide-macsec-a", params: { name: "macsec1", mtu: 1400 } },
  { kind: "ip-address.add", router: "guide-soho-macvlan", params: { address: "10.20.30.1/24", interface: "ether4", comment: "fields" } },
  { kind: "ip-pool.add", router: "guide-soho-macvlan", params: { name: "pool-fields", ranges: "10.20.30.10-10.20.30.200", comment: "fields" } },
  {
    kind: "dhcp-server.add",
    router: "guide-soho-macvlan",
    params: { name: "dhcp-fields", interface: "ether4", addressPool: "pool-fields", leaseTime: "1d 00:00:00" },
  },
  { kind: "dhcp-network.add", router: "guide-soho-macvlan", params: { address: "10.20.30.0/24", gateway: "10.20.30.1", dnsServers: "10.20.30.1,9.9.9.9" } },
  { kind: "dhcp-network.remove", router: "guide-soho-macvlan", params: { address: "10.20.30.0/24" } },
  { kind: "dhcp-server.remove", router: "guide-soho-macvlan", params: { name: "dhcp-fields" } },
  { kind: "ip-pool.remove", router: "guide-soho-macvlan", params: { name: "pool-fields" } },
  { kind: "ip-address.remove", router: "guide-soho-macvlan", params: { address: "10.20.30.1/24", interface: "ether4" } },
  {
    kind: "dhcp-lease.import",
    router: "guide-isp-dhcp",
    params: {
      server: "dhcp-vlan32",
      rows: [
        { macAddress: "02:00:00:00:00:40", address: "223.203.225.40", comment: "plan", line: 1 },
        { macAddress: "AA:BB:CC:DD:EE:FF", address: "223.203.225.21", line: 2 },
        { macAddress: "00:11:22:33:44:55", address: "223.203.225.10", line: 3 },
      ],
    },
  },
];

/** Arguments that steer a command rather than name a field. */
const NOT_FIELDS = new Set([".id", ".proplist", ".query", "numbers", "stats", "show-sensitive", "place-before"]);

type FieldUse = { router: string; menu: string; field: string; use: "read" | "write" };

/** The longest served menu path that prefixes `segments`, and what follows it. */
function splitMenu(segments: string[]): { menu: string; rest: string[] } | null {
  for (let i = segments.length; i > 0; i--) {
    const menu = `/${segments.slice(0, i).join("/")}`;
    if (menu in MENUS) return { menu, rest: segments.slice(i) };
  }
  return null;
}

function queryField(word: string): string | null {
  if (word.startsWith("#")) return null;
  return word.replace(/^[-<>]/, "").split("=")[0] ?? null;
}

/** The RouterOS fields one request names, with whether it reads or writes them. */
function fieldsOf(req: ProxiedRequest): FieldUse[] {
  const [router, rest, ...segments] = req.path
    .split("/")
    .filter((s) => s !== "")
    .map(decodeURIComponent);
  if (router === undefined || rest !== "rest") return [];
  const split = splitMenu(segments);
  if (!split) return [{ router, menu: `/${segments.join("/")}`, field: "(menu not served)", use: "read" }];
  const { menu } = split;
  const command = split.rest[0];
  const out: FieldUse[] = [];
  const add = (field: string | null, use: "read" | "write") => {
    if (field && !NOT_FIELDS.has(field)) out.push({ router, menu, field, use });
  };
  const body = req.body ?? {};
  if (req.method === "GET") {
    for (const [k, v] of req.query) (k === ".proplist" ? v.split(",") : [k]).forEach((f) => add(f, "read"));
  } else if (req.method === "POST" && command === "print") {
    const proplist = body[".proplist"];
    (Array.isArray(proplist) ? proplist.map(String) : []).forEach((f) => add(f, "read"));
    const words = body[".query"];
    (Array.isArray(words) ? words.map(String) : []).forEach((w) => add(queryField(w), "read"));
  } else if (req.method === "PUT" || req.method === "PATCH" || (req.method === "POST" && command === "set")) {
    Object.keys(body).forEach((f) => add(f, "write"));
  }
  return out;
}

let sim: Simulator;
let proxy: RecordingProxy;
let t: TestDb;
const versions = new Map<string, string>();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, routers: 40, seed: 1 });
  proxy = await startRecordingProxy(sim.url);
  t = await createTestDb({ routerNetworks: ["127.0.0.1/32"] });
  for (const r of sim.routers) versions.set(r.name, r.version);
}, 30_000);

afterAll(async () => {
  await t?.cleanup();
  await proxy?.close();
  await sim?.close();
});

describe("fields the product reads and writes exist on real RouterOS", () => {
  it("covers every RouterOS version the simulator has", () => {
    expect(new Set(versions.values())).toEqual(new Set(["7.9.2", "7.12.2", "7.16.2", "7.20.8", "7.21.5", "7.22.3", "7.23.3", "7.24"]));
  });

  it("polling every version and running every change kind uses only fields of the real dumps", async () => {
    // The app's own key (the web server's router views open the passwords with it).
    const secretKey = requireEnv("SECRET_KEY");
    await t.db.site.create({ data: { id: "s", name: "Site" } });
    for (const r of sim.routers) {
      const id = `dev-${r.name}`;
      const passwordSealed = seal(r.password, devicePasswordAad(id), secretKey);
      await t.db.device.create({ data: { id, name: r.name, siteId: "s", apiUrl: `${proxy.url}/${r.name}`, username: r.username, passwordSealed } });
    }
    const poller = startPoller({
      db: t.db,
      loop: false,
      concurrency: 8,
      requestTimeoutMs: 5_000,
      connectTimeoutMs: 2_000,
      maxRetries: 0,
      rollupEveryMs: 0,
      secretKey,
    });
    try {
      const summary = await poller.runOnce();
      expect(summary.results.filter((r) => r.status !== "up")).toEqual([]);
    } finally {
      await poller.stop();
    }

    for (const step of STEPS) {
      const info = sim.routers.find((r) => r.name === step.router);
      if (!info) throw new Error(`no router ${step.router}`);
      const client = new RouterOsClient({ apiUrl: `${proxy.url}/${info.name}`, username: info.username, password: info.password, maxRetries: 0 });
      try {
        const kind = KINDS[step.kind];
        const plan = await kind.plan(kind.schema.parse(step.params), { client, device: { id: info.name, name: info.name, version: info.version } });
        const cak = typeof step.params.cak === "string" ? step.params.cak : undefined;
        await applyAndVerify(client, plan, cak ? { cak } : {});
      } finally {
        await client.close();
      }
    }
    expect(new Set(STEPS.map((s) => s.kind))).toEqual(new Set(CHANGE_KIND_IDS));

    // The device page's router views (IP, Firewall, interface lists, MACVLAN parents) on every router.
    const viewReads = [readAddressingView, readFirewallView, readInterfaceListsView, readMacvlanParentsView];
    for (const r of sim.routers) {
      const views = await Promise.all(viewReads.map((read) => read(t.db, `dev-${r.name}`)));
      expect(views.filter((v) => !v?.ok).map((v) => `${r.name}: ${JSON.stringify(v)}`)).toEqual([]);
    }
    await closeRouterViewClients();

    const uses = proxy.requests.flatMap(fieldsOf);
    expect(new Set(uses.filter((u) => u.use === "write").map((u) => u.menu)).size).toBeGreaterThan(4);
    const problems = new Set<string>();
    for (const u of uses) {
      const version = versions.get(u.router) ?? "?";
      const real = realPrintedFields(version, u.menu);
      if (!real?.has(u.field)) problems.add(`${u.use} ${u.menu} ${u.field} on ${version}`);
    }
    expect([...problems].sort()).toEqual([]);
  }, 120_000);
});
