/** Longest CSV text an address plan takes, in characters (5,000 rows with long comments stay under the app's 1 MiB body limit). Client-safe. */
export const CSV_MAX_CHARS = 900_000;
