import "server-only";
import type { RouterOsClient } from "../../routeros";
import type { ObjectValues } from "../types";
import type { StepRecorder } from "./steps";

/**
 * What the engine needs to work on one device: a client whose observer is `recorder.observer`, the
 * unsealed secret params (memory only), and what it learns while applying.
 */
export interface TargetContext {
  client: RouterOsClient;
  recorder: StepRecorder;
  secrets: Record<string, string>;
  /** State of each written object before the first write on it (refId → values, null = absent): base snapshot, else read just before. */
  before: Map<string, ObjectValues | null>;
  /** Secret fields read just before a set/remove (refId → field → value), for the undo; never persisted. */
  oldSecrets: Map<string, Record<string, string>>;
  /**
   * Ordered menus (ObjectRef.ordered, RowSelector): refId → the `.id` of the row the object sits before
   * (an add: the `place-before` sent; a remove: the static row that followed it), null = last. Learnt
   * while applying; the verify and the undo keep or restore that position.
   */
  positions: Map<string, string | null>;
  /** The router's own request cut in ms (RouterOS: 60 000): how long a write that got no answer may still be carried out. */
  routerCutMs: number;
  /** Secret reads pass `show-sensitive`: RouterOS 7.21+ by the device's last polled version; null when unknown (see readSecretFields). */
  showSensitive: boolean | null;
}

/** Describes any error in one line for steps and users (RouterOS errors carry the router's `detail`). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
