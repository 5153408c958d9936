import type { InterfaceListDto, MacServerReachDto, MacServerService } from "./router-view-dto";

/** RouterOS's built-in interface lists whose members are implicit (docs/routeros.md "What the device page reads live"). */
const IMPLICIT_LISTS = new Set(["dynamic", "static"]);

/** Include/exclude chains deeper than this are not followed (RouterOS refuses loops; this only bounds the walk). */
const MAX_DEPTH = 8;

function members(byName: ReadonlyMap<string, InterfaceListDto>, name: string, depth: number): Set<string> {
  const list = byName.get(name);
  if (!list || depth > MAX_DEPTH) return new Set();
  const out = new Set(list.members.filter((m) => !m.disabled).map((m) => m.interface));
  for (const included of list.include) for (const i of members(byName, included, depth + 1)) out.add(i);
  for (const excluded of list.exclude) for (const i of members(byName, excluded, depth + 1)) out.delete(i);
  return out;
}

/**
 * Where a MAC server service answers, from its `allowed-interface-list` and the router's interface lists:
 * `all` → every interface, `none` → no interface, `dynamic`/`static` → the built-in list's implicit members,
 * a list that does not exist → `missing`, any other list → its enabled members, plus those of the lists it
 * `include`s, minus those of the lists it `exclude`s (sorted). Pure.
 * @param lists every `/interface/list` with its `/interface/list/member` rows
 */
export function macServerReach(service: MacServerService, allowedInterfaceList: string, lists: readonly InterfaceListDto[]): MacServerReachDto {
  const base = { service, allowedInterfaceList };
  if (allowedInterfaceList === "all" || allowedInterfaceList === "none") return { ...base, kind: allowedInterfaceList, interfaces: [] };
  const byName = new Map(lists.map((l) => [l.name, l]));
  const list = byName.get(allowedInterfaceList);
  if (!list) return { ...base, kind: "missing", interfaces: [] };
  if (list.builtin && IMPLICIT_LISTS.has(list.name)) return { ...base, kind: "builtin", interfaces: [] };
  return { ...base, kind: "members", interfaces: [...members(byName, list.name, 0)].sort() };
}
