import { supportsFeature } from "../lib/routeros/version";
import { formatRouterOsDuration } from "../lib/validation/routeros";
import { addAddress, addDhcp, addMacsec, addMacvlan, addMember, addRule, addStaticLease, addVlan, buildBase } from "./base-config";
import { INTERFACE_FLAGS } from "./menus";
import { Prng } from "./prng";
import { addInterface, boardPort, type RouterState } from "./router-state";

/**
 * Configuration of a generated router (edge / core / access), deterministic from its seed: a LAN
 * bridge, VLANs on the second port, LAN/WAN/mgmt interface lists, MAC server limited to a list,
 * MACVLANs (7.12+ only), MACsec on uplinks (mostly core), DHCP with static and dynamic leases,
 * addresses, a small firewall and masquerade NAT.
 */
export function buildGenerated(state: RouterState): void {
  buildBase(state);
  const rng = new Prng(state.spec.seed ^ 0x9e37);
  const { board } = state.spec;
  const { ports } = board;
  const role = state.spec.info.role;
  const net = `10.${rng.int(0, 255)}.${rng.int(0, 250)}`;
  const lanPorts = ports.slice(2, Math.min(ports.length, 5));

  addInterface(state, "bridge", {
    ...INTERFACE_FLAGS,
    name: "bridge-lan",
    mtu: "auto",
    l2mtu: "1592",
    arp: "enabled",
    "arp-timeout": "auto",
    "mac-address": state.rng.mac(),
    "protocol-mode": "rstp",
    "fast-forward": "true",
    "igmp-snooping": "false",
    "auto-mac": "true",
    "ageing-time": "5m",
    priority: "0x8000",
    "vlan-filtering": "false",
  });
  addMember(state, "LAN", "bridge-lan");
  for (const p of lanPorts) addMember(state, "LAN", p);
  addAddress(state, `100.${64 + rng.int(0, 63)}.${rng.int(0, 255)}.${rng.int(1, 62) * 4 + 1}/30`, boardPort(board, 0), "uplink");
  addAddress(state, `${net}.1/24`, "bridge-lan", "LAN");

  state.insert("/interface/list", { name: "mgmt", builtin: "false", dynamic: "false", include: "", exclude: "" });
  const vlanCount = rng.int(1, 3);
  for (let i = 0; i < vlanCount; i++) {
    const id = rng.pick([10, 20, 30, 68, 99, 100, 200]) + i;
    const name = `vlan-${id}`;
    if (state.findInterface(name)) continue;
    addVlan(state, name, id, boardPort(board, 1));
    addAddress(state, `10.${rng.int(0, 255)}.${id % 256}.1/24`, name);
    addMember(state, i === 0 ? "mgmt" : "LAN", name);
  }
  state.single("/tool/mac-server")["allowed-interface-list"] = rng.pick(["mgmt", "mgmt", "LAN", "none", "all"]);
  state.single("/tool/mac-server/mac-winbox")["allowed-interface-list"] = rng.pick(["mgmt", "LAN"]);

  if (supportsFeature(state.version, "macvlan")) {
    const purposes = ["iot", "cam", "guest", "voip"];
    const macvlans = role === "access" ? rng.int(1, 3) : rng.int(0, 2);
    for (const [i, purpose] of purposes.slice(0, macvlans).entries()) {
      const name = `macvlan-${purpose}`;
      addMacvlan(state, name, boardPort(board, 1 + (i % 2)), rng.chance(0.5) ? "private" : "bridge");
      addAddress(state, `172.${16 + rng.int(0, 15)}.${rng.int(0, 255)}.1/24`, name);
    }
  }

  const macsecs = role === "core" ? rng.int(1, 2) : rng.chance(0.25) ? 1 : 0;
  for (let i = 0; i < macsecs; i++) {
    const parent = boardPort(board, ports.length - 1 - i);
    addMacsec(state, `macsec${i + 1}`, parent, rng.hex(16), rng.hex(32));
  }

  addDhcp(state, {
    name: "dhcp-lan",
    iface: "bridge-lan",
    pool: "pool-lan",
    ranges: `${net}.10-${net}.254`,
    network: `${net}.0/24`,
    gateway: `${net}.1`,
  });
  for (let i = 0; i < rng.int(1, 3); i++) addStaticLease(state, "dhcp-lan", `${net}.${2 + i}`, state.rng.mac(), `printer-${i + 1}`);
  for (let i = 0; i < rng.int(2, 8); i++) {
    const mac = state.rng.mac();
    state.insert("/ip/dhcp-server/lease", {
      address: `${net}.${100 + i}`,
      "mac-address": mac,
      "client-id": `1:${mac.toLowerCase()}`,
      "address-lists": "",
      server: "dhcp-lan",
      "dhcp-option": "",
      status: "bound",
      "expires-after": formatRouterOsDuration(rng.int(60, 1800)),
      "last-seen": formatRouterOsDuration(rng.int(1, 600)),
      "active-address": `${net}.${100 + i}`,
      "active-mac-address": mac,
      "host-name": `host-${rng.hex(2)}`,
      radius: "false",
      dynamic: "true",
      blocked: "false",
      disabled: "false",
    });
  }

  addRule(state, "filter", { chain: "input", "connection-state": "established,related,untracked", comment: "defconf: accept established,related,untracked" });
  addRule(state, "filter", { chain: "input", action: "drop", "connection-state": "invalid", comment: "defconf: drop invalid" });
  addRule(state, "filter", { chain: "input", action: "drop", "in-interface-list": "WAN", comment: "defconf: drop all not coming from LAN" });
  addRule(state, "filter", {
    chain: "forward",
    action: "drop",
    "connection-state": "new",
    "in-interface-list": "WAN",
    comment: "defconf: drop all from WAN not DSTNATed",
  });
  addRule(state, "nat", { chain: "srcnat", action: "masquerade", "out-interface-list": "WAN", comment: "defconf: masquerade" });
}
