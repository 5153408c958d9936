import Form from "next/form";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { readStoredMacServerSettings } from "@/lib/devices/server";
import { FactList } from "./fact-list";

function listValue(list: string | null) {
  if (list === null) return null;
  if (list === "all") return <span title="every interface">all</span>;
  if (list === "none") return <span title="disabled on every interface">none</span>;
  return <span className="font-mono">{list}</span>;
}

/**
 * MAC server settings as last read: `/tool/mac-server` `allowed-interface-list` (MAC-Telnet),
 * `/tool/mac-server/mac-winbox` `allowed-interface-list` and `/tool/mac-server/ping` `enabled`.
 * When `canPropose` (the viewer holds `changes.propose`) it also offers "Enable the MAC server on an
 * interface": a GET form to /changes/new (kind `mac-server.enable-on-interface`, this device, the
 * interface typed). Async server component (reads the device's polled state).
 */
export async function MacServerSettings({ id, canPropose }: { id: string; canPropose: boolean }) {
  const s = await readStoredMacServerSettings(id);
  if (!s) notFound();
  return (
    <Card
      title="MAC server settings"
      actions={
        <span className="text-xs text-slate-500">
          read <Time value={s.lastPollAt} relative />
        </span>
      }
    >
      <FactList
        testId="mac-server-settings"
        facts={[
          { label: "MAC-Telnet allowed-interface-list", value: listValue(s.macTelnetAllowedList) },
          { label: "MAC-Winbox allowed-interface-list", value: listValue(s.macWinboxAllowedList) },
          { label: "MAC ping", value: s.macPingEnabled === null ? null : s.macPingEnabled ? "enabled" : "disabled" },
        ]}
      />
      {canPropose && (
        <Form
          action="/changes/new"
          className="mt-4 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3"
          aria-label="Enable the MAC server on an interface"
          data-testid="enable-mac-server-form"
        >
          <input type="hidden" name="kind" value="mac-server.enable-on-interface" />
          <input type="hidden" name="device" value={id} />
          <div>
            <label htmlFor="enable-mac-server-interface" className="block text-xs font-medium text-slate-600">
              Enable the MAC server on interface
            </label>
            <input
              id="enable-mac-server-interface"
              name="interface"
              required
              maxLength={64}
              placeholder="vlan-68"
              autoComplete="off"
              className="mt-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand"
            />
          </div>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
          >
            Propose…
          </button>
        </Form>
      )}
    </Card>
  );
}
