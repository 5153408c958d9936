import type { SimRouterInfo } from "../../sim/server";
import { devicePasswordAad, seal } from "../crypto/seal";
import type { Db } from "../db-client";

/**
 * Inserts each simulator router as an inventory device (tests): id `dev-<name>`, site `site-<site>`
 * (created), the router's `apiUrl`, user and password sealed under `secretKey` (base64, as lib/crypto/seal.ts `generateKey`) (bound to the device id).
 * @returns the device ids, in the routers' order
 */
export async function insertSimulatorDevices(db: Db, routers: SimRouterInfo[], secretKey: string): Promise<string[]> {
  for (const site of new Set(routers.map((r) => r.site))) await db.site.create({ data: { id: `site-${site}`, name: site } });
  const ids: string[] = [];
  for (const r of routers) {
    const id = `dev-${r.name}`;
    const passwordSealed = seal(r.password, devicePasswordAad(id), secretKey);
    await db.device.create({ data: { id, name: r.name, siteId: `site-${r.site}`, apiUrl: r.apiUrl, username: r.username, passwordSealed } });
    ids.push(id);
  }
  return ids;
}

/**
 * Sets (`PUT`) or clears (`fault` null: `DELETE`) the fault of the simulator's router `name` through its control
 * endpoint `<simUrl>/_sim/routers/<name>/fault` (sim/server.ts: `mode` such as `reset`, `hang`, `http500`, `latency` with its options).
 * @throws Error when the simulator does not answer 2xx
 */
export async function setSimFault(simUrl: string, name: string, fault: { mode: string; [option: string]: unknown } | null): Promise<void> {
  const res = await fetch(`${simUrl}/_sim/routers/${name}/fault`, {
    method: fault ? "PUT" : "DELETE",
    headers: { "content-type": "application/json" },
    body: fault ? JSON.stringify(fault) : undefined,
  });
  if (!res.ok) throw new Error(`simulator fault ${fault ? "PUT" : "DELETE"} for ${name}: ${res.status} ${await res.text()}`);
}
