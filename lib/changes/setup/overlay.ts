import "server-only";
import type { RouterOsClient, RouterOsPrintOptions, RouterOsRow } from "../../routeros";
import { sameValue } from "../router-objects";
import type { PlannedOp, PlanValue, RowSelector } from "../types";

/**
 * Interface menus whose rows also appear in `/interface` with `type` = the menu's last word (RouterOS
 * lists every interface there: docs/routeros.md). An add planned on one of them is seen by a later
 * step's `/interface` reads (a MACVLAN added in step 1 is the interface of the address in step 2).
 */
const INTERFACE_MENUS = new Set(["/interface/macvlan", "/interface/macsec", "/interface/vlan", "/interface/bridge", "/interface/bonding", "/interface/veth"]);

/** Stands for a secret value in overlay rows: planners never read secrets, and the real value is not needed to plan. */
const SECRET_PLACEHOLDER = "(secret)";

function plain(values: Record<string, PlanValue>): RouterOsRow {
  const out: RouterOsRow = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? v : SECRET_PLACEHOLDER;
  return out;
}

function matches(row: RouterOsRow, where: Record<string, string>): boolean {
  return Object.entries(where).every(([k, v]) => sameValue(row[k], v));
}

/**
 * What the earlier steps of a set-up will have done to one router, as a read-only view for planning the
 * later steps (docs/changes.md "Steps"): a planner of step N reads the router as if steps 1..N-1 were
 * applied, so that an address can be planned on the MACVLAN step 1 adds, or a DHCP server on the pool
 * step 3 adds. Nothing is written: `view(client)` returns a client whose `print` and `singleton` replay
 * the recorded ops over the router's real rows (adds appended, or placed before their `placeBefore`
 * row; sets merged; removes dropped) and whose writes throw. Rows it adds carry `.id` `*planned-<n>` and
 * a secret value as `(secret)`.
 *
 * Assumed, since a plan is only a forecast: an add on an interface menu (INTERFACE_MENUS) shows in
 * `/interface` as a row with its `name`, `type` and `disabled`, not `running` (RouterOS decides that once
 * it exists); other side effects (dynamic routes, DHCP leases) are not forecast.
 */
export class PlanOverlay {
  private readonly ops: PlannedOp[] = [];

  /** Records the ops of a planned step, in order. */
  record(ops: PlannedOp[]): void {
    this.ops.push(...ops);
  }

  /** True when an earlier step planned any op on `menu` (or, for `/interface`, on an interface menu). */
  touches(menu: string): boolean {
    return this.ops.some((op) => op.ref.menu === menu || (menu === "/interface" && INTERFACE_MENUS.has(op.ref.menu)));
  }

  /**
   * A read-only client over `client` that sees the recorded ops. Reads of menus no recorded op touches
   * go to the router unchanged; others read the whole menu (no `where`, no `.proplist`) and filter here.
   * @throws Error on any write (`add`, `set`, `remove`, `command`): planners only read
   */
  view(client: RouterOsClient): RouterOsClient {
    const view = Object.create(client) as RouterOsClient;
    const refuse = (): never => {
      throw new Error("a set-up step planner tried to write to the router: planning only reads");
    };
    view.add = refuse;
    view.set = refuse;
    view.remove = refuse;
    view.command = refuse;
    view.print = async (menu: string, opts: RouterOsPrintOptions = {}) => {
      if (!this.touches(menu)) return client.print(menu, opts);
      if (opts.query) throw new Error(`planning over earlier steps cannot evaluate a .query on ${menu}`);
      const rows = this.replay(menu, await client.print(menu, opts.args ? { args: opts.args } : {}));
      const where = opts.where ?? {};
      return rows.filter((r) => matches(r, where)).map((r) => (opts.proplist ? pick(r, opts.proplist) : r));
    };
    view.singleton = async (menu: string, proplist?: string[]) => {
      if (!this.touches(menu)) return client.singleton(menu, proplist);
      const [row] = this.replay(menu, [await client.singleton(menu)]);
      return proplist ? pick(row ?? {}, proplist) : (row ?? {});
    };
    return view;
  }

  /** The rows of `menu` after the recorded ops, in print order. */
  private replay(menu: string, real: RouterOsRow[]): RouterOsRow[] {
    let rows = real.map((r) => ({ ...r }));
    let planned = 0;
    for (const op of this.ops) {
      const derived = menu === "/interface" && INTERFACE_MENUS.has(op.ref.menu);
      if (op.ref.menu !== menu && !derived) continue;
      const key = derived ? { name: op.ref.key.name ?? "" } : op.ref.key;
      if (op.op === "remove") {
        rows = rows.filter((r) => !matches(r, key));
      } else if (op.op === "set") {
        const values = plain(op.values);
        const patch = derived ? pick(values, ["name", "disabled", "mtu"]) : values;
        rows = rows.map((r) => (op.ref.singleton || matches(r, key) ? { ...r, ...patch } : r));
      } else {
        const values = plain(op.values);
        const row: RouterOsRow = derived
          ? { ".id": `*planned-${++planned}`, name: values.name ?? "", type: op.ref.menu.split("/").pop() ?? "", disabled: values.disabled ?? "false" }
          : { ".id": `*planned-${++planned}`, ...op.ref.key, ...values };
        rows = insertBefore(rows, row, derived ? undefined : op.placeBefore);
      }
    }
    return rows;
  }
}

function pick(row: RouterOsRow, names: string[]): RouterOsRow {
  const out: RouterOsRow = {};
  for (const n of names) if (row[n] !== undefined) out[n] = row[n];
  return out;
}

/** `rows` with `row` inserted before the first static row matching `selector` (the end when none, or no selector). */
function insertBefore(rows: RouterOsRow[], row: RouterOsRow, selector: RowSelector | undefined): RouterOsRow[] {
  const at = selector ? rows.findIndex((r) => r.dynamic !== "true" && matches(r, selector.where)) : -1;
  return at < 0 ? [...rows, row] : [...rows.slice(0, at), row, ...rows.slice(at)];
}
