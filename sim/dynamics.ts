import { compareVersions } from "../lib/routeros/version";
import { formatRouterOsDuration, MONTHS } from "../lib/validation/routeros";
import { hash32, macFromHash, pickByHash, unit } from "./prng";
import type { RouterState } from "./router-state";
import type { Row, StoredRow } from "./types";

/**
 * The moving parts of the world, computed lazily from elapsed wall-clock time and the seed (an idle
 * simulator costs nothing): interface counters with a daily shape plus 5-minute bursts, rates that
 * are the exact derivative of those counters, MACsec status and statistics, MAC-server sessions and
 * `/system/resource` load. All times are UTC; counters are bytes/packets as BigInt.
 */

const DAY_S = 86_400;
const OMEGA = (2 * Math.PI) / DAY_S;
const BURST_BUCKET_S = 300;

interface Profile {
  /** Mean rate in bytes/s for rx and tx. */
  rxMean: number;
  txMean: number;
  amp: number;
  phase: number;
  /** Mean packet size in bytes. */
  pkt: number;
  dropRate: number;
  key: number;
}

/** Range of the mean rate (bytes/s) by interface `type`; other types get 10 kB/s to 1 MB/s. */
const MEAN_BY_TYPE = new Map<string, [number, number]>([
  ["ether", [200_000, 20_000_000]],
  ["vlan", [50_000, 5_000_000]],
  ["macvlan", [10_000, 2_000_000]],
  ["macsec", [100_000, 8_000_000]],
  ["bridge", [100_000, 10_000_000]],
]);

/** Per-router caches of burst integrals (bytes up to a completed bucket), keyed by `.id:dir`. */
const burstCaches = new WeakMap<RouterState, Map<string, { bucket: number; bytes: number }>>();

/** True when a physical port has a cable in (first two ports always; others by seed); false without a name. */
function etherLinked(state: RouterState, name: string | undefined): boolean {
  if (name === undefined) return false;
  const index = state.spec.board.ports.indexOf(name);
  return index >= 0 && (index < 2 || unit(state.spec.seed, "link", name) < 0.6);
}

function profileOf(state: RouterState, row: StoredRow): Profile {
  const key = hash32(state.spec.seed, row[".id"]);
  const [lo, hi] = (row.type === undefined ? undefined : MEAN_BY_TYPE.get(row.type)) ?? [10_000, 1_000_000];
  const mean = row.type === "ether" && !etherLinked(state, row["default-name"] ?? row.name) ? 0 : lo + (hi - lo) * unit(key, 1) ** 2;
  return {
    rxMean: mean,
    txMean: mean * (0.2 + 0.8 * unit(key, 2)),
    amp: 0.3 + 0.5 * unit(key, 3),
    phase: unit(key, 4) * 2 * Math.PI,
    pkt: 300 + Math.floor(1100 * unit(key, 5)),
    dropRate: unit(key, 6) < 0.3 ? 1e-5 * unit(key, 7) : 0,
    key,
  };
}

function smoothBytes(mean: number, amp: number, phase: number, t1: number, t2: number): number {
  if (mean === 0 || t2 <= t1) return 0;
  return mean * (t2 - t1) - ((mean * amp) / OMEGA) * (Math.cos(OMEGA * t2 + phase) - Math.cos(OMEGA * t1 + phase));
}

/** Burst in bucket k: extra bytes/s and its length in seconds (0 = no burst). */
function burstOf(key: number, dir: number, k: number, mean: number): { rate: number; len: number } {
  if (unit(key, dir, k) >= 0.08) return { rate: 0, len: 0 };
  return { rate: mean * (1 + 4 * unit(key, dir, k, 1)), len: 30 + 150 * unit(key, dir, k, 2) };
}

