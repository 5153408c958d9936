import "server-only";
import { z } from "zod";
import { ipNetworkListSchema } from "./auth/ip-networks";

/**
 * The process environment, parsed once with zod. Nothing else in the code base reads `process.env`.
 * Secrets: NEXTAUTH_SECRET signs sessions; SECRET_KEY (32 bytes, base64) seals router passwords and
 * MACsec CAKs with AES-256-GCM (lib/crypto/seal.ts).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).default("file:./data/app.db"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.url().optional(),
  /** TCP port the web server listens on (`next start` sets it): routers may not point at it on this host. */
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "SECRET_KEY must be 32 bytes, base64-encoded")
    .optional(),
  POLL_INTERVAL_SEC: z.coerce.number().int().min(1).max(3600).default(60),
  POLL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  /** Slow-cadence reads (identity, routerboard, MAC server settings, MACVLAN definitions) at most this many seconds apart (docs/reliability.md). */
  POLL_SLOW_READ_SEC: z.coerce.number().int().min(1).max(86_400).default(600),
  /**
   * Seconds a poller's claim on a router outlives the poller: renewed every third of it while the process runs, so a
   * dead worker's routers are claimed by another worker at most this long (plus one tick) after it died.
   */
  POLL_LEASE_SEC: z.coerce.number().int().min(3).max(600).default(20),
  ROUTEROS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(55_000).default(5_000),
  ROUTEROS_TIMEOUT_MS: z.coerce.number().int().min(100).max(55_000).default(20_000),
  /** How often the worker's change runner looks for due change requests, ms (e2e: 500). */
  CHANGE_RUNNER_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** How often the worker looks for due configuration backups, ms (lib/backups/schedule.ts; e2e: 500). */
  CONFIG_BACKUP_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** How often the worker evaluates the alert rules and sends due notifications, ms (lib/alerts/runner.ts). */
  ALERT_EVALUATE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** A new notification waits this many seconds for more alerts of its rule and site (one message for a site going dark). */
  ALERT_GROUP_WAIT_SEC: z.coerce.number().int().min(0).max(3_600).default(10),
  /** A firing alert nobody acknowledged is notified again after this many minutes (0 = never). */
  ALERT_REPEAT_MINUTES: z.coerce.number().int().min(0).max(10_080).default(240),
  /** Raw metric samples (one per series and poll) are kept this many hours (lib/metrics/rollup.ts). */
  RAW_RETENTION_HOURS: z.coerce.number().min(1).default(48),
  /** 5-minute rollups (average, min, max) are kept this many days. */
  ROLLUP_5M_RETENTION_DAYS: z.coerce.number().min(1).default(30),
  /** 1-hour rollups (built from the 5-minute ones) are kept this many days. */
  ROLLUP_1H_RETENTION_DAYS: z.coerce.number().min(1).default(365),
  /** Renamed: refused with a message, so a setting made for the old name is not silently ignored. */
  ROLLUP_RETENTION_DAYS: z
    .undefined({ error: "renamed to ROLLUP_5M_RETENTION_DAYS (5-minute rollups, default 30); 1-hour rollups: ROLLUP_1H_RETENTION_DAYS (default 365)" })
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Reverse proxies whose X-Forwarded-For is believed: comma-separated IPs / CIDR networks, parsed to a list
   * (default none: the TCP peer is the client). See lib/auth/request-meta.ts clientIpFromHeaders.
   */
  TRUSTED_PROXIES: ipNetworkListSchema.default([]),
  /** A signed-in session unused for longer than this many minutes ends (lib/auth/sessions.ts). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(480).default(30),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Returns the parsed environment; throws a readable error listing every invalid variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

/** Returns a variable that must be set in this process (e.g. SECRET_KEY in the server and poller). */
export function requireEnv<K extends keyof Env>(key: K): NonNullable<Env[K]> {
  const value = getEnv()[key];
  if (value === undefined || value === null) throw new Error(`${String(key)} is not set (see README, Configuration)`);
  return value as NonNullable<Env[K]>;
}

/** For tests only: forget the parsed environment so a changed process.env is read again. */
export function resetEnvForTests(): void {
  cached = undefined;
}
