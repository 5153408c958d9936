import fc from "fast-check";
import type { z } from "zod";
import { describe, expect, it } from "vitest";
import * as routeros from "./routeros";
import {
  allowedInterfaceList,
  apiBaseUrl,
  connectionNatStates,
  connectionStates,
  firewallAddress,
  firewallPorts,
  hostIpv4Address,
  interfaceAddress,
  interfaceListName,
  interfaceMtu,
  interfaceName,
  ipv4Address,
  ipv4Cidr,
  macAddress,
  macsecCak,
  macsecCiphers,
  macsecCkn,
  macvlanMode,
  nocRuleKey,
  routerOsBool,
  routerOsComment,
  routerOsCounter,
  routerOsDuration,
  routerOsId,
  routerOsInt,
  routerOsName,
  sha256Fingerprint,
  unicastMac,
  ipv4Network,
  ipPoolRanges,
  ipv4AddressList,
  dhcpLeaseTime,
} from "./routeros";
import { stringFrom } from "./testdata/arbitraries";

/*
 * Property-based tests of the RouterOS value validators (lib/validation/routeros.ts): every export has a
 * property, and no schema throws. Shared generators, and how the properties are built:
 * lib/validation/testdata/arbitraries.ts.
 */

describe("every exported schema", () => {
  const SCHEMAS: Record<string, z.ZodType> = {
    macAddress,
    unicastMac,
    interfaceName,
    interfaceListName,
    allowedInterfaceList,
    macvlanMode,
    interfaceMtu,
    routerOsComment,
    routerOsName,
    macsecCak,
    macsecCkn,
    ipv4Cidr,
    interfaceAddress,
    ipv4Address,
    hostIpv4Address,
    routerOsId,
    apiBaseUrl,
    sha256Fingerprint,
    routerOsBool,
    routerOsInt,
    routerOsCounter,
    routerOsDuration,
    nocRuleKey,
    firewallAddress,
    connectionStates,
    connectionNatStates,
    firewallPorts,
    macsecCiphers,
    ipv4Network,
    ipPoolRanges,
    ipv4AddressList,
    dhcpLeaseTime,
  };
  const FUNCTIONS_AND_CONSTANTS = [
    "MAC_ADDRESS_RE",
    "IPV4_ADDRESS_RE",
    "normaliseMac",
    "BUILTIN_INTERFACE_LISTS",
    "API_URL_MAX_LENGTH",
    "parseRouterOsDuration",
    "formatRouterOsDuration",
    "MONTHS",
    "parseRouterOsDate",
    "MACSEC_CIPHERS",
  ];

  it("has a property here (a new export needs one)", () => {
    expect(Object.keys(routeros).sort()).toEqual([...Object.keys(SCHEMAS), ...FUNCTIONS_AND_CONSTANTS].sort());
  });

  it.each(Object.entries(SCHEMAS))("%s: safeParse never throws, whatever the input", (_name, schema) => {
    const input = fc.oneof(fc.anything(), fc.string({ unit: "binary", maxLength: 40 }), stringFrom("0123456789abcdef:./-*", 40), fc.double(), fc.integer());
    fc.assert(
      fc.property(input, (v) => {
        expect(() => schema.safeParse(v)).not.toThrow();
      }),
    );
  });
});
