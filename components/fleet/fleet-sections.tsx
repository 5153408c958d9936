import { getFleetSummary, listFleetProblems, listTopMacvlanTalkers } from "@/lib/status/server";
import { FleetCounters } from "./fleet-counters";
import { FleetProblems } from "./fleet-problems";
import { TopTalkers } from "./top-talkers";

/**
 * Server halves of the overview's widgets: each reads its own data (in its own Suspense boundary on
 * the page) and hands it to a client widget that keeps it live.
 */
export async function FleetCountersSection() {
  return <FleetCounters initial={await getFleetSummary()} />;
}

/** Server half of "Problems" (the firing alerts). */
export async function FleetProblemsSection() {
  return <FleetProblems initial={await listFleetProblems()} />;
}

/** Server half of "Top MACVLAN talkers". */
export async function TopTalkersSection() {
  return <TopTalkers initial={await listTopMacvlanTalkers()} />;
}
