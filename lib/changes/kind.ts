import type { z } from "zod";
import type { RouterOsClient } from "../routeros";
import type { ChangePlan, KindInfo, PlanDevice } from "./types";

/** What a kind's `plan` may use: a client for read-only calls (GET / print) and the device. */
export interface PlanContext {
  client: RouterOsClient;
  device: PlanDevice;
}

/**
 * A change kind (lib/changes/kinds): a strict zod schema of its params (secret params included, e.g.
 * `cak`), a title, and a planner that reads the router (reads only) and returns the plan. Secret params
 * appear in plans only as `{ secret: "<param>" }` placeholders.
 */
export interface ChangeKind<S extends z.ZodType = z.ZodType> {
  info: KindInfo;
  schema: S;
  /** One-line title in RouterOS terms, e.g. `Add MACVLAN macvlan-68 on ether2`. */
  describe(params: z.output<S>): string;
  /**
   * Reads the router and builds the plan for one device.
   * @throws PlanError when the change does not fit this router (message and fieldErrors shown to the user);
   *   RouterOsError when the router cannot be read
   */
  plan(params: z.output<S>, ctx: PlanContext): Promise<ChangePlan>;
}