function burstBytes(state: RouterState, id: string, dir: number, p: Profile, mean: number, fromS: number, toS: number): number {
  if (mean === 0 || toS <= fromS) return 0;
  let caches = burstCaches.get(state);
  if (!caches) {
    caches = new Map();
    burstCaches.set(state, caches);
  }
  const first = Math.floor(fromS / BURST_BUCKET_S);
  const current = Math.floor(toS / BURST_BUCKET_S);
  const cacheKey = `${id}:${dir}:${first}`;
  const cached = caches.get(cacheKey) ?? { bucket: first, bytes: 0 };
  const overlap = (k: number, upTo: number): number => {
    const b = burstOf(p.key, dir, k, mean);
    const start = Math.max(k * BURST_BUCKET_S, fromS);
    const end = Math.min(k * BURST_BUCKET_S + b.len, upTo);
    return b.rate * Math.max(0, end - start);
  };
  while (cached.bucket < current) {
    cached.bytes += overlap(cached.bucket, Infinity);
    cached.bucket++;
  }
  caches.set(cacheKey, cached);
  return cached.bytes + overlap(current, toS);
}

/** Counters of one interface at `nowMs`, as `/interface` prints them (bytes, packets). */
interface Counters {
  "rx-byte": bigint;
  "tx-byte": bigint;
  "rx-packet": bigint;
  "tx-packet": bigint;
  "rx-drop": bigint;
  "tx-drop": bigint;
  "tx-queue-drop": bigint;
  "rx-error": bigint;
  "tx-error": bigint;
}

function startSeconds(state: RouterState, row: StoredRow): number {
  return (state.createdAt.get(row[".id"]) ?? state.spec.bootAtMs) / 1000;
}

/** Interface counters since the interface appeared (boot, or its add), computed from the seed. */
function countersOf(state: RouterState, row: StoredRow, nowMs: number): Counters {
  const p = profileOf(state, row);
  const t0 = startSeconds(state, row);
  const t = nowMs / 1000;
  const burstFrom = Math.max(t0, state.env.simStartMs / 1000);
  const rx = smoothBytes(p.rxMean, p.amp, p.phase, t0, t) + burstBytes(state, row[".id"], 0, p, p.rxMean, burstFrom, t);
  const tx = smoothBytes(p.txMean, p.amp, p.phase + 1, t0, t) + burstBytes(state, row[".id"], 1, p, p.txMean, burstFrom, t);
  const rxBytes = BigInt(Math.floor(rx));
  const txBytes = BigInt(Math.floor(tx));
  const rxPackets = rxBytes / BigInt(p.pkt);
  const txPackets = txBytes / BigInt(Math.max(64, p.pkt - 200));
  const drop = (n: bigint) => BigInt(Math.floor(Number(n) * p.dropRate));
  return {
    "rx-byte": rxBytes,
    "tx-byte": txBytes,
    "rx-packet": rxPackets,
    "tx-packet": txPackets,
    "rx-drop": drop(rxPackets),
    "tx-drop": 0n,
    "tx-queue-drop": drop(txPackets) / 4n,
    "rx-error": rxPackets / 50_000_000n,
    "tx-error": 0n,
  };
}

/** Instant rates for `/interface/monitor-traffic` (bits/s, packets/s): the counters' derivative. */
export function ratesOf(state: RouterState, row: StoredRow, nowMs: number): Row {
  const p = profileOf(state, row);
  const t = nowMs / 1000;
  const running = isRunning(state, row, nowMs);
  const rate = (mean: number, phase: number, dir: number): number => {
    if (!running || mean === 0) return 0;
    const k = Math.floor(t / BURST_BUCKET_S);
    const b = burstOf(p.key, dir, k, mean);
    const inBurst = t - k * BURST_BUCKET_S < b.len && t >= state.env.simStartMs / 1000;
    return mean * (1 + p.amp * Math.sin(OMEGA * t + phase)) + (inBurst ? b.rate : 0);
  };
  const rx = rate(p.rxMean, p.phase, 0);
  const tx = rate(p.txMean, p.phase + 1, 1);
  return {
    ...nameField(row),
    "rx-packets-per-second": String(Math.round(rx / p.pkt)),
    "rx-bits-per-second": String(Math.round(rx * 8)),
    "fp-rx-packets-per-second": "0",
    "fp-rx-bits-per-second": "0",
    "rx-drops-per-second": "0",
    "rx-errors-per-second": "0",
    "tx-packets-per-second": String(Math.round(tx / Math.max(64, p.pkt - 200))),
    "tx-bits-per-second": String(Math.round(tx * 8)),
    "fp-tx-packets-per-second": "0",
    "fp-tx-bits-per-second": "0",
    "tx-drops-per-second": "0",
    "tx-queue-drops-per-second": "0",
    "tx-errors-per-second": "0",
  };
}

