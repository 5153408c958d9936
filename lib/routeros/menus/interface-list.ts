import { z } from "zod";
import type { RouterOsClient } from "../client";
import { flag, id, parseRows, text } from "./parse";

/** One `/interface/list` entry (`all`, `none`, `dynamic`, `static` are built in). */
export interface InterfaceList {
  id: string;
  name: string;
  builtin: boolean;
  dynamic: boolean;
  /** Lists whose members this list also holds (`include`, comma-separated in RouterOS; split here). */
  include: string[];
  /** Lists whose members this list leaves out (`exclude`). */
  exclude: string[];
  comment: string | null;
}

/** One `/interface/list/member` entry: interface `interface` belongs to list `list`. */
export interface InterfaceListMember {
  id: string;
  list: string;
  interface: string;
  disabled: boolean;
  dynamic: boolean;
  comment: string | null;
}

const names = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").filter((s) => s !== "") : []));

const listSchema = z
  .object({ ".id": id, name: z.string(), builtin: flag, dynamic: flag, include: names, exclude: names, comment: text })
  .transform((r): InterfaceList => ({
    id: r[".id"],
    name: r.name,
    builtin: r.builtin,
    dynamic: r.dynamic,
    include: r.include,
    exclude: r.exclude,
    comment: r.comment,
  }));

const memberSchema = z
  .object({ ".id": id, list: z.string(), interface: z.string(), disabled: flag, dynamic: flag, comment: text })
  .transform((r): InterfaceListMember => ({
    id: r[".id"],
    list: r.list,
    interface: r.interface,
    disabled: r.disabled,
    dynamic: r.dynamic,
    comment: r.comment,
  }));

/** Lists interface lists (`GET /interface/list` with a `.proplist`). Throws RouterOsError subclasses. */
export async function listInterfaceLists(client: RouterOsClient): Promise<InterfaceList[]> {
  const rows = await client.print("/interface/list", { proplist: [".id", "name", "builtin", "dynamic", "include", "exclude", "comment"] });
  return parseRows(listSchema, rows, "/interface/list");
}

/**
 * Lists interface-list memberships (`GET /interface/list/member`), optionally only those of list `list`.
 * Throws RouterOsError subclasses.
 */
export async function listInterfaceListMembers(client: RouterOsClient, list?: string): Promise<InterfaceListMember[]> {
  const rows = await client.print("/interface/list/member", {
    proplist: [".id", "list", "interface", "disabled", "dynamic", "comment"],
    ...(list ? { where: { list } } : {}),
  });
  return parseRows(memberSchema, rows, "/interface/list/member");
}
