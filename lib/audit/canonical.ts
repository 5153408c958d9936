import { createHash } from "node:crypto";

/** 64 zeros: the prevHash of the first event in the chain. */
export const GENESIS_HASH = "0".repeat(64);

const SECRET_KEY = /pass(word)?|cak|secret|token|authorization|sealed/i;

/**
 * Returns a copy of `value` with every secret-looking field (password, cak, secret, token, sealed...)
 * replaced by "[redacted]"; dates become ISO 8601 UTC strings. Applied to before/after of every audit event.
 */
export function redactSecrets(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redactSecrets(v)]));
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Canonical JSON: keys sorted recursively, no whitespace; bigints as decimal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The content of an audit event that its hash covers (every column but id and hash). */
export interface AuditContent {
  ts: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: string | null;
  after: string | null;
  requestId: string | null;
  clientIp: string | null;
  prevHash: string;
}

/** SHA-256 (hex) of prevHash + canonical JSON of the event's content. */
export function hashEvent(content: AuditContent): string {
  return createHash("sha256").update(content.prevHash).update(canonicalJson(content)).digest("hex");
}
