/** Public API of the RouterOS REST client: the client, its errors, versions and the typed menu readers. */
export { RouterOsClient, normaliseMenu, type RouterOsTarget, type RouterOsPrintOptions, type RouterOsCommandBody } from "./client";
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
  FEATURE_MIN_VERSION,
  type RouterOsVersion,
  type RouterOsFeature,
} from "./version";
export { getSystemFacts, type SystemFacts } from "./menus/system";
export { getMacServerSettings, listMacServerSessions, type MacServerSettings, type MacServerSession } from "./menus/mac-server";
export {
  listInterfaceCounters,
  monitorTraffic,
  type InterfaceCounters,
  type InterfaceTraffic,
  type RouterOsInterfaceType,
} from "./menus/interfaces";
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
export {
  listInterfaceLists,
  listInterfaceListMembers,
  type InterfaceList,
  type InterfaceListMember,
} from "./menus/interface-list";
export {
  listDhcpServers,
  listDhcpLeases,
  listDhcpNetworks,
  listIpPools,
  type DhcpServer,
  type DhcpLease,
  type DhcpNetwork,
  type IpPool,
} from "./menus/dhcp";
export { listIpAddresses, type IpAddress } from "./menus/ip-address";
