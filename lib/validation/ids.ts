import { z } from "zod";

/**
 * The id of one of our own database rows (Device, ChangeRequest, User...) as it arrives in a URL, a query
 * string or a form field: 1 to 128 characters of `A-Z a-z 0-9 _ -` (Prisma cuids, and the readable ids
 * seeds use). Not a RouterOS `.id` (those look like `*1A`). Checked before any database lookup, so a
 * malformed id is a 400/field error and never reaches a query.
 * Parsing throws (or `safeParse` reports) a ZodError with the message "invalid id".
 */
export const entityId = z
  .string()
  .min(1, "invalid id")
  .max(128, "invalid id")
  .regex(/^[A-Za-z0-9_-]+$/, "invalid id");
