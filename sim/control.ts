import { z } from "zod";
import type { Fleet } from "./fleet";
import { FAULT_METHODS, FAULT_MODES, USER_POLICIES, type Fault } from "./types";

/**
 * The simulator's control API (outside `/rest`, no auth, loopback only):
 * - `GET /_sim/routers` → SimRouterInfo[] (with credentials);
 * - `GET /_sim/routers/<name>` → the router's full state (tables, singletons, active fault);
 * - `PUT /_sim/routers/<name>/fault` `{mode, latencyMs?, count?, skip?, methods?}` → sets a fault on its /rest
 *   requests (e.g. `{"mode":"http500","methods":["PUT","PATCH","DELETE","POST"],"skip":1,"count":1}` = the second write fails);
 * - `DELETE /_sim/routers/<name>/fault` → clears it;
 * - `GET /_sim/routers/<name>/user` → `{name, username, policies}`;
 * - `PUT /_sim/routers/<name>/user` `{policies: [...]}` → replaces the REST user's group policies
 *   (e.g. everything but `sensitive`: MACsec `cak` is then left out of every reply; without `read` or
 *   `write` the requests needing it answer 500 `not enough permissions (9)`; without `rest-api`, 401).
 */
const faultSchema = z.strictObject({
  mode: z.enum(FAULT_MODES),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  count: z.number().int().min(1).optional(),
  skip: z.number().int().min(0).optional(),
  methods: z.array(z.enum(FAULT_METHODS)).min(1).optional(),
});

const userSchema = z.strictObject({ policies: z.array(z.enum(USER_POLICIES)) });

export interface ControlReply {
  status: number;
  body: unknown;
}

/** Routes one control request; `faults` is the simulator's live fault table (mutated here). */
export function handleControl(fleet: Fleet, faults: Map<string, Fault>, method: string, segments: string[], body: unknown): ControlReply {
  const [, resource, name, sub] = segments;
  if (resource !== "routers") return { status: 404, body: { error: 404, message: "Not Found" } };
  if (name === undefined) {
    if (method !== "GET") return { status: 405, body: { error: 405, message: "Method Not Allowed" } };
    return { status: 200, body: fleet.infos() };
  }
  const state = fleet.state(name);
  if (!state) return { status: 404, body: { error: 404, message: "Not Found", detail: `no router ${name}` } };
  if (sub === undefined && method === "GET") return { status: 200, body: { ...state.dump(), fault: faults.get(name) ?? null } };
  if (sub === "fault" && method === "PUT") {
    const parsed = faultSchema.safeParse(body);
    if (!parsed.success) return { status: 400, body: { error: 400, message: "Bad Request", detail: parsed.error.message } };
    if (parsed.data.mode === "none") faults.delete(name);
    else faults.set(name, parsed.data);
    return { status: 200, body: { name, fault: faults.get(name) ?? null } };
  }
  if (sub === "fault" && method === "DELETE") {
    faults.delete(name);
    return { status: 200, body: { name, fault: null } };
  }
  if (sub === "user" && (method === "GET" || method === "PUT")) {
    if (method === "PUT") {
      const parsed = userSchema.safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: 400, message: "Bad Request", detail: parsed.error.message } };
      fleet.setPolicies(name, parsed.data.policies);
    }
    const info = state.spec.info;
    return { status: 200, body: { name, username: info.username, policies: [...info.policies] } };
  }
  return { status: 404, body: { error: 404, message: "Not Found" } };
}
