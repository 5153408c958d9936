import type { Metadata } from "next";
import { FirewallView } from "@/components/device/firewall-view";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "Firewall" };

/** Firewall tab: `/ip/firewall/filter` and `/ip/firewall/nat` rules in order with their counters, read from the router by the browser. */
export default async function FirewallPage(props: DeviceTabProps) {
  const { id } = await getDeviceTabContext(props);
  return <FirewallView deviceId={id} />;
}
