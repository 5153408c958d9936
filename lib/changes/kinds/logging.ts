import "server-only";
import { z } from "zod";
import { isLogTopic } from "../../router-logs/topics";
import { routerOsName } from "../../validation/routeros";
import { safeText } from "../../validation/text";
import type { ChangeKind, PlanContext } from "../kind";
import type { ChangePlan, ObjectRef } from "../types";
import { kindInfo } from "./catalog";
import { fieldError, isTrue, optionalParam, readExisting, readSnapshot } from "./shared";

/**
 * The logging kinds: `/system/logging` rules addressed by (topics, action) (docs/routeros.md, "System logging").
 * `logging.add` turns a topic on (e.g. `topics=mac-server`, the MAC server guides' troubleshooting step);
 * `logging.remove` removes such a rule, never one of RouterOS's default rules (`default=true`).
 */

/**
 * `topics`: a comma list of RouterOS log topics (lib/router-logs/topics.ts), each optionally negated with `!`, at
 * least one not negated, none twice; spaces around the commas are dropped (`mac-server, !debug` → `mac-server,!debug`).
 */
export const loggingTopics = z
  .string()
  .max(300, "topics is at most 300 characters")
  .transform((v) =>
    v
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean)
      .join(","),
  )
  .superRefine((value, ctx) => {
    const words = value === "" ? [] : value.split(",");
    const bad = words.filter((w) => !isLogTopic(w.replace(/^!/, "")));
    if (words.length === 0) ctx.addIssue({ code: "custom", message: "topics takes one or more RouterOS log topics, e.g. mac-server" });
    else if (bad.length > 0) ctx.addIssue({ code: "custom", message: `${bad.join(", ")}: not a RouterOS log topic` });
    else if (new Set(words.map((w) => w.replace(/^!/, ""))).size !== words.length) ctx.addIssue({ code: "custom", message: "topics names a topic twice" });
    else if (words.every((w) => w.startsWith("!"))) ctx.addIssue({ code: "custom", message: "topics needs at least one topic that is not negated (!)" });
  });

/** `action`: an action name; empty = `memory` (RouterOS's default for a new rule). */
const actionParam = z.preprocess((v) => (v === "" || v === null || v === undefined ? "memory" : v), routerOsName);

const addSchema = z.strictObject({ topics: loggingTopics, action: actionParam, prefix: optionalParam(safeText("prefix", 64)) });
const removeSchema = z.strictObject({ topics: loggingTopics, action: actionParam });

/** `/system/logging` rule by (topics, action), with its writable `prefix`, `regex` (7.20+) and `disabled`. */
export function loggingRuleRef(topics: string, action: string): ObjectRef {
  return {
    menu: "/system/logging",
    key: { topics, action },
    fields: ["prefix", "regex", "disabled"],
    displayFields: ["default", "invalid"],
    label: `/system/logging topics=${topics} action=${action}`,
  };
}

/** `/system/logging/action` by name: a guard (it must exist) with its `target` for the preview. */
export function loggingActionRef(name: string): ObjectRef {
  return { menu: "/system/logging/action", key: { name }, fields: [], displayFields: ["target"], label: `/system/logging/action ${name}` };
}

/** The action, which must exist; PlanError on `action` naming the router's actions otherwise. */
async function readAction(ctx: PlanContext, name: string) {
  const names = async () => (await ctx.client.print("/system/logging/action", { proplist: ["name"] })).map((a) => a.name ?? "?").join(", ");
  const snap = await readSnapshot(ctx.client, loggingActionRef(name), "action");
  if (snap.values === null) throw fieldError("action", `logging action ${name} does not exist on this router (it has ${await names()})`);
  return { ref: snap.ref, values: snap.values };
}

/** `logging.add`: `/system/logging add topics=<topics> action=<action> [prefix=<prefix>]`. */
export const loggingAddKind: ChangeKind<typeof addSchema> = {
  info: kindInfo("logging.add"),
  schema: addSchema,
  describe: (p) => `Log topics ${p.topics} to ${p.action} (/system/logging)`,
  async plan(p, ctx): Promise<ChangePlan> {
    const action = await readAction(ctx, p.action);
    const rule = await readSnapshot(ctx.client, loggingRuleRef(p.topics, p.action), "topics");
    if (rule.values !== null) {
      const state = isTrue(rule.values.disabled) ? " (disabled)" : "";
      throw fieldError("topics", `a /system/logging rule for topics ${p.topics} to ${p.action} already exists${state}`);
    }
    const values: Record<string, string> = { topics: p.topics, action: p.action };
    if (p.prefix !== undefined) values.prefix = p.prefix;
    const target = action.values.target;
    return {
      base: [action, rule],
      ops: [{ op: "add", ref: rule.ref, values }],
      disruptsInterfaces: [],
      notes:
        target === "memory" ? [] : [`action ${p.action} has target=${target ?? "?"}: these entries will not show on the Logs tab (it reads the memory log)`],
    };
  },
};

/** `logging.remove`: removes the `/system/logging` rule (topics, action); refused for a default rule. */
export const loggingRemoveKind: ChangeKind<typeof removeSchema> = {
  info: kindInfo("logging.remove"),
  schema: removeSchema,
  describe: (p) => `Stop logging topics ${p.topics} to ${p.action} (remove the /system/logging rule)`,
  async plan(p, ctx): Promise<ChangePlan> {
    const rule = await readExisting(
      ctx.client,
      loggingRuleRef(p.topics, p.action),
      "topics",
      `no /system/logging rule for topics ${p.topics} to ${p.action} on this router`,
    );
    if (isTrue(rule.values.default))
      throw fieldError("topics", `topics=${p.topics} action=${p.action} is one of RouterOS's default logging rules: it cannot be removed`);
    return { base: [rule], ops: [{ op: "remove", ref: rule.ref }], disruptsInterfaces: [], notes: [] };
  },
};
