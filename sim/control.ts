import { z } from "zod";
import { macAddress } from "../lib/validation/routeros";
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
 * - `PUT /_sim/routers/<name>/condition` `{macsecStatus?, macsecNotValid?, macServerSession?}` → forces a world
 *   condition (sim/README.md "Conditions"); `DELETE /_sim/routers/<name>/condition` ends the forced status and sessions.
 */
const faultSchema = z.strictObject({
  mode: z.enum(FAULT_MODES),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  count: z.number().int().min(1).optional(),
  skip: z.number().int().min(0).optional(),
  methods: z.array(z.enum(FAULT_METHODS)).min(1).optional(),
});

const conditionSchema = z.strictObject({
  /** The MACsec interface's `status` from now on (docs/routeros.md lists the values). */
  macsecStatus: z.strictObject({ interface: z.string().min(1), status: z.enum(["negotiating", "initializing", "invalid", "open-encrypted"]) }).optional(),
  /** A burst: `packets` more `rx-sc-not-valid` (and `rx-sa-not-valid`) on the MACsec interface, at once. */
  macsecNotValid: z.strictObject({ interface: z.string().min(1), packets: z.number().int().min(1).max(1e12) }).optional(),
  /** A `/tool/mac-server/sessions` row from `src-address` on `interface`, starting now. */
  macServerSession: z.strictObject({ interface: z.string().min(1), "src-address": macAddress }).optional(),
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
  if (sub === "condition" && (method === "PUT" || method === "DELETE")) {
    if (method === "DELETE") {
      state.forced.macsecStatus.clear();
      state.forced.sessions.length = 0;
    } else {
      const parsed = conditionSchema.safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: 400, message: "Bad Request", detail: parsed.error.message } };
      const { macsecStatus, macsecNotValid, macServerSession } = parsed.data;
      const macsecNamed = (iface: string) => state.findInterface(iface)?.type === "macsec";
      for (const iface of [macsecStatus?.interface, macsecNotValid?.interface]) {
        if (iface !== undefined && !macsecNamed(iface))
          return { status: 400, body: { error: 400, message: "Bad Request", detail: `no MACsec interface ${iface}` } };
      }
      if (macsecStatus) state.forced.macsecStatus.set(macsecStatus.interface, macsecStatus.status);
      if (macsecNotValid) {
        const { interface: iface, packets } = macsecNotValid;
        state.forced.macsecNotValid.set(iface, (state.forced.macsecNotValid.get(iface) ?? 0) + packets);
      }
      if (macServerSession) {
        state.forced.sessions.push({ interface: macServerSession.interface, srcAddress: macServerSession["src-address"], startMs: state.env.clock() });
      }
    }
    const forced = state.forced;
    return {
      status: 200,
      body: {
        name,
        macsecStatus: Object.fromEntries(forced.macsecStatus),
        macsecNotValid: Object.fromEntries(forced.macsecNotValid),
        sessions: forced.sessions,
      },
    };
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
