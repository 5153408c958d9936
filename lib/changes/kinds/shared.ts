import "server-only";
import { z } from "zod";
import { RouterOsApiError, compareVersions, type RouterOsClient, type RouterOsRow } from "../../routeros";
import { routerOsBool } from "../../validation/routeros";
import { AmbiguousObjectError, readObject } from "../router-objects";
import { PlanError, type ObjectRef, type ObjectSnapshot, type PlanDevice } from "../types";

/**
 * Helpers shared by the change kinds: form-tolerant schema pieces, object refs of the menus the kinds
 * touch (natural keys, writable `fields`, read-only `displayFields`), and read helpers that turn
 * "not there" or "more than one" into PlanErrors keyed by param name.
 */

/** Optional param: `""` and `null` (an empty form field) mean "not given". */
export function optionalParam<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
}

/** Checkbox param: boolean or `"true"`/`"false"`/`"yes"`/`"no"` (routerOsBool); absent = false (an unchecked HTML checkbox is not sent). */
export const checkboxParam = routerOsBool.default(false);

/** Tri-state param: a boolean as routerOsBool takes it; absent or `""` = unchanged. */
export const optionalBoolParam = optionalParam(routerOsBool);

/** RouterOS v7 REST prints booleans as `"true"` / `"false"`. */
export function rosBool(value: boolean): string {
  return value ? "true" : "false";
}

/** True for a printed RouterOS boolean that means yes (`true`, `yes`); absent = false. */
export function isTrue(value: string | undefined): boolean {
  return value === "true" || value === "yes";
}

/** A PlanError about one param. */
export function fieldError(field: string, message: string): PlanError {
  return new PlanError(message, { [field]: [message] });
}

/** `/interface` row of any type, by name: a guard (existence) plus `mtu` (writable) and facts for the preview. */
export function interfaceRef(name: string, fields: string[] = []): ObjectRef {
  return { menu: "/interface", key: { name }, fields, displayFields: ["type", "actual-mtu", "l2mtu", "running", "disabled"], label: `/interface ${name}` };
}

/** `/interface/list` by name. */
export function listRef(name: string): ObjectRef {
  return { menu: "/interface/list", key: { name }, fields: ["comment"], displayFields: ["builtin", "dynamic"], label: `/interface/list ${name}` };
}

/** `/interface/list/member` by (list, interface). */
export function memberRef(list: string, iface: string): ObjectRef {
  return {
    menu: "/interface/list/member",
    key: { list, interface: iface },
    fields: ["disabled", "comment"],
    displayFields: ["dynamic"],
    label: `/interface/list/member list=${list} interface=${iface}`,
  };
}

/** `/ip/address` by (address, interface). */
export function addressRef(address: string, iface: string): ObjectRef {
  return {
    menu: "/ip/address",
    key: { address, interface: iface },
    fields: ["disabled", "comment"],
    displayFields: ["network", "dynamic", "invalid"],
    label: `/ip/address ${address} on ${iface}`,
  };
}

/**
 * readObject that turns an AmbiguousObjectError (two rows with one natural key) into a PlanError on
 * `field`, since a change by key cannot address either of them.
 * @throws PlanError, RouterOsError
 */
export async function readSnapshot(client: RouterOsClient, ref: ObjectRef, field: string): Promise<ObjectSnapshot> {
  try {
    return await readObject(client, ref);
  } catch (e) {
    if (e instanceof AmbiguousObjectError) throw fieldError(field, e.message);
    throw e;
  }
}

/** Reads an object that must exist; PlanError on `field` with `missing` when it does not. */
export async function readExisting(
  client: RouterOsClient,
  ref: ObjectRef,
  field: string,
  missing: string,
): Promise<ObjectSnapshot & { values: Record<string, string> }> {
  const snap = await readSnapshot(client, ref, field);
  if (snap.values === null) throw fieldError(field, missing);
  return { ref: snap.ref, values: snap.values };
}

/**
 * Refuses a name that any interface already has (RouterOS interface names are unique across types:
 * `failure: already have interface with such name`). A check only: the kind's own ref (e.g.
 * `/interface/macvlan <name>`, absent) is the base snapshot that guards the name.
 * @throws PlanError on `name`; RouterOsError
 */
