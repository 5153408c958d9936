/**
 * Recognising Prisma errors that callers handle (client-safe: no imports).
 */

/** True for Prisma's unique-constraint violation (P2002): a row with the same unique key already exists. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}

/**
 * True when a SQLite trigger aborted the statement with `message` (`RAISE(ABORT, message)`): Prisma's
 * driver adapter reports it as P2003 with the SQLite message in `meta.driverAdapterError.cause`.
 */
export function isTriggerAbort(err: unknown, message: string): boolean {
  if (typeof err !== "object" || err === null) return false;
  const meta = (err as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } }).meta;
  return meta?.driverAdapterError?.cause?.originalMessage === message;
}
