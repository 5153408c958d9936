/**
 * Recognising Prisma errors that callers handle (client-safe: no imports).
 */

/** True for Prisma's unique-constraint violation (P2002): a row with the same unique key already exists. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}
