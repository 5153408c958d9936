import "server-only";
/**
 * Public API of the RouterOS REST client: the client, its errors, versions and the typed menu readers. Code outside
 * lib/routeros imports from here (server code) or from `lib/routeros/version` (pure version gates, also used by
 * client components and the simulator); an ESLint rule (eslint.config.mjs) refuses the internal modules.
 */
export { RouterOsClient, normaliseMenu, type RouterOsTarget, type RouterOsPrintOptions, type RouterOsCommandBody, type RouterOsCallInfo } from "./client";
export type { ConnectGuard } from "./agent";
export type { RouterOsRow } from "./rows";
export {
  RouterOsError,
  RouterOsApiError,
  RouterOsUnauthorizedError,
  RouterOsPermissionError,
  RouterOsTimeoutError,
  RouterOsUnreachableError,
  RouterOsTlsError,
  RouterOsBadResponseError,
  describeRouterOsError,
  type RouterOsErrorKind,
  type RouterOsErrorDescription,
  type RouterOsRequestInfo,
} from "./errors";
export { parseLenientJson } from "./lenient-json";
export {
  parseRouterOsVersion,
  compareVersions,
  supportsFeature,
  knownSupport,
  FEATURE_MIN_VERSION,
  type RouterOsVersion,
  type RouterOsFeature,
} from "./version";
export { getSystemFacts, getSystemIdentity, getSystemResource, type SystemFacts, type SystemIdentity, type SystemResource } from "./menus/system";
export { getMacServerSettings, listMacServerSessions, type MacServerSettings, type MacServerSession } from "./menus/mac-server";
export { listInterfaceCounters, monitorTraffic, type InterfaceCounters, type InterfaceTraffic, type RouterOsInterfaceType } from "./menus/interfaces";
export { listMacvlans, type Macvlan } from "./menus/macvlan";
export { listMacsec, listMacsecProfiles, listMacsecStats, type Macsec, type MacsecProfile, type MacsecStats } from "./menus/macsec";
export {
  MACSEC_STATS_FIELDS,
  MACSEC_STATS_PROPLIST,
  mapMacsecCounters,
  type MacsecCounterName,
  type MacsecCounters,
  type MacsecStatsField,
} from "./menus/macsec-counters";
export { listInterfaceLists, listInterfaceListMembers, type InterfaceList, type InterfaceListMember } from "./menus/interface-list";
export { listDhcpServers, listDhcpLeases, listDhcpNetworks, listIpPools, type DhcpServer, type DhcpLease, type DhcpNetwork, type IpPool } from "./menus/dhcp";
export { listIpAddresses, type IpAddress } from "./menus/ip-address";
export { listFirewallRules, FIREWALL_PROPLIST, type FirewallRule, type FirewallTable } from "./menus/firewall";
export { listInterfacesNamed, type InterfaceGeneral } from "./menus/interface-general";