/** `{ name }` of a row, or nothing when it has none: replies computed from a row carry its name as stored. */
export function nameField(row: Row): Row {
  return row.name === undefined ? {} : { name: row.name };
}

/**
 * RouterOS date and time (UTC) as `/system/clock` prints them: date ISO `2026-11-21` from 7.10,
 * `nov/21/2026` before; time `13:01:02`.
 */
export function routerOsDateAndTime(ms: number, version: string): { date: string; time: string } {
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 19);
  if (compareVersions(version, "7.10") >= 0) return { date: iso.slice(0, 10), time };
  const month = MONTHS.at(Number(iso.slice(5, 7)) - 1);
  if (month === undefined) throw new RangeError(`no month in ${iso}`);
  return { date: `${month}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`, time };
}

/** RouterOS date-time: ISO `2026-11-21 13:01:02` from 7.10, `nov/21/2026 13:01:02` before (UTC). */
export function formatRouterOsDateTime(ms: number, version: string): string {
  const { date, time } = routerOsDateAndTime(ms, version);
  return `${date} ${time}`;
}

/** Whether an interface is up now (disabled, cable, parent, MACsec negotiation). */
export function isRunning(state: RouterState, row: StoredRow, nowMs: number, depth = 0): boolean {
  if (row.disabled === "true" || depth > 4) return false;
  switch (row.type) {
    case "ether":
      return etherLinked(state, row["default-name"] ?? row.name);
    case "macsec":
      return macsecState(state, row, nowMs).status === "open-encrypted";
    case "vlan":
    case "macvlan": {
      const parent = state.findInterface(row.interface ?? "");
      return parent !== undefined && isRunning(state, parent, nowMs, depth + 1);
    }
    default:
      return true;
  }
}

/**
 * Whether the far end of a MACsec interface without a fleet-made peering is up. One added over the API
 * (in `createdAt`) pairs with the MACsec interface holding the same CKN on another router, as MKA pairs
 * ends by CKN: up when that end is enabled, has the same CAK and its parent runs; with no such end, and for
 * generated interfaces, a per-interface draw (90 % up) stands for a far end outside the fleet.
 */
function addedPeerOk(state: RouterState, row: StoredRow, nowMs: number, key: number): boolean {
  const twin = state.createdAt.has(row[".id"]) && row.ckn ? state.env.macsecByCkn(row.ckn, state.spec.info.name) : undefined;
  if (!twin) return unit(key, 3) >= 0.1;
  const parent = twin.state.findInterface(twin.row.interface ?? "");
  return twin.row.disabled !== "true" && twin.row.cak === row.cak && parent !== undefined && isRunning(twin.state, parent, nowMs);
}

