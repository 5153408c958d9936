/**
 * DTOs of the device page's router views: what `GET /api/devices/[id]/router/<view>` answers, read from the
 * router when asked (lib/devices/router-views.ts), not from the poller's tables. Plain JSON (no bigint, no
 * Date: times are ISO strings in UTC), never a secret. No server imports: client components import it.
 */

/** The device page's router views, each served by `GET /api/devices/[id]/router/<view>`. */
export const ROUTER_VIEWS = ["addressing", "firewall", "interface-lists", "macvlan-parents"] as const;
/** One of {@link ROUTER_VIEWS}. */
export type RouterView = (typeof ROUTER_VIEWS)[number];

/** The router's answer to one view, or why there is none. `readAt`: when the read started, ISO UTC. */
export type RouterViewResult<T> = { ok: true; readAt: string; view: T } | { ok: false; readAt: string; error: RouterViewError };

/**
 * Why a router read failed (lib/routeros/errors.ts kinds: `timeout`, `unreachable`, `unauthorized`,
 * `permission`, `tls`, `bad-response`, `api`, `config`, `internal`) and the readable message (bounded, never a value
 * of the reply).
 */
export interface RouterViewError {
  kind: string;
  message: string;
}

/** One `/ip/address` row. */
export interface IpAddressDto {
  id: string;
  /** CIDR as printed (`192.168.99.1/24`). */
  address: string;
  /** `network` (`192.168.99.0`, or the peer of a `/32`); null when not printed. */
  network: string | null;
  interface: string;
  dynamic: boolean;
  disabled: boolean;
  invalid: boolean;
  comment: string | null;
}

/** One `/ip/dhcp-server` row. */
export interface DhcpServerDto {
  id: string;
  name: string;
  interface: string;
  /** `/ip/pool` name, `static-only`, or null when not printed. */
  addressPool: string | null;
  /** `lease-time` in seconds; null when not printed. */
  leaseTimeSec: number | null;
  disabled: boolean;
  invalid: boolean;
}

/** One `/ip/dhcp-server/network` row. */
export interface DhcpNetworkDto {
  id: string;
  /** The subnet with its prefix (`192.168.99.0/24`). */
  address: string;
  gateway: string | null;
  dnsServers: string[];
  comment: string | null;
}

/** One `/ip/dhcp-server/lease` row. */
export interface DhcpLeaseDto {
  id: string;
  address: string | null;
  /** Upper-case colon MAC; null for client-id-only leases. */
  macAddress: string | null;
  /** Server name; null when RouterOS leaves it out (`all`). */
  server: string | null;
  /** `bound`, `waiting`, `offered`, `busy`...; null when not printed. */
  status: string | null;
  /** True for a dynamic lease, false for a static one (an address pinned to a MAC). */
  dynamic: boolean;
  disabled: boolean;
  activeAddress: string | null;
  hostName: string | null;
  comment: string | null;
  /** `readAt` minus `last-seen`, ISO UTC; null for `never` or when not printed. */
  lastSeenAt: string | null;
  /** `readAt` plus `expires-after`, ISO UTC; null when not printed (a lease that is not bound). */
  expiresAt: string | null;
}

/** The IP tab: `/ip/address`, `/ip/dhcp-server`, `/ip/dhcp-server/network`, `/ip/dhcp-server/lease`, each in print order. */
export interface AddressingViewDto {
  addresses: IpAddressDto[];
  dhcpServers: DhcpServerDto[];
  dhcpNetworks: DhcpNetworkDto[];
  leases: DhcpLeaseDto[];
}

/** One firewall rule (`/ip/firewall/filter` or `/ip/firewall/nat`). */
export interface FirewallRuleDto {
  id: string;
  /** The rule's number in its table as RouterOS prints it (`#`, from 0): the evaluation order. */
  position: number;
  chain: string;
  action: string;
  /** The rule's matchers as `name=value` pairs in RouterOS terms (`protocol=tcp`, `dst-port=22`), only those set. */
  matchers: string[];
  /** Where `jump`, `dst-nat`, `src-nat`... send the packet (`jump-target`, `to-addresses`, `to-ports`), as `name=value`. */
  targets: string[];
  log: boolean;
  comment: string | null;
  disabled: boolean;
  dynamic: boolean;
  invalid: boolean;
  /** Bytes matched since boot or reset (safe-integer range; larger counters lose precision). */
  bytes: number;
  /** Packets matched since boot or reset. */
  packets: number;
}

/** The Firewall tab: both tables in print order. */
export interface FirewallViewDto {
  filter: FirewallRuleDto[];
  nat: FirewallRuleDto[];
}

/** One `/interface/list/member` row. */
export interface InterfaceListMemberDto {
  id: string;
  interface: string;
  dynamic: boolean;
  disabled: boolean;
  comment: string | null;
}

/** One `/interface/list` with its members. */
export interface InterfaceListDto {
  id: string;
  name: string;
  builtin: boolean;
  dynamic: boolean;
  include: string[];
  exclude: string[];
  comment: string | null;
  members: InterfaceListMemberDto[];
  /** The MAC server services whose `allowed-interface-list` is this list. */
  usedBy: MacServerService[];
}

/** The two MAC server services that take an `allowed-interface-list`. */
export type MacServerService = "mac-telnet" | "mac-winbox";

/**
 * Where one MAC server service answers: `all` (every interface), `none`, `builtin` (a built-in list such as
 * `dynamic`: its members are implicit), `members` (the enabled members of the list, of the lists it includes,
 * minus those of the lists it excludes), or `missing` (the list does not exist).
 */
export interface MacServerReachDto {
  service: MacServerService;
  allowedInterfaceList: string;
  kind: "all" | "none" | "builtin" | "members" | "missing";
  /** For `members`: interface names, sorted. */
  interfaces: string[];
}

/** The MAC server tab's interface lists: every list with its members, and where each service answers. */
export interface InterfaceListsViewDto {
  lists: InterfaceListDto[];
  reach: MacServerReachDto[];
}

/** A MACVLAN's parent interface (`/interface` general view) with the MACVLANs on it. */
export interface MacvlanParentDto {
  name: string;
  /** Null when the parent is not in `/interface` any more. */
  type: string | null;
  running: boolean;
  disabled: boolean;
  /** `mtu` as printed (bytes or `auto`). */
  mtu: string | null;
  /** `actual-mtu`, bytes. */
  actualMtu: number | null;
  /** `l2mtu`, bytes. */
  l2mtu: number | null;
  macAddress: string | null;
  /** Names of the MACVLANs on this parent, sorted. */
  macvlans: string[];
}

/** The MACVLAN tab's parents; `supported` false on RouterOS before 7.12 (no `/interface/macvlan`, nothing read). */
export interface MacvlanParentsViewDto {
  supported: boolean;
  parents: MacvlanParentDto[];
}
