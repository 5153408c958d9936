import "server-only";
import { z } from "zod";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { clampPage } from "../pagination";
import { SEVERITIES } from "./rule-types";

/**
 * Reads of the alerts page (Db-parameterised; lib/alerts/server.ts binds them to the session): the alert list with its
 * filters and pages, the count of firing alerts for the navigation, and the choices of the filter selects.
 */

/** Which alerts: `open` (pending or firing, the default), `firing` (not acknowledged), `acknowledged` (firing), `resolved`. */
export const ALERT_VIEWS = ["open", "firing", "acknowledged", "resolved"] as const;

/** The list's filters from the URL (every field optional; unknown values refused). */
export const alertFilterSchema = z.object({
  view: z.enum(ALERT_VIEWS).catch("open"),
  siteId: z.string().max(100).optional().catch(undefined),
  deviceId: z.string().max(100).optional().catch(undefined),
  ruleId: z.string().max(100).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});
export type AlertFilter = z.infer<typeof alertFilterSchema>;

/** One alert row of the page (no secret; times UTC). */
export type AlertRow = {
  id: string;
  state: string;
  rule: { id: string; name: string; severity: string };
  device: { id: string; name: string } | null;
  siteName: string | null;
  subject: string;
  values: Record<string, unknown>;
  firstSeenAt: Date;
  firedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  ackNote: string | null;
  silencedUntil: Date | null;
  /** silencedUntil is after the time of the read. */
  silenced: boolean;
};

export const ALERTS_PAGE_SIZE = 50;

function whereOf(f: AlertFilter): Prisma.AlertWhereInput {
  const view: Prisma.AlertWhereInput =
    f.view === "open"
      ? { state: { in: ["pending", "firing"] } }
      : f.view === "firing"
        ? { state: "firing", acknowledgedAt: null }
        : f.view === "acknowledged"
          ? { state: "firing", acknowledgedAt: { not: null } }
          : { state: "resolved" };
  return {
    ...view,
    ...(f.siteId ? { siteId: f.siteId } : {}),
    ...(f.deviceId ? { deviceId: f.deviceId } : {}),
    ...(f.ruleId ? { ruleId: f.ruleId } : {}),
    ...(f.severity ? { rule: { severity: f.severity } } : {}),
  };
}

/**
 * One page of alerts matching `filter`, newest first (resolved: by resolution time).
 * @returns the rows and the page numbers (page clamped to the last one)
 */
export async function listAlerts(db: Db, filter: AlertFilter): Promise<{ rows: AlertRow[]; page: number; pageCount: number; total: number; pageSize: number }> {
  const where = whereOf(filter);
  const total = await db.alert.count({ where });
  const { page, pageCount } = clampPage(filter.page, total, ALERTS_PAGE_SIZE);
  const rows = await db.alert.findMany({
    where,
    orderBy: filter.view === "resolved" ? [{ resolvedAt: "desc" }, { id: "asc" }] : [{ firstSeenAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * ALERTS_PAGE_SIZE,
    take: ALERTS_PAGE_SIZE,
    select: {
      id: true,
      state: true,
      subject: true,
      values: true,
      firstSeenAt: true,
      firedAt: true,
      resolvedAt: true,
      acknowledgedAt: true,
      ackNote: true,
      silencedUntil: true,
      rule: { select: { id: true, name: true, severity: true } },
      device: { select: { id: true, name: true, site: { select: { name: true } } } },
    },
  });
  const now = Date.now();
  return {
    rows: rows.map(({ device, values, ...a }) => ({
      ...a,
      silenced: a.silencedUntil !== null && a.silencedUntil.getTime() > now,
      values: JSON.parse(values) as Record<string, unknown>,
      device: device ? { id: device.id, name: device.name } : null,
      siteName: device?.site.name ?? null,
    })),
    page,
    pageCount,
    total,
    pageSize: ALERTS_PAGE_SIZE,
  };
}

/** Firing alerts nobody acknowledged (the navigation's count). */
export function countUnacknowledgedFiring(db: Db): Promise<number> {
  return db.alert.count({ where: { state: "firing", acknowledgedAt: null } });
}

/** The choices of the page's filter selects: sites and rules by name. */
export async function alertFilterChoices(db: Db): Promise<{ sites: { id: string; name: string }[]; rules: { id: string; name: string }[] }> {
  const [sites, rules] = await Promise.all([
    db.site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.alertRule.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { sites, rules };
}
