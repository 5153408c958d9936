import { getFleetSummary, listFleetProblems, listTopMacvlanTalkers } from "@/lib/status/server";
import { FleetCounters } from "./fleet-counters";
import { ProblemDevices } from "./problem-devices";
import { TopTalkers } from "./top-talkers";

/**
 * Server halves of the overview's widgets: each reads its own data (in its own Suspense boundary on
 * the page) and hands it to a client widget that keeps it live.
 */
export async function FleetCountersSection() {
  return <FleetCounters initial={await getFleetSummary()} />;
}

/** Server half of "Devices with problems". */
export async function ProblemDevicesSection() {
  return <ProblemDevices initial={await listFleetProblems()} />;
}

/** Server half of "Top MACVLAN talkers". */
export async function TopTalkersSection() {
  return <TopTalkers initial={await listTopMacvlanTalkers()} />;
}
