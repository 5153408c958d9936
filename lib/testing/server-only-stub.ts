// vitest alias target for "server-only": importing it outside Next is allowed in tests.
export {};
