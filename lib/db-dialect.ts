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
