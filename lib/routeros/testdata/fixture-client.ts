import { afterEach } from "vitest";
import { RouterOsClient } from "../client";
import { startFixtureServer, type FixtureRoute, type FixtureServer } from "./fixture-server";

/** A fixture server and a client on it, for one test. */
export interface FixtureClient {
  /** Starts a fixture server answering `routes` and a RouterOsClient on it (no retries). */
  clientFor(routes: Record<string, FixtureRoute>): Promise<RouterOsClient>;
  /** The server of the current test (its recorded requests), or undefined before clientFor. */
  readonly server: FixtureServer | undefined;
}

/**
 * For menu tests: call once at the top of a test file; the server and client are closed after each test.
 */
export function fixtureClient(): FixtureClient {
  let server: FixtureServer | undefined;
  let client: RouterOsClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });
  return {
    async clientFor(routes) {
      server = await startFixtureServer(routes);
      client = new RouterOsClient({ apiUrl: server.url, username: "noc", password: "x", maxRetries: 0 });
      return client;
    },
    get server() {
      return server;
    },
  };
}
