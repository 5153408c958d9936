import "server-only";
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import type { z } from "zod";
import type { Db } from "../../db-client";
import { routerClientFor } from "../../devices/router-client";
import { errorText } from "../engine/context";
import { previewSetUp, proposeSetUp } from "../setup/propose";
import type { SetUpInput } from "../setup/types";
import type { TemplatePreview } from "./schema";
import { ChangeInputError, type ChangeActor } from "../workflow-types";
import { buildIsolatedMacvlan, ISOLATED_MACVLAN, isolatedMacvlanSchema, type NatRule } from "./isolated-macvlan";
import { buildMacServerHardening, MAC_SERVER_HARDENING, macServerHardeningSchema } from "./mac-server-hardening";
import { readHardeningStates } from "./mac-server-hardening-read";
import { buildMacsecLink, MACSEC_LINK, macsecLinkSchema } from "./macsec-link";

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
  switch (id) {
    case ISOLATED_MACVLAN: {
      const valid = parseInput(isolatedMacvlanSchema, input);
      const limit = pLimit(8);
      const nat = new Map(await Promise.all(valid.routers.map((r) => limit(async () => [r.deviceId, await natRulesOf(db, r.deviceId)] as const))));
      return buildIsolatedMacvlan(valid, async (deviceId) => nat.get(deviceId) ?? { router: deviceId, rules: [] });
    }
    case MACSEC_LINK:
      return buildMacsecLink(parseInput(macsecLinkSchema, input), (bytes) => randomBytes(bytes).toString("hex"));
    case MAC_SERVER_HARDENING: {
      const valid = parseInput(macServerHardeningSchema, input);
      return buildMacServerHardening(valid, await readHardeningStates(db, [...new Set(valid.routers.map((r) => r.deviceId))], valid.list));
    }
    default:
      throw new ChangeInputError(`unknown template "${id}"`);
  }
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
