import type { Metadata } from "next";
import { AddressingView } from "@/components/device/addressing-view";
import { getDeviceTabContext, type DeviceTabProps } from "../tab-context";

export const metadata: Metadata = { title: "IP" };

/** IP tab: `/ip/address`, DHCP servers, networks and leases, read from the router by the browser (loading, error and empty states in the view). */
export default async function IpPage(props: DeviceTabProps) {
  const { id } = await getDeviceTabContext(props);
  return <AddressingView deviceId={id} />;
}
