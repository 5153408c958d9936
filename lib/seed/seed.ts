import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db-client";
import { hashPassword } from "../auth/password";
import { devicePasswordAad, seal } from "../crypto/seal";
import { appendAuditEventInTx } from "../audit/log";
import { writeTransaction } from "../db-transaction";
import type { RoleName } from "../auth/permissions";
import { addRouterNetwork, allowedRouterNetworks } from "../devices/router-networks";
import { formatIp, parseIp } from "../net/ip";
import { addressRefusal, checkNetworkEntry, connectHost } from "../net/router-networks";

/** The three demo accounts, one per role. */
const DEMO_USERS: { email: string; name: string; role: RoleName }[] = [
  { email: "admin@noc.local", name: "Ada Admin", role: "ADMIN" },
  { email: "operator@noc.local", name: "Oscar Operator", role: "OPERATOR" },
  { email: "viewer@noc.local", name: "Vera Viewer", role: "VIEWER" },
];

/** A readable random password (18 chars, base64url). */
export function generatePassword(): string {
  return randomBytes(14).toString("base64url");
}

/**
 * Creates the demo users that do not exist yet, each with its `user.create` event in one write transaction
 * (lib/db-transaction.ts: safe while the worker and the web server write to the same file). Existing users are
 * left alone (their passwords are not known and not changed), so data persists between demo runs.
 * @param passwords optional fixed passwords by role (tests); otherwise random
 * @returns the created accounts with their passwords in clear: print them once, store them nowhere
 */
export async function seedUsers(db: Db, passwords: Partial<Record<RoleName, string>> = {}): Promise<{ email: string; role: RoleName; password: string }[]> {
  const created: { email: string; role: RoleName; password: string }[] = [];
  for (const u of DEMO_USERS) {
    const password = passwords[u.role] ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const isNew = await writeTransaction(db, async (tx) => {
      if (await tx.user.findUnique({ where: { email: u.email }, select: { id: true } })) return false;
      const user = await tx.user.create({ data: { ...u, passwordHash } });
      await appendAuditEventInTx(tx, null, {
        action: "user.create",
        entityType: "user",
        entityId: user.id,
        after: { email: u.email, role: u.role, source: "seed" },
      });
      return true;
    });
    if (isNew) created.push({ email: u.email, role: u.role, password });
  }
  return created;
}

const simRouterSchema = z.object({
  name: z.string(),
  apiUrl: z.string(),
  username: z.string(),
  password: z.string(),
  site: z.string(),
  tags: z.array(z.string()).default([]),
});

/** The simulated fleet as listed by the simulator's control endpoint `GET <simUrl>/_sim/routers`. */
async function fetchSimulatedFleet(simUrl: string): Promise<z.infer<typeof simRouterSchema>[]> {
  const res = await fetch(`${simUrl.replace(/\/$/, "")}/_sim/routers`);
  if (!res.ok) throw new Error(`simulator at ${simUrl} answered ${res.status}`);
  return z.array(simRouterSchema).parse(await res.json());
}

/**
 * Adds a router network for each simulator address the list does not allow yet, explicitly: the simulator listens
 * on loopback (`127.0.0.1/32`), which no default network covers. Audited as `router_network.add` (the first one
 * also copies the defaults into the list, lib/devices/router-networks.ts). Host names are left to the admin.
 * @returns the networks added
 */
async function allowSimulatorAddresses(db: Db, apiUrls: string[]): Promise<string[]> {
  const added: string[] = [];
  for (const host of new Set(apiUrls.map((u) => connectHost(new URL(u).hostname)))) {
    const ip = parseIp(host);
    if (!ip || addressRefusal(ip, await allowedRouterNetworks(db)) === null) continue;
    const entry = checkNetworkEntry(`${formatIp(ip)}/${ip.family === 4 ? 32 : 128}`);
    if ("error" in entry) continue;
    await addRouterNetwork(db, null, { cidr: entry.cidr, comment: "RouterOS simulator (seed)" });
    added.push(entry.cidr);
  }
  return added;
}

/**
 * Creates or updates one Device per simulated router (keyed on name), pointing at the simulator. Passwords
 * are sealed (AES-256-GCM). Existing devices keep their id and history; their API URL and credentials follow
 * the simulator (SIM_PORT may change between runs). Sites are created as needed. Each router is one write
 * transaction with its `device.create` event (when created). The simulator's address is added
 * to the router networks when they do not allow it (allowSimulatorAddresses: `127.0.0.1/32` for a local simulator).
 * @returns counts of created and updated devices, and the router networks added
 */
export async function seedDevicesFromSimulator(db: Db, simUrl: string): Promise<{ created: number; updated: number; networksAdded: string[] }> {
  const fleet = await fetchSimulatedFleet(simUrl);
  const networksAdded = await allowSimulatorAddresses(
    db,
    fleet.map((r) => r.apiUrl),
  );
  let created = 0;
  let updated = 0;
  for (const r of fleet) {
    const isNew = await writeTransaction(db, async (tx) => {
      const site = await tx.site.upsert({ where: { name: r.site }, create: { name: r.site }, update: {} });
      const existing = await tx.device.findUnique({ where: { name: r.name }, select: { id: true } });
      const id = existing?.id ?? randomUUID();
      const data = { apiUrl: r.apiUrl, username: r.username, passwordSealed: seal(r.password, devicePasswordAad(id)), siteId: site.id };
      if (existing) {
        await tx.device.update({ where: { id }, data });
        return false;
      }
      await tx.device.create({ data: { id, name: r.name, ...data, tags: { create: r.tags.map((tag) => ({ tag })) } } });
      await appendAuditEventInTx(tx, null, {
        action: "device.create",
        entityType: "device",
        entityId: id,
        after: { name: r.name, apiUrl: r.apiUrl, site: r.site, source: "seed" },
      });
      return true;
    });
    if (isNew) created++;
    else updated++;
  }
  return { created, updated, networksAdded };
}
