/**
 * Shared types of the RouterOS REST simulator (sim/). Every value on the wire is a string, as on
 * RouterOS; rows carry `.id` (`*` + upper-case hex).
 */

/** One printed RouterOS row: every value a string, `.id` first when the menu has ids. */
export type Row = Record<string, string>;

/** A row held in a router's table (RouterState.insert gives every one its `.id`), so `.id` is always there. */
export type StoredRow = Row & { ".id": string };

/** Wall clock in milliseconds since the Unix epoch (UTC). Injectable so tests can advance time. */
export type Clock = () => number;

/** The public facts about one virtual router, as served by `GET /_sim/routers`. */
export interface SimRouterInfo {
  /** URL path segment and identity seed, e.g. `guide-macserver`, `edge-par-01`. */
  name: string;
  /** `${simulator.url}/${name}`; the RouterOS client appends `/rest`. */
  apiUrl: string;
  /** REST user (HTTP Basic), member of a group with the `policies` below. */
  username: string;
  password: string;
  /**
   * The REST user's group policies (RouterOS names), by default `read`, `write`, `api`, `rest-api`,
   * `sensitive`; changed with `PUT /_sim/routers/<name>/user`. Modelled (see rest-handler.ts): without
   * `rest-api` every request is 401; without `read`, GET and POST print/get/monitor/monitor-traffic
   * answer 500 `not enough permissions (9)`; without `write`, so do PUT, PATCH, DELETE and every other
   * command; without `sensitive`, `cak` is left out of every reply. Other policies change nothing.
   */
  policies: string[];
  /** RouterOS version without channel, one of the schema versions (e.g. `7.23.3`). */
  version: string;
  /** Suggested site name, e.g. `Paris-DC1`. */
  site: string;
  tags: string[];
  /** `guide-macserver`, `guide-isp-dhcp`, `guide-soho-macvlan`, `guide-macsec`, `edge`, `core`, `access`. */
  role: string;
}

/** Every RouterOS user-group policy name (`/user/group` `policy`), as accepted by `PUT /_sim/routers/<name>/user`. */
export const USER_POLICIES = [
  "local",
  "telnet",
  "ssh",
  "ftp",
  "reboot",
  "read",
  "write",
  "policy",
  "test",
  "winbox",
  "password",
  "web",
  "sniff",
  "sensitive",
  "api",
  "romon",
  "rest-api",
] as const;

/** The REST user's default policies in the simulator. */
export const DEFAULT_POLICIES: readonly string[] = ["read", "write", "api", "rest-api", "sensitive"];

/** A running simulator, as returned by startSimulator(). */
export interface Simulator {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  routers: SimRouterInfo[];
  /** Stops listening, destroys open (and hanging) connections. */
  close(): Promise<void>;
}

/**
 * Fault modes that `PUT /_sim/routers/<name>/fault` can inject into a router's /rest requests.
 * `latency` and `apply-then-hang` perform the request at once (a write takes effect) and only hold the
 * reply (`latency`: for latencyMs, default 1000; `apply-then-hang`: for latencyMs, default never), so a
 * client timeout happens after the router applied the write. `late-apply` holds the request for
 * latencyMs (default 1000) and only then performs it and answers, so a client that gave up earlier
 * finds the object absent at first and present later (RouterOS may carry out a request until its own
 * 60 s cut, docs/routeros.md). `hang`, `reset`, `http500`, `garbage` and `unauthorized` never perform the request.
 */
export const FAULT_MODES = ["none", "latency", "hang", "apply-then-hang", "late-apply", "reset", "http500", "garbage", "unauthorized"] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/**
 * The methods a fault can be limited to: HTTP verbs, with a POST whose command is `print` counted as
 * `PRINT` (it is a read), so `["PUT","PATCH","DELETE","POST"]` means "every write".
 */
export const FAULT_METHODS = ["GET", "PRINT", "PUT", "PATCH", "DELETE", "POST"] as const;
export type FaultMethod = (typeof FAULT_METHODS)[number];

/**
 * An active fault. Only requests whose method is in `methods` (all when absent) are considered; of
 * those the first `skip` pass untouched, then it applies to the next `count` (undefined = until cleared).
 */
export interface Fault {
  mode: FaultMode;
  latencyMs?: number;
  count?: number;
  skip?: number;
  methods?: FaultMethod[];
}
