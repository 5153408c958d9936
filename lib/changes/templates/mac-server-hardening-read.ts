import "server-only";
import pLimit from "p-limit";
import type { Db } from "../../db-client";
import { routerClientFor } from "../../devices/router-client";
import { errorText } from "../engine/context";
import { findManagementInterface } from "../engine/management-path";
import { ChangeInputError } from "../workflow-types";
import type { HardeningRouterState } from "./mac-server-hardening";

/** Routers read at once. */
const READ_CONCURRENCY = 8;

/**
 * Reads what the MAC-server hardening builder needs of one device: `/interface` names, the `/interface/list` row
 * named `list` and its `/interface/list/member` rows (`.proplist` of the fields used), and the management
 * interface (findManagementInterface, from `/ip/address`). Reads only.
 * @throws ChangeInputError when the device does not exist or the router cannot be read
 */
async function readHardeningState(db: Db, deviceId: string, list: string): Promise<HardeningRouterState> {
  const device = await db.device.findUnique({ where: { id: deviceId } });
  if (!device) throw new ChangeInputError(`unknown device ${deviceId}`, { routers: ["a chosen router no longer exists"] });
  const client = routerClientFor(db, device);
  try {
    const interfaces = await client.print("/interface", { proplist: ["name"] });
    const lists = await client.print("/interface/list", { where: { name: list }, proplist: ["name", "dynamic"] });
    const members = await client.print("/interface/list/member", { where: { list }, proplist: ["list", "interface", "dynamic", "disabled"] });
    const row = lists.find((l) => l.name === list);
    return {
      router: device.name,
      interfaces: interfaces.flatMap((i) => (i.name ? [i.name] : [])),
      list: row ? { dynamic: row.dynamic === "true" } : null,
      members: members
        .filter((m) => m.list === list && m.interface)
        .map((m) => ({ interface: m.interface ?? "", dynamic: m.dynamic === "true", disabled: m.disabled === "true" })),
      management: await findManagementInterface(client, device.apiUrl),
    };
  } catch (err) {
    throw new ChangeInputError(`${device.name}: cannot read its interfaces, interface lists or addresses: ${errorText(err)}`);
  } finally {
    await client.close();
  }
}

/**
 * The state of every device in `deviceIds` for list `list`, by device id (8 routers at a time).
 * @throws ChangeInputError when a device does not exist or a router cannot be read
 */
export async function readHardeningStates(db: Db, deviceIds: string[], list: string): Promise<Map<string, HardeningRouterState>> {
  const limit = pLimit(READ_CONCURRENCY);
  return new Map(await Promise.all(deviceIds.map((id) => limit(async () => [id, await readHardeningState(db, id, list)] as const))));
}