/** MACsec link events: status, `link-downs` and `last-link-up-time` (ms) at `nowMs`. */
export function macsecState(state: RouterState, row: StoredRow, nowMs: number): { status: string; linkDowns: number; lastUpMs: number } {
  const key = hash32(state.spec.seed, row[".id"], "macsec");
  const { name } = row;
  const rekeyAt = name === undefined ? undefined : state.macsecRekeyAt.get(name);
  const start = Math.max(state.createdAt.get(row[".id"]) ?? state.spec.bootAtMs, rekeyAt ?? 0);
  const negotiateMs = 4_000 + 20_000 * unit(key, 1);
  let linkDowns = Math.floor(3 * unit(key, 2));
  let lastUpMs = start + negotiateMs;
  let down = false;
  const simStart = state.env.simStartMs;
  for (let h = Math.floor(simStart / 3_600_000); h * 3_600_000 <= nowMs; h++) {
    if (unit(key, h) >= 0.04) continue;
    const dropAt = h * 3_600_000 + 3_600_000 * unit(key, h, 1);
    const upAt = dropAt + 20_000 + 100_000 * unit(key, h, 2);
    if (dropAt < simStart || dropAt < start || dropAt > nowMs) continue;
    linkDowns++;
    if (nowMs < upAt) down = true;
    else lastUpMs = upAt;
  }
  if (row.disabled === "true") return { status: "disabled", linkDowns, lastUpMs };
  const forced = name === undefined ? undefined : state.forced.macsecStatus.get(name);
  if (forced !== undefined) return { status: forced, linkDowns, lastUpMs };
  if (!row.cak || !row.ckn) return { status: "invalid", linkDowns, lastUpMs };
  const parent = state.findInterface(row.interface ?? "");
  if (!parent || !isRunning(state, parent, nowMs)) return { status: "initializing", linkDowns, lastUpMs };
  const peer = name === undefined ? undefined : state.macsecPeers.get(name);
  const peerRow = peer ? state.env.peerMacsec(peer.router, peer.iface) : undefined;
  const peerOk = peer
    ? peerRow !== undefined && peerRow.disabled !== "true" && peerRow.cak === row.cak && peerRow.ckn === row.ckn
    : addedPeerOk(state, row, nowMs, key);
  if (!peerOk || down || nowMs < start + negotiateMs) return { status: "negotiating", linkDowns, lastUpMs };
  return { status: "open-encrypted", linkDowns, lastUpMs };
}

/**
 * MACsec statistics (`/interface/macsec print stats`, 7.21+) with the field names real RouterOS 7.21.5
 * and 7.22.3 print (sim/routeros-schema/printed/): secure-channel counters `rx-sc-*`/`tx-sc-*`, their
 * per-SA forms `rx-sa-*`/`tx-sa-*` (one SA in use, so equal to the SC ones), and SecY counters
 * (`rx-no-tag`, `tx-untagged`, ...). Values derive from the interface counters: every frame is
 * encrypted (`tx-sc-encrypted-*`; `protected` counts integrity-only frames, none here), a few arrive
 * late or with an unknown SCI, and `rx-sc-not-valid` rises in rare bad spells.
 */
export function macsecStats(state: RouterState, row: StoredRow, nowMs: number): Row {
  const c = countersOf(state, row, nowMs);
  const key = hash32(state.spec.seed, row[".id"], "stats");
  let notValid = 0;
  for (let k = Math.floor(state.env.simStartMs / 600_000); k * 600_000 <= nowMs; k++) {
    if (unit(key, k) < 0.05) notValid += Math.floor(500 * unit(key, k, 1) * Math.min(1, (nowMs - k * 600_000) / 600_000));
  }
  const late = c["rx-packet"] / 2_000_000n;
  const ok = c["rx-packet"] - late - BigInt(notValid);
  // A forced burst (sim/control.ts) is frames on top of the interface's traffic: `rx-sc-ok` keeps rising.
  notValid += row.name === undefined ? 0 : (state.forced.macsecNotValid.get(row.name) ?? 0);
  const s = (v: bigint | number) => String(v);
  return {
    ...nameField(row),
    "rx-bad-tag": s(c["rx-error"]),
    "rx-no-sci": "0",
    "rx-no-tag": "0",
    "rx-overrun": "0",
    "rx-sa-invalid": "0",
    "rx-sa-not-using-sa": "0",
    "rx-sa-not-valid": s(notValid),
    "rx-sa-ok": s(ok),
    "rx-sa-unused-sa": "0",
    "rx-sc-decrypted-byte": s(c["rx-byte"]),
    "rx-sc-delayed": "0",
    "rx-sc-invalid": "0",
    "rx-sc-late": s(late),
    "rx-sc-not-using-sa": "0",
    "rx-sc-not-valid": s(notValid),
    "rx-sc-ok": s(ok),
    "rx-sc-unchecked": "0",
    "rx-sc-unused-sa": "0",
    "rx-sc-validated-byte": "0",
    "rx-unknown-sci": s(c["rx-packet"] / 10_000_000n),
    "rx-untagged": "0",
    "tx-sa-encrypted": s(c["tx-packet"]),
    "tx-sa-protected": "0",
    "tx-sc-encrypted-byte": s(c["tx-byte"]),
    "tx-sc-encrypted-packet": s(c["tx-packet"]),
    "tx-sc-protected-byte": "0",
    "tx-sc-protected-packet": "0",
    "tx-too-long": "0",
    "tx-untagged": "0",
  };
}

