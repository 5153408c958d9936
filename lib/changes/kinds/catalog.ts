import { FEATURE_MIN_VERSION } from "../../routeros/version";
import type { ChangeKindId, KindField, KindInfo } from "../types";
import { FIREWALL_KIND_INFOS } from "./catalog-firewall";
import { IP_KIND_INFOS } from "./catalog-ip";
import { IMPORT_KIND_INFO } from "./dhcp-lease-import-info";
import { LOGGING_KIND_INFOS } from "./logging-info";

/**
 * Client-safe catalogue of the change kinds: what the UI needs to render a form per kind (labels and
 * help in RouterOS terms, options, suggestions, secret params, version gate). The plan code lives in
 * the sibling files (server side, lib/changes/kinds/index.ts). Field names are the params of each
 * kind's zod schema; optional text fields may be sent as `""` (= not given), numbers as numeric
 * strings and checkboxes as booleans or `"true"`/`"false"`.
 */

/** The MACVLAN kinds' version gate: `/interface/macvlan` exists from RouterOS 7.12 (FEATURE_MIN_VERSION). */
const MACVLAN_MIN_VERSION = FEATURE_MIN_VERSION.macvlan.join(".");

const SERVICE_OPTIONS = [
  { value: "mac-telnet", label: "MAC-Telnet (/tool/mac-server)" },
  { value: "mac-winbox", label: "MAC-Winbox (/tool/mac-server/mac-winbox)" },
];

const MACVLAN_MODE_OPTIONS = [
  { value: "bridge", label: "bridge (MACVLANs on the same parent reach each other)" },
  { value: "private", label: "private (isolated from the other MACVLANs on the parent)" },
];

const macvlanName = (help: string): KindField => ({ name: "name", label: "MACVLAN (name)", type: "text", suggest: "macvlans", required: true, help });
const macsecName = (help: string): KindField => ({ name: "name", label: "MACsec interface (name)", type: "text", suggest: "macsecs", required: true, help });
const cakField = (label: string): KindField => ({
  name: "cak",
  label,
  type: "secret",
  required: true,
  placeholder: "32 hexadecimal digits",
  help: "Connectivity Association Key (cak): 16 bytes = 32 hex digits. Sealed at rest; only a fingerprint is shown after entry.",
});

/** The MACsec profile kind's version gate: profile `ciphers` exists from RouterOS 7.23 (FEATURE_MIN_VERSION). */
const MACSEC_CIPHERS_MIN_VERSION = FEATURE_MIN_VERSION.macsecCiphers.join(".");