export async function requireFreeInterfaceName(client: RouterOsClient, name: string): Promise<void> {
  const snap = await readSnapshot(client, interfaceRef(name), "name");
  if (snap.values !== null) {
    throw fieldError("name", `an interface named ${name} already exists (type ${snap.values.type ?? "unknown"})`);
  }
}

/**
 * The version gate of a kind (`info.minVersion`, checked by the workflow before `kind.plan`): PlanError
 * when the device's RouterOS version (last polled) is below `minVersion`. A device never polled
 * (version null) passes; reading the menu then fails on old routers (withMenuGate).
 * @throws PlanError below the gate; RangeError when the stored version cannot be parsed
 */
export function checkMinVersion(device: PlanDevice, minVersion: string | null, what: string): void {
  if (minVersion === null || device.version === null) return;
  if (compareVersions(device.version, minVersion) < 0) {
    throw new PlanError(`${what} needs RouterOS ${minVersion} or later; ${device.name} runs ${device.version}`);
  }
}

/**
 * Runs a read of a menu the router may lack (`/interface/macvlan` before 7.12) and turns RouterOS's
 * `no such command or directory` into a PlanError naming the version gate (the kind's `info.minVersion`).
 */
export async function withMenuGate<T>(what: string, minVersion: string | null, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof RouterOsApiError && /no such command or directory/.test(e.detail ?? "")) {
      throw new PlanError(`this router has no ${what}${minVersion ? ` (RouterOS ${minVersion} or later)` : ""}: ${e.detail}`);
    }
    throw e;
  }
}

/**
 * The interfaces whose `interface` (parent) is `name`, from `/interface/vlan`, `/interface/macsec` and
 * `/interface/macvlan` (a menu the router lacks, e.g. MACVLAN before 7.12, counts as empty).
 */
export async function childInterfaces(client: RouterOsClient, name: string): Promise<string[]> {
  const menus = ["/interface/vlan", "/interface/macsec", "/interface/macvlan"];
  const found = await Promise.all(
    menus.map(async (menu) => {
      try {
        const rows = await client.print(menu, { where: { interface: name }, proplist: ["name", "interface"] });
        return rows.filter((r) => r.interface === name).map((r) => `${menu} ${r.name ?? "?"}`);
      } catch (e) {
        if (e instanceof RouterOsApiError && /no such command or directory/.test(e.detail ?? "")) return [];
        throw e;
      }
    }),
  );
  return found.flat();
}

/**
 * The static `/ip/address` rows on `iface` (dynamic ones, e.g. from a DHCP client, go with the
 * interface and cannot be removed), as snapshots by (address, interface).
 */
export async function staticAddressesOn(client: RouterOsClient, iface: string): Promise<{ snapshots: ObjectSnapshot[]; dynamic: string[] }> {
  const ref = addressRef("", iface);
  const rows: RouterOsRow[] = await client.print("/ip/address", {
    where: { interface: iface },
    proplist: ["address", "interface", ...ref.fields, ...(ref.displayFields ?? [])],
  });
  const mine = rows.flatMap((r) => (r.interface === iface && r.address !== undefined ? [{ row: r, address: r.address }] : []));
  const snapshots = mine
    .filter(({ row }) => !isTrue(row.dynamic))
    .map(({ row, address }) => {
      const refOf = addressRef(address, iface);
      const values: Record<string, string> = {};
      for (const f of [...Object.keys(refOf.key), ...refOf.fields, ...(refOf.displayFields ?? [])]) {
        const value = row[f];
        if (value !== undefined) values[f] = value;
      }
      return { ref: refOf, values };
    });
  return { snapshots, dynamic: mine.filter(({ row }) => isTrue(row.dynamic)).map(({ address }) => address) };
}

/** `/ip/dhcp-server` rows running on `iface` (names), for notes. */
export async function dhcpServersOn(client: RouterOsClient, iface: string): Promise<string[]> {
  const rows = await client.print("/ip/dhcp-server", { where: { interface: iface }, proplist: ["name", "interface"] });
  return rows.filter((r) => r.interface === iface).map((r) => r.name ?? "?");
}
