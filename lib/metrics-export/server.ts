import "server-only";
import { auditActor, requirePermission } from "../auth/session";
import { db } from "../db";
import { sharedRead } from "../status/shared-read";
import { renderMetrics, type MetricsExposition } from "./exposition";
import * as tokens from "./tokens";
import type { MetricsTokenView } from "./tokens";

/**
 * The metrics export's data layer (CODE_STYLE.md "Data layer"): what /settings/metrics, its server actions and the
 * `GET /metrics` route handler call. Server-only, on the app's database (lib/db). Token administration needs
 * metrics.manage (requirePermission: the signed-in user from the session); {@link scrapeMetrics}'s permission is
 * the bearer token itself (no session).
 * @throws UnauthenticatedError when signed out, ForbiddenError without the permission (lib/auth/permissions.ts)
 */

/** Every metrics token (never the token or its hash), newest first. Permission: metrics.manage. */
export async function listMetricsTokens(): Promise<MetricsTokenView[]> {
  await requirePermission("metrics.manage");
  return tokens.listMetricsTokens(db);
}

/**
 * Creates a metrics token as the signed-in user (audited `metrics.token.create`). Permission: metrics.manage.
 * @returns the token to show ONCE, and its view
 */
export async function createMetricsToken(input: { name: string }): Promise<{ token: string; view: MetricsTokenView }> {
  const user = await requirePermission("metrics.manage");
  return tokens.createMetricsToken(db, await auditActor(user), input);
}

/** Revokes a metrics token as the signed-in user (audited `metrics.token.revoke`). Permission: metrics.manage. @throws MetricsTokenError */
export async function revokeMetricsToken(input: { id: string }): Promise<MetricsTokenView> {
  const user = await requirePermission("metrics.manage");
  return tokens.revokeMetricsToken(db, await auditActor(user), input);
}

/**
 * How long (ms) one rendered exposition is reused: scrapes arriving together (a pair of Prometheus servers, a retry)
 * share one render, which costs seconds at 10,000 routers (bench/metrics.ts). Far below any sensible scrape interval.
 */
const EXPOSITION_TTL_MS = 5_000;

/** The exposition, rendered at most once per EXPOSITION_TTL_MS in this process (lib/status/shared-read.ts). */
const readExposition = sharedRead(EXPOSITION_TTL_MS, () => renderMetrics(db));

/**
 * The Prometheus exposition (at most EXPOSITION_TTL_MS old) for a scrape carrying `authorization` (the request's `Authorization` header value): null
 * unless it is `Bearer <token>` of an active metrics token (lib/metrics-export/tokens.ts verifyMetricsToken; the
 * caller answers 401). No session: the token is the permission.
 */
export async function scrapeMetrics(authorization: string | null): Promise<MetricsExposition | null> {
  if (!(await tokens.verifyMetricsToken(db, tokens.bearerToken(authorization)))) return null;
  return readExposition();
}
