import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { getMacServerState } from "@/lib/data/device-detail";
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
 * Async server component.
 */
export async function MacServerSettings({ id }: { id: string }) {
  const s = await getMacServerState(id);
  if (!s) notFound();
  return (
    <Card title="MAC server settings" actions={<span className="text-xs text-slate-500">read <Time value={s.lastPollAt} relative /></span>}>
      <FactList
        testId="mac-server-settings"
        facts={[
          { label: "MAC-Telnet allowed-interface-list", value: listValue(s.macTelnetAllowedList) },
          { label: "MAC-Winbox allowed-interface-list", value: listValue(s.macWinboxAllowedList) },
          { label: "MAC ping", value: s.macPingEnabled === null ? null : s.macPingEnabled ? "enabled" : "disabled" },
        ]}
      />
    </Card>
  );
}