/**
 * Dynamic fields merged into an `/interface` (or typed view) row at print time: `actual-mtu`,
 * `running`, counters, `max-l2mtu` (ethernet), MACsec `status`, `link-downs`, `last-link-up-time` and,
 * when `link-downs` > 0, `last-link-down-time` (UTC date-times as the version prints them). A running
 * interface configured at boot had its downs between boot and the simulator's start, each back up 2-12 s
 * later; one added over REST has none. For MACsec, macsecState does not say when a link dropped: the sim
 * prints a down 20-120 s (its outage length) before the last up (or now, while never up), so during an
 * outage this is the previous down (approximation).
 */
export function interfaceDynamics(state: RouterState, row: StoredRow, nowMs: number): Row {
  const macsec = row.type === "macsec" ? macsecState(state, row, nowMs) : undefined;
  const running = macsec ? macsec.status === "open-encrypted" : isRunning(state, row, nowMs);
  const out: Row = { ...(row.mtu === undefined ? {} : { "actual-mtu": row.mtu === "auto" ? "1500" : row.mtu }), running: String(running) };
  const c = countersOf(state, row, nowMs);
  for (const [k, v] of Object.entries(c)) out[k] = v.toString();
  for (const k of ["fp-rx-byte", "fp-tx-byte", "fp-rx-packet", "fp-tx-packet"]) out[k] = "0";
  if (row.type === "ether") out["max-l2mtu"] = row.l2mtu ?? "1592";
  const { seed, bootAtMs } = state.spec;
  const id = row[".id"];
  const dateTime = (ms: number) => formatRouterOsDateTime(ms, state.version);
  if (macsec) {
    out.status = macsec.status;
    out["link-downs"] = String(macsec.linkDowns);
    if (macsec.lastUpMs <= nowMs) out["last-link-up-time"] = dateTime(macsec.lastUpMs);
    if (macsec.linkDowns > 0) {
      const downMs = Math.min(macsec.lastUpMs, nowMs) - 20_000 - 100_000 * unit(seed, id, "ldm");
      out["last-link-down-time"] = dateTime(Math.max(bootAtMs, downMs));
    }
  } else if (running) {
    const addedAt = state.createdAt.get(id);
    const downs = addedAt === undefined ? Math.floor(4 * unit(seed, id, "ld")) : 0;
    out["link-downs"] = String(downs);
    let upMs = addedAt ?? bootAtMs + 9_000;
    if (downs > 0) {
      const downMs = bootAtMs + 9_000 + (state.env.simStartMs - bootAtMs - 69_000) * unit(seed, id, "ldt");
      upMs = downMs + 2_000 + 10_000 * unit(seed, id, "ldu");
      out["last-link-down-time"] = dateTime(downMs);
    }
    out["last-link-up-time"] = dateTime(upMs);
  } else {
    out["link-downs"] = "0";
  }
  return out;
}

/** Chance per 5-minute slot that a MAC-Telnet session starts, by router role. */
function sessionChance(state: RouterState): number {
  return state.spec.info.role === "guide-macserver" ? 0.12 : 0.01 + 0.03 * unit(state.spec.seed, "sess");
}

