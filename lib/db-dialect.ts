import { Prisma } from "./generated/prisma/client";

/**
 * The few places where SQLite and PostgreSQL differ for lib/ (docs/architecture.md, "Two databases"). Everything else
 * uses the Prisma query API or raw SQL that runs on both (quoted identifiers, standard functions).
 */

/** The database behind a client: SQLite (a `file:` URL) or PostgreSQL (`postgresql://` / `postgres://`). */
export type DbProvider = "sqlite" | "postgresql";

/** The provider a DATABASE_URL selects: `postgresql://` or `postgres://` is PostgreSQL, anything else SQLite (`file:`). */
export function providerOfUrl(url: string): DbProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/**
 * The provider of a Prisma client or of the client inside one of its transactions. Read from the generated client
 * (`_activeProvider`, the schema's datasource provider), which a transaction client forwards.
 * @throws Error for an object that is not a client of lib/generated/prisma or lib/generated/prisma-pg
 */
export function dbProvider(db: object): DbProvider {
  const provider = (db as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`not a Prisma client of this project (provider ${String(provider)})`);
}

/**
 * A Prisma string filter matching values that contain `text`, ignoring ASCII case on both databases: SQLite's LIKE
 * (what `contains` becomes) already ignores it; PostgreSQL's does not, so there it adds `mode: "insensitive"` (ILIKE),
 * which the SQLite client does not accept (and its types do not have).
 */
export function containsText(db: object, text: string): { contains: string } {
  return dbProvider(db) === "postgresql" ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}

/**
 * SQL for the number stored under `key` in the JSON object text of `column` (NULL when absent or null), as a double:
 * SQLite `CAST(json_extract(column, '$.key') AS REAL)`, PostgreSQL `CAST((column::jsonb ->> 'key') AS DOUBLE PRECISION)`.
 * @param key a JSON member name of letters, digits and underscores (inlined into the SQL)
 * @throws Error for any other key
 */
export function jsonNumber(db: object, column: Prisma.Sql, key: string): Prisma.Sql {
  if (!/^\w+$/.test(key)) throw new Error(`JSON key ${JSON.stringify(key)} is not a plain member name`);
  return dbProvider(db) === "postgresql"
    ? Prisma.sql`CAST((CAST(${column} AS JSONB) ->> ${Prisma.raw(`'${key}'`)}) AS DOUBLE PRECISION)`
    : Prisma.sql`CAST(json_extract(${column}, ${Prisma.raw(`'$.${key}'`)}) AS REAL)`;
}

/**
 * SQL for the JSON object text of `column` parsed once, for a subquery whose outer query reads several members with
 * {@link jsonNumber}: PostgreSQL `CAST(column AS JSONB)` (jsonNumber's own cast is then a no-op instead of a parse per
 * member), SQLite the text itself (its JSON functions read text).
 */
export function jsonDocument(db: object, column: Prisma.Sql): Prisma.Sql {
  return dbProvider(db) === "postgresql" ? Prisma.sql`CAST(${column} AS JSONB)` : column;
}
