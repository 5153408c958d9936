import type { KindField, KindInfo } from "../types";

/**
 * Client-safe catalogue entries of the addressing kinds (`/ip/address`, `/ip/pool`, `/ip/dhcp-server`,
 * `/ip/dhcp-server/network`), appended to KIND_INFOS (./catalog). Every menu and argument they use exists in
 * every RouterOS version the product supports (7.9.2 … 7.24, docs/routeros.md), so none has a version gate.
 */

const comment: KindField = { name: "comment", label: "comment", type: "text" };

const poolName = (help: string): KindField => ({ name: "name", label: "pool (name)", type: "text", required: true, placeholder: "pool-lan", help });
const serverName = (help: string): KindField => ({ name: "name", label: "DHCP server (name)", type: "text", required: true, placeholder: "dhcp-lan", help });

/** The addressing kinds, in UI order. */
export const IP_KIND_INFOS: KindInfo[] = [
  {
    id: "ip-address.add",
    group: "IP addresses",
    label: "Add IP address",
    description:
      "Adds an /ip/address on an existing interface. Refused when the address is already on the router (on any interface); an overlap with another subnet is noted.",
    fields: [
      {
        name: "address",
        label: "address",
        type: "text",
        required: true,
        placeholder: "192.168.88.1/24",
        help: "Host address with prefix: not its subnet's network or broadcast address, nor loopback, link-local or multicast.",
      },
      { name: "interface", label: "interface", type: "text", suggest: "interfaces", required: true, placeholder: "ether3" },
      comment,
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "ip-address.remove",
    group: "IP addresses",
    label: "Remove IP address",
    description: "Removes a static /ip/address (address, interface). The undo re-adds it with its network, comment and disabled flag.",
    fields: [
      { name: "address", label: "address", type: "text", required: true, placeholder: "192.168.88.1/24", help: "As the router prints it, with its prefix." },
      { name: "interface", label: "interface", type: "text", suggest: "interfaces", required: true },
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "ip-pool.add",
    group: "DHCP",
    label: "Add IP pool",
    description: "Adds an /ip/pool of address ranges, e.g. for a DHCP server's address-pool.",
    fields: [
      poolName("New pool name; must not exist on the router."),
      {
        name: "ranges",
        label: "ranges",
        type: "text",
        required: true,
        placeholder: "192.168.88.10-192.168.88.254",
        help: "One or more first-last ranges, comma-separated; a single address is written a-a. Leave the router's own address out.",
      },
      { name: "nextPool", label: "next-pool", type: "text", help: "Optional: an existing pool used when this one is exhausted." },
      comment,
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "ip-pool.remove",
    group: "DHCP",
    label: "Remove IP pool",
    description: "Removes an /ip/pool. Refused while a DHCP server's address-pool or another pool's next-pool names it.",
    fields: [poolName("Existing pool.")],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "dhcp-server.add",
    group: "DHCP",
    label: "Add DHCP server",
    description: "Adds an enabled /ip/dhcp-server on an interface that has none, handing out addresses from an existing pool.",
    fields: [
      serverName("New server name; must not exist on the router."),
      {
        name: "interface",
        label: "interface",
        type: "text",
        suggest: "interfaces",
        required: true,
        placeholder: "ether3",
        help: "RouterOS runs one DHCP server per interface.",
      },
      {
        name: "addressPool",
        label: "address-pool",
        type: "text",
        required: true,
        placeholder: "pool-lan",
        help: "An existing /ip/pool, or static-only (only clients with a static lease get an address).",
      },
      {
        name: "leaseTime",
        label: "lease-time",
        type: "text",
        placeholder: "30m",
        help: "RouterOS duration from 1s, e.g. 30m, 12h, 1d or 1d 00:00:00 (stored as RouterOS prints it: 1d). Empty = RouterOS default (30m).",
      },
      comment,
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "dhcp-server.remove",
    group: "DHCP",
    label: "Remove DHCP server",
    description:
      "Removes an /ip/dhcp-server. Refused while it has static leases (remove them first); its dynamic leases go with it. The undo re-creates it with its settings.",
    fields: [serverName("Existing DHCP server.")],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "dhcp-network.add",
    group: "DHCP",
    label: "Add DHCP network",
    description: "Adds an /ip/dhcp-server/network: the gateway and DNS servers DHCP clients of that subnet are given.",
    fields: [
      {
        name: "address",
        label: "address (network)",
        type: "text",
        required: true,
        placeholder: "192.168.88.0/24",
        help: "The subnet with its prefix, host bits zero.",
      },
      {
        name: "gateway",
        label: "gateway",
        type: "text",
        required: true,
        placeholder: "192.168.88.1",
        help: "A host address inside the network, usually the router's own address on it.",
      },
      {
        name: "dnsServers",
        label: "dns-server",
        type: "text",
        placeholder: "192.168.88.1,9.9.9.9",
        help: "Optional: one or more IPv4 addresses, comma-separated.",
      },
      comment,
    ],
    secretParams: [],
    minVersion: null,
  },
  {
    id: "dhcp-network.remove",
    group: "DHCP",
    label: "Remove DHCP network",
    description: "Removes a static /ip/dhcp-server/network by its address. The undo re-creates it with every setting it had.",
    fields: [{ name: "address", label: "address (network)", type: "text", required: true, placeholder: "192.168.88.0/24" }],
    secretParams: [],
    minVersion: null,
  },
];