/** Every kind, in UI order. */
export const KIND_INFOS: KindInfo[] = [
  {
    id: "mac-server.set-allowed-list",
    group: "MAC server",
    label: "Set allowed interface list",
    description:
      "Sets allowed-interface-list of MAC-Telnet (/tool/mac-server) or MAC-Winbox (/tool/mac-server/mac-winbox): all, none, or an existing /interface/list.",
    fields: [
      { name: "service", label: "Service", type: "select", options: SERVICE_OPTIONS, required: true },
      {
        name: "allowedInterfaceList",
        label: "allowed-interface-list",
        type: "text",
        suggest: "interface-lists",
        required: true,
        placeholder: "all, none or a list name",
        help: "all = every interface, none = MAC server off, otherwise the name of an existing /interface/list.",
      },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "mac-server.set-ping",
    group: "MAC server",
    label: "Enable or disable MAC ping",
    description: "Sets enabled of /tool/mac-server/ping (answers MAC pings from neighbours).",
    fields: [{ name: "enabled", label: "enabled", type: "checkbox", help: "Checked = MAC ping on (enabled=yes)." }],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "mac-server.enable-on-interface",
    group: "MAC server",
    label: "Enable the MAC server on an interface",
    description:
      "Allows MAC-Telnet / MAC-Winbox on one interface through interface lists: adds the interface to the allowed list, or creates the list and points allowed-interface-list at it when the service is off (none). Nothing to do when the service allows all.",
    fields: [
      { name: "interface", label: "interface", type: "text", suggest: "interfaces", required: true, placeholder: "vlan-68" },
      {
        name: "services",
        label: "Services",
        type: "select",
        options: [{ value: "both", label: "MAC-Telnet and MAC-Winbox" }, ...SERVICE_OPTIONS],
        help: "Default: both.",
      },
      {
        name: "list",
        label: "Interface list to create (when a service is off)",
        type: "text",
        suggest: "interface-lists",
        placeholder: "mac-server",
        help: "Used only when a service's allowed-interface-list is none: this /interface/list is created if missing. Default: mac-server.",
      },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "interface-list.add-member",
    group: "MAC server",
    label: "Add interface to a list",
    description: "Adds an /interface/list/member entry (list, interface), e.g. vlan-68 in the list the MAC server allows.",
    fields: [
      { name: "list", label: "list", type: "text", suggest: "interface-lists", required: true, placeholder: "mac-allowed" },
      { name: "interface", label: "interface", type: "text", suggest: "interfaces", required: true, placeholder: "vlan-68" },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "interface-list.remove-member",
    group: "MAC server",
    label: "Remove interface from a list",
    description: "Removes the /interface/list/member entry (list, interface).",
    fields: [
      { name: "list", label: "list", type: "text", suggest: "interface-lists", required: true },
      { name: "interface", label: "interface", type: "text", suggest: "interfaces", required: true },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "macvlan.add",
    group: "MACVLAN",
    label: "Add MACVLAN",
    description: "Adds an /interface/macvlan on an existing parent interface, optionally with an /ip/address on it. RouterOS 7.12+.",
    fields: [
      macvlanName("New interface name, e.g. macvlan-68; must not exist on the router."),
      { name: "interface", label: "interface (parent)", type: "text", suggest: "interfaces", required: true, placeholder: "ether2" },
      {
        name: "macAddress",
        label: "mac-address",
        type: "text",
        placeholder: "automatic",
        help: "Empty = automatic (RouterOS picks one); otherwise a unicast MAC such as 02:11:22:33:44:55 (first octet even, not all zeros).",
      },
      { name: "mode", label: "mode", type: "select", options: MACVLAN_MODE_OPTIONS, required: true },
      { name: "mtu", label: "mtu", type: "number", placeholder: "1500", help: "Bytes; empty = RouterOS default. At most the parent's mtu." },
      { name: "comment", label: "comment", type: "text" },
      {
        name: "ipAddress",
        label: "IP address on it (/ip/address)",
        type: "text",
        placeholder: "192.168.99.1/24",
        help: "Optional host address with prefix, added on the new MACVLAN: not its subnet's network or broadcast address, nor loopback, link-local or multicast.",
      },
    ],
    secretParams: [],
    minVersion: MACVLAN_MIN_VERSION,
  },
  {
    id: "macvlan.set",
    group: "MACVLAN",
    label: "Change MACVLAN",
    description: "Changes mode, mtu, mac-address, disabled or comment of an /interface/macvlan. Empty fields stay as they are.",
    fields: [
      macvlanName("Existing MACVLAN."),
      { name: "mode", label: "mode", type: "select", options: [{ value: "", label: "(unchanged)" }, ...MACVLAN_MODE_OPTIONS] },
      { name: "mtu", label: "mtu", type: "number", help: "Bytes; at most the parent's mtu. Empty = unchanged." },
      { name: "macAddress", label: "mac-address", type: "text", help: "Empty = unchanged; otherwise a unicast MAC (first octet even, not all zeros)." },
      {
        name: "disabled",
        label: "disabled",
        type: "select",
        options: [
          { value: "", label: "(unchanged)" },
          { value: "false", label: "no (enabled)" },
          { value: "true", label: "yes (disabled: traffic on it stops)" },
        ],
      },
      { name: "comment", label: "comment", type: "text", help: "Empty = unchanged." },
    ],
    secretParams: [],
    minVersion: MACVLAN_MIN_VERSION,
  },
  {
    id: "macvlan.remove",
    group: "MACVLAN",
    label: "Remove MACVLAN",
    description: "Removes the /ip/address entries on the MACVLAN, then the /interface/macvlan. Refused while a MACsec or MACVLAN uses it as parent.",
    fields: [macvlanName("Existing MACVLAN.")],
    secretParams: [],
    minVersion: MACVLAN_MIN_VERSION,
  },
  {
    id: "macsec.add",
    group: "MACsec",
    label: "Add MACsec interface",
    description: "Adds an /interface/macsec with a pre-shared CAK/CKN on an existing interface. The peer needs the same CAK and CKN.",
    fields: [
      macsecName("New interface name, e.g. macsec1; must not exist on the router."),
      { name: "interface", label: "interface (parent)", type: "text", suggest: "interfaces", required: true, placeholder: "ether1" },
      cakField("cak"),
      {
        name: "ckn",
        label: "ckn",
        type: "text",
        required: true,
        placeholder: "64 hexadecimal digits",
        help: "Connectivity Association Key Name: 32 bytes = 64 hex digits; must match the peer's.",
      },
      { name: "profile", label: "profile", type: "text", placeholder: "default", help: "An existing /interface/macsec/profile; default: default." },
    ],
    secretParams: ["cak"],
    minVersion: null,
  },
  {
    id: "macsec.enable",
    group: "MACsec",
    label: "Enable MACsec interface",
    description: "Sets disabled=no on an /interface/macsec.",
    fields: [macsecName("Existing MACsec interface.")],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "macsec.disable",
    group: "MACsec",
    label: "Disable MACsec interface",
    description: "Sets disabled=yes on an /interface/macsec: encrypted traffic over it stops.",
    fields: [macsecName("Existing MACsec interface.")],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "macsec.rotate-cak",
    group: "MACsec",
    label: "Rotate MACsec CAK",
    description:
      "Sets a new cak on an /interface/macsec. RouterOS has no key chain: the link renegotiates until the peer has the same CAK, so change it on both peers.",
    fields: [macsecName("Existing MACsec interface."), cakField("new cak")],
    secretParams: ["cak"],
    minVersion: null,
  },
  {
    id: "macsec.remove",
    group: "MACsec",
    label: "Remove MACsec interface",
    description: "Removes an /interface/macsec (its CAK is read just before, in memory only, so an undo can restore it).",
    fields: [macsecName("Existing MACsec interface.")],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "dhcp-lease.add",
    group: "DHCP",
    label: "Add static DHCP lease",
    description: "Pins an address to a MAC on a DHCP server (/ip/dhcp-server/lease, static).",
    fields: [
      { name: "server", label: "server", type: "text", required: true, placeholder: "dhcp1", help: "An existing /ip/dhcp-server name." },
      {
        name: "address",
        label: "address",
        type: "text",
        required: true,
        placeholder: "192.168.99.10",
        help: "A host of the server's /ip/dhcp-server/network: not its network, broadcast or gateway address, nor the router's own.",
      },
      { name: "macAddress", label: "mac-address", type: "text", required: true, placeholder: "00:11:22:33:44:55", help: "The client's unicast MAC." },
      { name: "comment", label: "comment", type: "text" },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "dhcp-lease.remove",
    group: "DHCP",
    label: "Remove static DHCP lease",
    description: "Removes the static /ip/dhcp-server/lease of a MAC on a DHCP server (dynamic leases are not touched).",
    fields: [
      { name: "server", label: "server", type: "text", required: true },
      { name: "macAddress", label: "mac-address", type: "text", required: true, placeholder: "00:11:22:33:44:55" },
    ],
    secretParams: [],
    minVersion: null,
  },
  ...FIREWALL_KIND_INFOS,
  {
    id: "interface-list.add",
    group: "MAC server",
    label: "Add interface list",
    description: "Adds an /interface/list (name, comment), e.g. a management list for the MAC server to allow.",
    fields: [
      { name: "name", label: "name", type: "text", required: true, placeholder: "mgmt", help: "Must not exist; not all, none, dynamic or static." },
      { name: "comment", label: "comment", type: "text" },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "interface-list.remove",
    group: "MAC server",
    label: "Remove interface list",
    description:
      "Removes an /interface/list. Refused while it has members, while MAC-Telnet or MAC-Winbox allow it (allowed-interface-list) or a firewall rule matches on it.",
    fields: [{ name: "name", label: "name", type: "text", suggest: "interface-lists", required: true }],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "macsec-profile.set",
    group: "MACsec",
    label: "Change MACsec profile",
    description: "Sets ciphers and/or server-priority of an /interface/macsec/profile. Both peers of a link need a common cipher. RouterOS 7.23+.",
    fields: [
      { name: "name", label: "profile (name)", type: "text", required: true, placeholder: "default" },
      {
        name: "ciphers",
        label: "ciphers",
        type: "text",
        placeholder: "gcm-aes-256",
        help: "Empty = unchanged; otherwise a comma list of gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128, gcm-aes-xpn-256.",
      },
      {
        name: "serverPriority",
        label: "server-priority",
        type: "number",
        placeholder: "10",
        help: "0-255, lower wins the key server election. Empty = unchanged.",
      },
    ],
    secretParams: [],
    minVersion: MACSEC_CIPHERS_MIN_VERSION,
  },
  {
    id: "macsec.set-mtu",
    group: "MACsec",
    label: "Change MACsec MTU",
    description: "Sets mtu of an /interface/macsec (default 1468: the parent's MTU minus the 32 bytes of MACsec overhead).",
    fields: [
      macsecName("Existing MACsec interface."),
      { name: "mtu", label: "mtu", type: "number", required: true, placeholder: "1468", help: "Bytes; at most the parent's mtu minus 32 (MACsec overhead)." },
    ],
    secretParams: [],
    minVersion: null,
  },
  ...IP_KIND_INFOS,
  IMPORT_KIND_INFO,
  ...LOGGING_KIND_INFOS,
];

/**
 * The catalogue entry of a kind.
 * @throws Error for an id that is not in KIND_INFOS (cannot happen for a typed ChangeKindId)
 */
export function kindInfo(id: ChangeKindId): KindInfo {
  const info = KIND_INFOS.find((k) => k.id === id);
  if (!info) throw new Error(`unknown change kind ${id}`);
  return info;
}
