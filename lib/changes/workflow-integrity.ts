import "server-only";
import { secretFingerprint } from "../crypto/seal";
import { SET_UP_KIND, type StoredSetUp } from "./setup/types";
import { KIND_INFOS } from "./kinds/catalog";
import { proposalHash } from "./workflow-propose";
import { parseBaseState, parseStoredPlan } from "./workflow-shared";

/** The stored columns a proposal hash covers: ChangeRequest.kind/params/hash and its targets in `position` order. */
export interface StoredProposal {
  kind: string;
  params: string;
  hash: string;
  targets: { deviceId: string | null; deviceName: string; baseState: string; plan: string }[];
}

/** Prefix of the error when the stored content no longer hashes to the stored hash. */
const HASH_MISMATCH = "stored proposal does not match its hash";

/** The secret params of a kind (catalog `secretParams`; none for an unknown kind). */
function secretParamsOf(kind: string): string[] {
  return KIND_INFOS.find((k) => k.id === kind)?.secretParams ?? [];
}

/**
 * Recomputes the proposal hash from the stored columns (the function proposeChange used: kind,
 * params, the secret fingerprints found in the stored params, each target's deviceId, base state and
 * plan) and compares it with `hash`. Returns null when they match, else the reason (a device deleted
 * since the proposal, unreadable JSON, or `stored proposal does not match its hash`). An approval and an
 * application are bound to the content, not only to the hash column.
 */
export function checkStoredProposal(stored: StoredProposal): string | null {
  const deleted = stored.targets.filter((t) => t.deviceId === null).map((t) => t.deviceName);
  if (deleted.length > 0) return `${HASH_MISMATCH}: ${deleted.join(", ")} was deleted since the proposal (propose it again)`;
  let recomputed: string;
  try {
    const params = JSON.parse(stored.params) as Record<string, unknown>;
    const fingerprints: Record<string, string> = {};
    for (const name of secretParamsOf(stored.kind)) {
      const value = params[name];
      if (typeof value === "string") fingerprints[name] = value;
    }
    recomputed = proposalHash({
      kind: stored.kind,
      params,
      fingerprints,
      targets: stored.targets.map((t) => ({ deviceId: t.deviceId as string, baseState: parseBaseState(t.baseState), plan: parseStoredPlan(t.plan) })),
    });
  } catch {
    return `${HASH_MISMATCH}: its stored params, base state or plan is not readable JSON`;
  }
  return recomputed === stored.hash
    ? null
    : `${HASH_MISMATCH}: its params, base state or plan changed after it was proposed; nothing was applied (propose it again)`;
}

/** ChangeRequest.params of a set-up (written by proposeSetUp). @throws SyntaxError on corrupt JSON */
export function parseStoredSetUp(paramsJson: string): StoredSetUp {
  return JSON.parse(paramsJson) as StoredSetUp;
}

/** The secrets a target's engine context gets, by the target's position. */
export type SecretsByTarget = (position: number) => Record<string, string>;

/**
 * Splits the unsealed secrets of a request by target: a single-kind request's secrets (`{ cak: … }`) go
 * to every target; a set-up's are stored per step (`{ "<position>": { cak: … } }`) and each step gets its own.
 */
export function secretsByTarget(kind: string, sealed: Record<string, unknown>): SecretsByTarget {
  if (kind !== SET_UP_KIND) return () => sealed as Record<string, string>;
  return (position) => (sealed[String(position)] as Record<string, string> | undefined) ?? {};
}

/**
 * Checks each unsealed secret against the fingerprint stored in the params (first 8 hex of SHA-256):
 * returns null when every secret param of the kind (of each step, for a set-up) is present and matches,
 * else the reason (never the secret itself).
 * @throws SyntaxError when the stored params are not JSON
 */
export function checkSecretFingerprints(kind: string, paramsJson: string, sealed: Record<string, unknown>): string | null {
  if (kind !== SET_UP_KIND) return checkKindSecrets(kind, JSON.parse(paramsJson) as Record<string, unknown>, sealed as Record<string, string>, "");
  const byTarget = secretsByTarget(kind, sealed);
  const steps = parseStoredSetUp(paramsJson).steps;
  for (const [position, step] of steps.entries()) {
    const problem = checkKindSecrets(step.kind, step.params, byTarget(position), ` of step ${position + 1}`);
    if (problem) return problem;
  }
  return null;
}

function checkKindSecrets(kind: string, params: Record<string, unknown>, secrets: Record<string, string>, where: string): string | null {
  for (const name of secretParamsOf(kind)) {
    const stored = params[name];
    if (typeof stored !== "string") continue;
    const value = secrets[name];
    if (value === undefined) return `the sealed ${name}${where} is missing from the request; nothing was applied`;
    if (secretFingerprint(value) !== stored) return `the sealed ${name}${where} does not match its stored fingerprint ${stored}; nothing was applied`;
  }
  return null;
}