/**
 * Active `/tool/mac-server/sessions` at `nowMs`: sessions start in 5-minute slots (3 per slot) with a
 * per-router chance, last 1 min to 2 h, and arrive on interfaces of `allowed-interface-list` (`all`:
 * any running interface; `none`: no sessions). `.id` is stable for a session's lifetime.
 */
export function macServerSessions(state: RouterState, nowMs: number): Row[] {
  return startedSessions(state, nowMs).map((s) => s.row);
}

/** The active sessions of macServerSessions with the moment each started (ms since epoch; the log's entries use it). */
export function startedSessions(state: RouterState, nowMs: number): { row: Row; startMs: number }[] {
  const allowed = state.single("/tool/mac-server")["allowed-interface-list"] ?? "all";
  if (allowed === "none") return forcedSessions(state, nowMs);
  const named = (name: string | undefined) => (name === undefined ? [] : [name]);
  const names =
    allowed === "all"
      ? state.rows("interface").flatMap((r) => (isRunning(state, r, nowMs) ? named(r.name) : []))
      : state.rows("/interface/list/member").flatMap((m) => (m.list === allowed && m.disabled !== "true" ? named(m.interface) : []));
  if (names.length === 0) return forcedSessions(state, nowMs);
  const chance = sessionChance(state);
  const slotMs = BURST_BUCKET_S * 1000;
  const out: { row: Row; startMs: number }[] = [];
  const now = Math.floor(nowMs / slotMs);
  for (let k = now - 24; k <= now; k++) {
    for (let slot = 0; slot < 3; slot++) {
      if (unit(state.spec.seed, "s", k, slot) >= chance) continue;
      const startMs = k * slotMs + slotMs * unit(state.spec.seed, "s", k, slot, 1);
      const endMs = startMs + 60_000 + 7_140_000 * unit(state.spec.seed, "s", k, slot, 2) ** 2;
      if (startMs > nowMs || endMs <= nowMs || startMs < state.spec.bootAtMs) continue;
      const row = {
        ".id": `*${((k * 3 + slot) % 0xfffffff).toString(16).toUpperCase()}`,
        interface: pickByHash(names, hash32(state.spec.seed, k, slot)),
        "src-address": macFromHash(state.spec.seed, "client", k, slot),
        uptime: formatRouterOsDuration((nowMs - startMs) / 1000),
      };
      out.push({ row, startMs });
    }
  }
  return [...out, ...forcedSessions(state, nowMs)];
}

/** The sessions forced through the control API (sim/control.ts), whatever `allowed-interface-list` says. */
function forcedSessions(state: RouterState, nowMs: number): { row: Row; startMs: number }[] {
  return state.forced.sessions
    .filter((f) => f.startMs <= nowMs)
    .map((f, i) => ({
      row: {
        ".id": `*F${(i + 1).toString(16).toUpperCase()}`,
        interface: f.interface,
        "src-address": f.srcAddress,
        uptime: formatRouterOsDuration((nowMs - f.startMs) / 1000),
      },
      startMs: f.startMs,
    }));
}

/** `/system/resource` moving values: uptime, cpu-load (%), free-memory (bytes). */
export function resourceDynamics(state: RouterState, nowMs: number): { uptime: string; "cpu-load": string; "free-memory": string } {
  const t = nowMs / 1000;
  const tick = Math.floor(t / 10);
  const daily = Math.max(0, Math.sin(OMEGA * t + unit(state.spec.seed, "cpu")));
  const cpu = Math.min(100, Math.round(2 + 25 * daily + 10 * unit(state.spec.seed, "cpu", tick)));
  const total = state.spec.board.totalMemory;
  const free = Math.round(total * (0.45 + 0.1 * daily + 0.05 * unit(state.spec.seed, "mem", tick)));
  return {
    uptime: formatRouterOsDuration((nowMs - state.spec.bootAtMs) / 1000),
    "cpu-load": String(cpu),
    "free-memory": String(free),
  };
}
