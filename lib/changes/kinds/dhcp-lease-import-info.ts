import type { KindInfo } from "../types";

/**
 * Client-safe catalogue entry of `dhcp-lease.import` (appended to KIND_INFOS, ./catalog). Its rows come from a CSV on
 * its own page (`formPath`), not from the generic form. `/ip/dhcp-server/lease` `add` and `set` with `server`,
 * `mac-address`, `address` and `comment` exist in every RouterOS version the product supports (docs/routeros.md), so
 * it has no version gate.
 */
export const IMPORT_KIND_INFO: KindInfo = {
  id: "dhcp-lease.import",
  group: "DHCP",
  label: "Import an address plan (static leases from a CSV)",
  description:
    "Makes the rows of a CSV (mac-address, address, comment) static leases of one /ip/dhcp-server: adds new MACs, sets the address or comment of changed ones, leaves unchanged ones alone. Refused with the CSV line named for duplicates in the file, an address leased to another MAC on the router, an address outside the server's network and a MAC that is not unicast.",
  fields: [
    { name: "server", label: "server", type: "text", required: true, placeholder: "dhcp1", help: "An existing /ip/dhcp-server name." },
    { name: "rows", label: "rows (CSV)", type: "text", required: true, help: "mac-address,address,comment per line; entered on the address plan page." },
  ],
  secretParams: [],
  minVersion: null,
  formPath: "/changes/new/address-plan",
};
