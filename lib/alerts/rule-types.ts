import { z } from "zod";

/**
 * The built-in alert rule types: what each watches (always something the poller stored, never a router request), the
 * zod schema of its thresholds and the built-in rule seeded for it. RouterOS sources: docs/routeros.md
 * (`/interface/macsec` `status`, MACsec statistics, `/tool/mac-server/sessions`, `/system/resource`, `/export`
 * for the configuration backups of lib/backups/store.ts).
 *
 * Hysteresis: a count rule fires after `polls` consecutive polls with the condition and resolves after `clearPolls`
 * consecutive polls without it; a rate or percentage rule counts a poll as bad above `above` and as good only below
 * `clearBelow` (default 80 % of `above`), so a value sitting at the threshold keeps the state it has.
 */

/** Counts of consecutive polls; `clearPolls` polls without the condition resolve a firing alert. */
const polls = { polls: z.number().int().min(1).max(1000).default(2), clearPolls: z.number().int().min(1).max(1000).default(1) };

/** A threshold with its clear level (same unit); clearBelow must not exceed above. */
function threshold(unitMax: number) {
  return {
    above: z.number().min(0).max(unitMax),
    clearBelow: z.number().min(0).max(unitMax).optional(),
  };
}

const clearBelowOk = (t: { above: number; clearBelow?: number | undefined }) => t.clearBelow === undefined || t.clearBelow <= t.above;
const clearBelowIssue = { message: "clearBelow must not exceed above", path: ["clearBelow"] };

/** MACsec statistics counters an error rule may sum, by RouterOS name (docs/routeros.md "MACsec statistics"). */
export const MACSEC_ERROR_COUNTERS = ["rx-sc-not-valid", "rx-sc-late", "rx-no-tag", "rx-bad-tag"] as const;
export type MacsecErrorCounter = (typeof MACSEC_ERROR_COUNTERS)[number];

/** Thresholds of every rule type (units: packets/s, bits/s, percent, minutes, polls). */
export const THRESHOLD_SCHEMAS = {
  /** Device.status `down` or `unauthorized` for `polls` polls. */
  "device-down": z.strictObject(polls),
  /** A MACsec interface (not disabled) whose `status` is not `open-encrypted` for `polls` polls. */
  "macsec-not-encrypted": z.strictObject(polls),
  /** The sum of the chosen MACsec error counters' rates (packets/s, the newest `macsec-stats` sample) above `above`. */
  "macsec-errors": z
    .strictObject({
      ...threshold(1e9),
      counters: z
        .array(z.enum(MACSEC_ERROR_COUNTERS))
        .min(1)
        .default([...MACSEC_ERROR_COUNTERS]),
      polls: polls.polls.default(1),
      clearPolls: polls.clearPolls,
    })
    .refine(clearBelowOk, clearBelowIssue),
  /** A MACVLAN interface (not disabled) whose `running` is false for `polls` polls. */
  "macvlan-not-running": z.strictObject(polls),
  /** A MACVLAN interface's rx + tx rate (bits/s, the latest rates the poller stored) above `above`. */
  "macvlan-traffic": z.strictObject({ ...threshold(1e12), polls: polls.polls.default(1), clearPolls: polls.clearPolls }).refine(clearBelowOk, clearBelowIssue),
  /** A `/tool/mac-server/sessions` row whose `src-address` is on no allow-list entry of its device or its device's site. */
  "mac-session-unknown": z.strictObject({ polls: polls.polls.default(1), clearPolls: polls.clearPolls }),
  /** `cpu-load` (%) above `above` for `minutes` minutes. */
  "cpu-high": z.strictObject({ ...threshold(100), minutes: z.number().min(0).max(1440).default(5) }).refine(clearBelowOk, clearBelowIssue),
  /** Memory in use ((total-memory − free-memory) / total-memory, %) above `above` for `minutes` minutes. */
  "memory-high": z.strictObject({ ...threshold(100), minutes: z.number().min(0).max(1440).default(5) }).refine(clearBelowOk, clearBelowIssue),
  /**
   * The device's newest ConfigBackup is an outside change (its configuration differs from the version after the last
   * change request, without a request in between) that no admin has reviewed. Fires at once; resolves when the version
   * is reviewed or a newer version is not an outside change. No thresholds.
   */
  "config-changed-outside": z.strictObject({}),
} as const;

export type RuleType = keyof typeof THRESHOLD_SCHEMAS;
export const RULE_TYPES = Object.keys(THRESHOLD_SCHEMAS) as [RuleType, ...RuleType[]];
export type Thresholds<T extends RuleType> = z.infer<(typeof THRESHOLD_SCHEMAS)[T]>;

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severity rank (info 0 < warning 1 < critical 2), for "this severity or above". */
export function severityRank(severity: string): number {
  return Math.max(0, SEVERITIES.indexOf(severity as Severity));
}

export const RULE_SCOPES = ["fleet", "site", "tag", "device"] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

/** The alert states. */
export type AlertState = "pending" | "firing" | "resolved";

/**
 * Parses a rule's stored thresholds (JSON text) with its type's schema, defaults filled in.
 * @throws Error naming the rule type when the type is unknown or the JSON does not match
 */
export function parseThresholds<T extends RuleType>(type: T, json: string): Thresholds<T> {
  const schema: z.ZodType = THRESHOLD_SCHEMAS[type];
  const parsed = schema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`thresholds of rule type ${type}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as Thresholds<T>;
}

/** True when `type` is a rule type id. */
export function isRuleType(type: string): type is RuleType {
  return Object.hasOwn(THRESHOLD_SCHEMAS, type);
}

/** A built-in rule as seeded: name, type, thresholds, severity (scope fleet). */
export interface BuiltInRule {
  name: string;
  type: RuleType;
  thresholds: Record<string, unknown>;
  severity: Severity;
}

/** The rules seeded on a fresh database (lib/alerts/rules.ts ensureBuiltInRules), one per rule type. */
export const BUILT_IN_RULES: BuiltInRule[] = [
  { name: "Device down or unauthorized", type: "device-down", thresholds: { polls: 2, clearPolls: 1 }, severity: "critical" },
  { name: "MACsec link not encrypted", type: "macsec-not-encrypted", thresholds: { polls: 2, clearPolls: 1 }, severity: "critical" },
  {
    name: "MACsec errors",
    type: "macsec-errors",
    thresholds: { above: 1, clearBelow: 0.5, counters: [...MACSEC_ERROR_COUNTERS], polls: 1, clearPolls: 1 },
    severity: "warning",
  },
  { name: "MACVLAN not running", type: "macvlan-not-running", thresholds: { polls: 2, clearPolls: 1 }, severity: "warning" },
  {
    name: "MACVLAN traffic high",
    type: "macvlan-traffic",
    thresholds: { above: 500_000_000, clearBelow: 400_000_000, polls: 2, clearPolls: 1 },
    severity: "info",
  },
  { name: "MAC-server session from an unknown MAC", type: "mac-session-unknown", thresholds: { polls: 1, clearPolls: 1 }, severity: "warning" },
  { name: "CPU load high", type: "cpu-high", thresholds: { above: 90, clearBelow: 80, minutes: 5 }, severity: "warning" },
  { name: "Memory use high", type: "memory-high", thresholds: { above: 90, clearBelow: 85, minutes: 5 }, severity: "warning" },
  { name: "Configuration changed outside the product", type: "config-changed-outside", thresholds: {}, severity: "warning" },
];
