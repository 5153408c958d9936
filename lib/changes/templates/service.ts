import "server-only";
import pLimit from "p-limit";
import type { z } from "zod";
import type { Db } from "../../db-client";
import { routerClientFor } from "../../devices/router-client";
import { errorText } from "../engine/context";
import { previewSetUp, proposeSetUp } from "../setup/propose";
import type { SetUpInput } from "../setup/types";
import type { TemplatePreview } from "./schema";
import { ChangeInputError, type ChangeActor } from "../workflow-types";
import { buildIsolatedMacvlan, isolatedMacvlanSchema, type NatRule } from "./isolated-macvlan";
import { MAC_SERVER_HARDENING, buildMacServerHardening, macServerHardeningSchema } from "./mac-server-hardening";
import { readHardeningStates } from "./mac-server-hardening-read";

/**
 * Reads `/ip/firewall/nat` (`.proplist` of the fields natCovers needs) of one device, with its name.
 * @throws ChangeInputError when the device does not exist or the router cannot be read
 */
async function natRulesOf(db: Db, deviceId: string): Promise<{ router: string; rules: NatRule[] }> {
  const device = await db.device.findUnique({ where: { id: deviceId } });
  if (!device) throw new ChangeInputError(`unknown device ${deviceId}`, { routers: ["a chosen router no longer exists"] });
  const client = routerClientFor(db, device);
  try {
    const rules = await client.print("/ip/firewall/nat", { proplist: ["chain", "action", "out-interface-list", "src-address", "disabled"] });
    return { router: device.name, rules };
  } catch (err) {
    throw new ChangeInputError(`${device.name}: cannot read /ip/firewall/nat to decide on masquerade: ${errorText(err)}`);
  } finally {
    await client.close();
  }
}

/** Parses template input with its schema. @throws ChangeInputError with field errors by form field (e.g. `routers.1.subnet`) */
function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  throw new ChangeInputError("the template's fields are not valid", fieldErrors);
}

/**
 * Builds the set-up of template `id` from its form input: validated by the template's schema (field errors by
 * form field, e.g. `routers.1.subnet`), routers read where the template needs it (NAT rules, interfaces and
 * interface lists; 8 at a time).
 * @throws ChangeInputError for an unknown template, invalid input or a router that cannot be read
 */
export async function buildTemplate(db: Db, id: string, input: unknown): Promise<{ setUp: SetUpInput; notes: string[] }> {
  if (id === MAC_SERVER_HARDENING) {
    const data = parseInput(macServerHardeningSchema, input);
    return buildMacServerHardening(data, await readHardeningStates(db, [...new Set(data.routers.map((r) => r.deviceId))], data.list));
  }
  if (id !== "isolated-macvlan") throw new ChangeInputError(`unknown template "${id}"`);
  const data = parseInput(isolatedMacvlanSchema, input);
  const limit = pLimit(8);
  const nat = new Map(await Promise.all(data.routers.map((r) => limit(async () => [r.deviceId, await natRulesOf(db, r.deviceId)] as const))));
  return buildIsolatedMacvlan(data, async (deviceId) => nat.get(deviceId) ?? { router: deviceId, rules: [] });
}

/** Builds and previews a template's set-up (router reads only; nothing stored). @throws ChangeInputError */
export async function previewTemplate(db: Db, id: string, input: unknown): Promise<TemplatePreview> {
  const { setUp, notes } = await buildTemplate(db, id, input);
  return { ...(await previewSetUp(db, setUp)), templateNotes: notes };
}

/** Builds and proposes a template's set-up as `actor` (PENDING, one approval for every step). @throws ChangeInputError */
export async function proposeTemplate(db: Db, actor: ChangeActor, id: string, input: unknown): Promise<{ id: string; hash: string }> {
  const { setUp } = await buildTemplate(db, id, input);
  return proposeSetUp(db, actor, setUp);
}
