import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * Imports from outside lib/routeros go through its public entry points: the barrel (`lib/routeros`, server code)
 * and `lib/routeros/version` (pure version gates, also used by client components and the simulator). Router
 * recordings under `lib/routeros/testdata` are test fixtures: tests anywhere may use them.
 */
const ROUTEROS_INTERNALS = {
  regex: "(^|/)routeros/(?!(version|index)$|testdata/)",
  message: "Import the RouterOS client from its barrel (lib/routeros) or lib/routeros/version, not its internal modules.",
};
const ROUTEROS_TESTDATA = {
  regex: "(^|/)routeros/testdata/",
  message: "RouterOS recordings (lib/routeros/testdata) are test fixtures: only tests import them.",
};

const config = [
  ...next,
  ...nextTs,
  {
    ignores: ["lib/generated/**", ".next/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "data/**", ".tmp/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Type-aware rules: a promise is awaited, returned or explicitly `void`ed, and never passed where a
    // void callback is expected (an event handler, a forEach body).
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.mjs"],
    ignores: ["lib/routeros/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTEROS_INTERNALS, ROUTEROS_TESTDATA] }] },
  },
  {
    files: ["**/*.test.ts", "**/testdata/**"],
    ignores: ["lib/routeros/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTEROS_INTERNALS] }] },
  },
];

export default config;
