import { z } from "zod";
import { interfaceName } from "../../validation/routeros";
import type { ChangeKindId } from "../types";
import type { TargetPreview } from "../workflow-types";

/**
 * A set-up (docs/changes.md "Steps"): one change request made of ordered steps, each a change kind with its
 * own params on its own router, approved once and applied all or nothing. Stored as ChangeRequest.kind
 * `set-up`, its params the steps (secrets as fingerprints), one ChangeTarget per step in step order.
 * Client-safe: no server imports.
 */
export const SET_UP_KIND = "set-up";

/** Most steps in one set-up (a bulk MACVLAN segment: about 12 steps per router). */
export const MAX_SET_UP_STEPS = 2_000;

/** Longest settle wait a form may ask for, in seconds. */
export const MAX_SETTLE_SEC = 600;

const step = z.strictObject({
  kind: z.string().min(1),
  deviceId: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
});

/**
 * After every step is written and read back, MACsec interfaces that must reach `open-encrypted`
 * (RouterOS `/interface/macsec` `status`) within `timeoutSec`; if one does not, every step is undone.
 */
export const settleSchema = z.strictObject({
  timeoutSec: z.number().int().min(5).max(MAX_SETTLE_SEC),
  macsec: z
    .array(z.strictObject({ deviceId: z.string().min(1), interface: interfaceName }))
    .min(1)
    .max(100),
});

/** A set-up as proposed: what a template builds (lib/changes/templates), validated here and by each step's kind. */
export const setUpInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** The template that built it (e.g. `isolated-macvlan`), shown on the request; absent for a hand-made set-up. */
  template: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  steps: z.array(step).min(1, "a set-up needs at least one step").max(MAX_SET_UP_STEPS, `at most ${MAX_SET_UP_STEPS} steps`),
  settle: settleSchema.optional(),
});

/** Input of previewSetUp / proposeSetUp. Step params are validated by each step's kind schema. */
export type SetUpInput = z.input<typeof setUpInputSchema>;

/** ChangeRequest.params of a set-up: the validated steps with each secret param replaced by its fingerprint. */
export interface StoredSetUp {
  title: string;
  template?: string;
  steps: { kind: ChangeKindId; deviceId: string; title: string; params: Record<string, unknown> }[];
  settle?: z.output<typeof settleSchema>;
}

/** One step's preview: its kind, title and position, and what it would do on its router. */
export interface StepPreview extends TargetPreview {
  position: number;
  kind: ChangeKindId;
  title: string;
}

/** What a set-up would do, step by step (the preview before proposing). */
export interface SetUpPreview {
  title: string;
  template: string | null;
  steps: StepPreview[];
  settle: StoredSetUp["settle"] | null;
}
