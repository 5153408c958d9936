import "server-only";
import type { Db } from "../../db-client";
import { isRuleType, RULE_TYPES } from "../rule-types";
import { isBuiltInRuleName } from "../service";
import { thresholdFields, type ThresholdField } from "./threshold-fields";

/**
 * Reads of the rules page (Db-parameterised; lib/alerts/admin-server.ts binds them to the session): every rule with
 * its thresholds as fields, its scope in words and its open alerts, and the choices of the rule form's scope.
 */

/** One rule as /alerts/rules shows and edits it (no secret; thresholds as fields with units). */
export type AdminRuleRow = {
  id: string;
  name: string;
  /** Rule type id; `known` false when this version has no schema for it (its thresholds are then shown as stored). */
  type: string;
  known: boolean;
  builtIn: boolean;
  scope: string;
  scopeValue: string | null;
  /** "Fleet", the site's or device's name, or the tag; "(missing)" when the site or device is gone. */
  scopeLabel: string;
  severity: string;
  enabled: boolean;
  thresholds: ThresholdField[];
  /** The stored thresholds JSON (shown for a type without fields it knows). */
  thresholdsJson: string;
  firing: number;
  pending: number;
};

/**
 * Every rule by name (built-in first), with open alert counts.
 * @param ids only these rules (the edit page reads one)
 */
export async function listAdminRules(db: Db, ids?: string[]): Promise<AdminRuleRow[]> {
  const rules = await db.alertRule.findMany({ where: ids ? { id: { in: ids } } : {}, orderBy: { name: "asc" } });
  const counts = await db.alert.groupBy({
    by: ["ruleId", "state"],
    where: { state: { in: ["firing", "pending"] }, ...(ids ? { ruleId: { in: ids } } : {}) },
    _count: { _all: true },
  });
  const scoped = (scope: string) => rules.filter((r) => r.scope === scope && r.scopeValue).map((r) => r.scopeValue ?? "");
  const [sites, devices] = await Promise.all([
    db.site.findMany({ where: { id: { in: scoped("site") } }, select: { id: true, name: true } }),
    db.device.findMany({ where: { id: { in: scoped("device") } }, select: { id: true, name: true } }),
  ]);
  const names = new Map([...sites, ...devices].map((x) => [x.id, x.name]));
  const count = (ruleId: string, state: string) => counts.find((c) => c.ruleId === ruleId && c.state === state)?._count._all ?? 0;
  const rows = rules.map((r): AdminRuleRow => {
    const stored = JSON.parse(r.thresholds) as Record<string, unknown>;
    const scopeLabel = r.scope === "fleet" ? "Fleet" : r.scope === "tag" ? (r.scopeValue ?? "") : (names.get(r.scopeValue ?? "") ?? "(missing)");
    return {
      id: r.id,
      name: r.name,
      type: r.type,
      known: isRuleType(r.type),
      builtIn: isBuiltInRuleName(r.name),
      scope: r.scope,
      scopeValue: r.scopeValue,
      scopeLabel,
      severity: r.severity,
      enabled: r.enabled,
      thresholds: thresholdFields(r.type, stored),
      thresholdsJson: r.thresholds,
      firing: count(r.id, "firing"),
      pending: count(r.id, "pending"),
    };
  });
  return rows.sort((a, b) => Number(b.builtIn) - Number(a.builtIn));
}

/** Device names offered in the scope's device field (a datalist; any device name is accepted). */
const DEVICE_CHOICES = 2000;

/** The choices of a rule's or an allow-list entry's scope: sites, tags in use and device names (the first 2,000). */
export async function scopeChoices(db: Db): Promise<{ sites: { id: string; name: string }[]; tags: string[]; devices: string[]; types: string[] }> {
  const [sites, tags, devices] = await Promise.all([
    db.site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.deviceTag.findMany({ distinct: ["tag"], select: { tag: true }, orderBy: { tag: "asc" }, take: 500 }),
    db.device.findMany({ select: { name: true }, orderBy: { name: "asc" }, take: DEVICE_CHOICES }),
  ]);
  return { sites, tags: tags.map((t) => t.tag), devices: devices.map((d) => d.name), types: [...RULE_TYPES] };
}

/** The id of the device named `name` (Device.name is unique), or null. */
export async function deviceIdByName(db: Db, name: string): Promise<string | null> {
  return (await db.device.findUnique({ where: { name }, select: { id: true } }))?.id ?? null;
}
