import { expect } from "@playwright/test";
import { compareVersions } from "../lib/routeros/version";
import type { Fault } from "../sim/types";
import { SIM_URL } from "./accounts";

/** One simulated router as the simulator's control API lists it (`GET /_sim/routers`), credentials included. */
export interface SimRouter {
  name: string;
  apiUrl: string;
  username: string;
  password: string;
  version: string;
  site: string;
  role: string;
}

/** Every router of the e2e fleet (`GET ${SIM_URL}/_sim/routers`). */
export async function simRouters(): Promise<SimRouter[]> {
  const res = await fetch(`${SIM_URL}/_sim/routers`);
  expect(res.status, "GET /_sim/routers").toBe(200);
  return (await res.json()) as SimRouter[];
}

/** The simulated router called `name`; throws when the simulator has none. */
export async function simRouter(name: string): Promise<SimRouter> {
  const router = (await simRouters()).find((r) => r.name === name);
  if (!router) throw new Error(`simulator has no router ${name}`);
  return router;
}

/**
 * Sets (`PUT /_sim/routers/<name>/fault`) or, with null, clears (`DELETE`) the fault the simulator injects
 * into a router's /rest requests (sim/types.ts `Fault`, e.g. `{ mode: "unauthorized" }`: every request gets 401).
 */
export async function setSimFault(name: string, fault: Fault | null): Promise<void> {
  const url = `${SIM_URL}/_sim/routers/${name}/fault`;
  const res = fault
    ? await fetch(url, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) })
    : await fetch(url, { method: "DELETE" });
  expect(res.ok, `${fault ? "PUT" : "DELETE"} ${url}`).toBe(true);
}

/** Basic-auth GET of a simulated router's RouterOS REST API (`<apiUrl>/rest<path>`), expecting 200; returns the JSON. */
export async function routerGet<T>(r: SimRouter, path: string): Promise<T> {
  const res = await fetch(`${r.apiUrl}/rest${path}`, { headers: { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}` } });
  expect(res.status, `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

/**
 * The `cak` of `/interface/macsec` `name` on a simulated router, as the router's REST user sees it:
 * `POST .../print` with `show-sensitive` from RouterOS 7.21 (hidden without it, docs/routeros.md), a
 * plain print before. Returns the rows (`name`, `cak`) the router answered.
 */
export async function routerMacsecCak(r: SimRouter, name: string): Promise<{ name: string; cak?: string }[]> {
  const showSensitive = compareVersions(r.version, "7.21") >= 0 ? { "show-sensitive": "" } : {};
  const res = await fetch(`${r.apiUrl}/rest/interface/macsec/print`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ ...showSensitive, ".query": [`name=${name}`], ".proplist": ["name", "cak"] }),
  });
  expect(res.status, `print ${name}`).toBe(200);
  return (await res.json()) as { name: string; cak?: string }[];
}
