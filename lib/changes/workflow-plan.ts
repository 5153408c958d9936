import "server-only";
import pLimit from "p-limit";
import { z } from "zod";
import { secretFingerprint } from "../crypto/seal";
import type { Db } from "../db-client";
import { routerClientFor } from "../devices/router-client";
import type { Device } from "../generated/prisma/client";
import type { RouterOsClient } from "../routeros";
import { cutsManagementPath, findManagementInterface } from "./engine/management-path";
import { errorText } from "./engine/context";
import type { ChangeKind } from "./kind";
import { checkMinVersion } from "./kinds/shared";
import { fieldChanges, plannedCalls } from "./preview-view";
import { ChangeInputError, type ProposeInput, type TargetPreview } from "./workflow-types";
import { PlanError, type ChangePlan } from "./types";

/** Finds a change kind by id (lib/changes/kinds `getKind`; tests may pass their own). */
export type KindLookup = (id: string) => ChangeKind | null;

/** One device's plan as made now, with its preview. `plan` is null when the device could not be planned. */
export interface PlannedTarget {
  device: Device;
  plan: ChangePlan | null;
  preview: TargetPreview;
}

/** A validated proposal, planned on every device. `secrets` holds the secret params in clear (memory only). */
export interface PlannedChange {
  kind: ChangeKind;
  params: Record<string, unknown>;
  title: string;
  secrets: Record<string, string>;
  fingerprints: Record<string, string>;
  targets: PlannedTarget[];
}

const selection = z.array(z.string().min(1)).min(1, "choose at least one device").max(500, "at most 500 devices per request");

/** Routers planned at once. */
const PLAN_CONCURRENCY = 8;

/**
 * Validates a proposal and plans it on every selected device by reading the routers (reads only):
 * kind params against the kind's strict schema, the RouterOS version gate (`info.minVersion` against
 * Device.version; a PlanError on that target), then `kind.plan`, and the management-path check
 * (`/ip/address`, read only when the plan disrupts an interface) per device.
 * @throws ChangeInputError for an unknown kind, invalid params (fieldErrors by param), an empty or unknown device selection
 */
export async function planChange(db: Db, input: ProposeInput, getKind: KindLookup): Promise<PlannedChange> {
  const kind = getKind(input.kind);
  if (!kind) throw new ChangeInputError(`unknown change kind "${input.kind}"`, { kind: ["unknown change kind"] });
  const parsed = kind.schema.safeParse(input.params);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    throw new ChangeInputError("the change's parameters are not valid", fieldErrors);
  }
  const ids = selection.safeParse(input.deviceIds);
  if (!ids.success) throw new ChangeInputError("invalid device selection", { deviceIds: ids.error.issues.map((i) => i.message) });
  const unique = [...new Set(ids.data)];
  const devices = await db.device.findMany({ where: { id: { in: unique } } });
  const missing = unique.filter((id) => !devices.some((d) => d.id === id));
  if (missing.length > 0) throw new ChangeInputError(`unknown devices: ${missing.join(", ")}`, { deviceIds: ["some selected devices no longer exist"] });
  const ordered = unique.map((id) => devices.find((d) => d.id === id) as Device);

  const params = parsed.data as Record<string, unknown>;
  const secrets: Record<string, string> = {};
  const fingerprints: Record<string, string> = {};
  for (const name of kind.info.secretParams) {
    const value = params[name];
    if (typeof value === "string") {
      secrets[name] = value;
      fingerprints[name] = secretFingerprint(value);
    }
  }
  const limit = pLimit(PLAN_CONCURRENCY);
  const targets = await Promise.all(ordered.map((device) => limit(() => planTarget(db, kind, params, device, fingerprints))));
  return { kind, params, title: kind.describe(params), secrets, fingerprints, targets };
}

async function planTarget(
  db: Db,
  kind: ChangeKind,
  params: Record<string, unknown>,
  device: Device,
  fingerprints: Record<string, string>,
): Promise<PlannedTarget> {
  let client;
  try {
    client = routerClientFor(db, device);
  } catch (err) {
    return { device, plan: null, preview: { ...emptyPreview(device), error: `cannot open the stored connection settings: ${errorText(err)}` } };
  }
  try {
    return await planWithClient(kind, params, device, fingerprints, { client, reader: client });
  } finally {
    await client.close();
  }
}

/** A preview with nothing planned yet for `device`. */
export function emptyPreview(device: Device): TargetPreview {
  return {
    deviceId: device.id,
    deviceName: device.name,
    ok: false,
    error: null,
    diff: [],
    calls: [],
    notes: [],
    order: [],
    cutsManagementPath: false,
    managementInterface: null,
  };
}

/**
 * Plans one kind on one device with open clients: `reader` is what the kind reads (the router itself, or
 * a set-up's view of it after the earlier steps: lib/changes/setup/overlay.ts), `client` the router itself
 * (the management-path check). Applies the RouterOS version gate (`info.minVersion` against
 * Device.version). Never throws: a PlanError or router error becomes the preview's `error` (and
 * `fieldErrors`) with `plan` null.
 */
export async function planWithClient(
  kind: ChangeKind,
  params: Record<string, unknown>,
  device: Device,
  fingerprints: Record<string, string>,
  clients: { client: RouterOsClient; reader: RouterOsClient },
): Promise<PlannedTarget> {
  const { client, reader } = clients;
  const preview = emptyPreview(device);
  const min = kind.info.minVersion;
  if (min && !device.version) preview.notes.push(`RouterOS version not known yet (never polled): ${kind.info.label} needs ${min} or later`);
  try {
    checkMinVersion(device, min, kind.info.label);
    const plan = await kind.plan(params, { client: reader, device: { id: device.id, name: device.name, version: device.version } });
    const management = plan.disruptsInterfaces.length > 0 ? await findManagementInterface(client, device.apiUrl) : null;
    const cuts = management !== null && cutsManagementPath(plan.disruptsInterfaces, management);
    const notes = [...preview.notes, ...plan.notes, ...(management?.note ? [management.note] : [])];
    if (cuts) notes.push(`this change disrupts ${management.interface}, the interface holding the address the app uses to reach ${device.name}`);
    return {
      device,
      plan,
      preview: {
        ...preview,
        ok: true,
        diff: fieldChanges(plan, fingerprints),
        calls: plannedCalls(plan, fingerprints),
        notes,
        order: plan.order ?? [],
        cutsManagementPath: cuts,
        managementInterface: management?.interface ?? null,
      },
    };
  } catch (err) {
    const fieldErrors = err instanceof PlanError ? err.fieldErrors : undefined;
    return { device, plan: null, preview: { ...preview, error: errorText(err), ...(fieldErrors ? { fieldErrors } : {}) } };
  }
}
