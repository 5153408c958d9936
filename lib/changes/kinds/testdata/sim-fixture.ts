import { afterEach, beforeEach, expect } from "vitest";
import { startSimulator, type Simulator, type SimRouterInfo } from "../../../../sim/server";
import { RouterOsClient, type RouterOsCallInfo } from "../../../routeros";
import type { ChangeKind } from "../../kind";
import { readSecretFields } from "../../engine/secrets";
import { readObject, readRow, sameValue } from "../../router-objects";
import { PlanError, type ChangePlan, type PlanDevice, type PlanValue } from "../../types";

/**
 * Test support for the change kinds (tests only): a fresh simulator per test (guide routers, or a
 * bigger fleet for version gates), clients and PlanDevices for its routers, and `applyAndVerify`,
 * which runs a plan's ops through the REST client itself (no engine) and reads every touched object
 * back by its natural key, proving the plan's menus, keys and value formats are what RouterOS prints.
 */

export interface SimFixture {
  sim: Simulator;
  /** A client of router `name`, closed after the test; `onResponse` observes its calls (the engine's step recorder). */
  client(name: string, onResponse?: (info: RouterOsCallInfo) => void): RouterOsClient;
  device(name: string): PlanDevice;
  info(name: string): SimRouterInfo;
}

/** Registers beforeEach/afterEach hooks that start a fresh simulator (`routers`, `seed`) per test. */
export function simPerTest(opts: { routers?: number; seed?: number } = {}): SimFixture {
  let sim: Simulator | undefined;
  const clients: RouterOsClient[] = [];
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, routers: opts.routers ?? 5, seed: opts.seed ?? 1 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim?.close();
  });
  const info = (name: string): SimRouterInfo => {
    const found = sim?.routers.find((r) => r.name === name);
    if (!found) throw new Error(`simulator has no router ${name}`);
    return found;
  };
  return {
    get sim() {
      if (!sim) throw new Error("simulator not started");
      return sim;
    },
    info,
    client(name, onResponse) {
      const r = info(name);
      const c = new RouterOsClient({ apiUrl: r.apiUrl, username: r.username, password: r.password, maxRetries: 0, ...(onResponse ? { onResponse } : {}) });
      clients.push(c);
      return c;
    },
    device(name) {
      const r = info(name);
      return { id: `dev-${name}`, name, version: r.version };
    },
  };
}

/** Parses params with the kind's schema and plans them (throws the ZodError or PlanError). */
export async function planFor(kind: ChangeKind, params: unknown, fx: SimFixture, router: string): Promise<ChangePlan> {
  const parsed = kind.schema.parse(params);
  return kind.plan(parsed, { client: fx.client(router), device: fx.device(router) });
}

/** Expects planning to fail with a PlanError carrying a field error on `field`; returns the error. */
export async function expectPlanError(promise: Promise<unknown>, field?: string): Promise<PlanError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlanError);
  const planError = error as PlanError;
  if (field) expect(Object.keys(planError.fieldErrors ?? {})).toContain(field);
  return planError;
}

function resolve(values: Record<string, PlanValue>, secrets: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === "string") out[k] = v;
    else {
      const secret = secrets[v.secret];
      if (secret === undefined) throw new Error(`secret ${v.secret} not provided`);
      out[k] = secret;
    }
  }
  return out;
}

/**
 * Applies `plan.ops` in order through the client (add = PUT, set = PATCH by the `.id` found by key or
 * POST `/set` for a singleton, remove = DELETE by `.id`), substituting `{ secret }` placeholders from
 * `secrets`, then reads each touched object back: removed ones must be absent; added/set ones must
 * print every planned value (secret values through the engine's targeted read, readSecretFields).
 */
export async function applyAndVerify(client: RouterOsClient, plan: ChangePlan, secrets: Record<string, string> = {}): Promise<void> {
  for (const op of plan.ops) {
    if (op.op === "add") {
      await client.add(op.ref.menu, resolve(op.values, secrets));
    } else if (op.op === "set" && op.ref.singleton) {
      await client.command(op.ref.menu, "set", resolve(op.values, secrets));
    } else {
      const row = await readRow(client, op.ref);
      if (!row?.[".id"]) throw new Error(`${op.ref.label}: not found by key before ${op.op}`);
      if (op.op === "set") await client.set(op.ref.menu, row[".id"], resolve(op.values, secrets));
      else await client.remove(op.ref.menu, row[".id"]);
    }
  }
  for (const op of plan.ops) {
    const snap = await readObject(client, op.ref);
    if (op.op === "remove") {
      expect(snap.values, `${op.ref.label} is gone`).toBeNull();
      continue;
    }
    expect(snap.values, `${op.ref.label} exists`).not.toBeNull();
    const wanted = resolve(op.values, secrets);
    const secretNames = op.ref.secretFields ?? [];
    for (const secret of secretNames) expect(Object.keys(snap.values ?? {}), `${op.ref.label} snapshot has no ${secret}`).not.toContain(secret);
    const secretValues = secretNames.length > 0 ? await readSecretFields(client, op.ref, secretNames, null) : null;
    for (const [field, value] of Object.entries(wanted)) {
      const printed = secretNames.includes(field) ? secretValues?.[field] : snap.values?.[field];
      expect(sameValue(printed, value), `${op.ref.label} ${field}: printed ${String(printed)}, planned ${value}`).toBe(true);
    }
    for (const field of Object.keys(op.values)) {
      if (!secretNames.includes(field))
        expect([...Object.keys(op.ref.key), ...op.ref.fields], `${field} is a compared field of ${op.ref.label}`).toContain(field);
    }
  }
}
