import { createDb } from "../../../db-client";
import { log } from "../../../log";
import { applyChange, approveChange, proposeChange, scheduleChange, type ChangeActor, type KindLookup } from "../../workflow";
import type { ChangeKindId } from "../../types";
import { secretThenFailKinds } from "./secret-then-fail-kind";
import { required } from "../../../testing/required";

/** Arguments of the scenario (JSON on the command line): actors, device ids by router name, the secrets to use. */
export interface SecretScenarioArgs {
  operatorId: string;
  adminId: string;
  devices: Record<string, string>;
  cak: string;
  newCak: string;
  failedCak: string;
  ckn: string;
}

/** One request of the scenario: kind, params, router, and a kind lookup override (the rolled-back MACsec change). */
interface ScenarioStep {
  kind: ChangeKindId;
  router: string;
  params: Record<string, unknown>;
  getKind?: KindLookup;
}

/**
 * Every change kind (all 15), in an order where each plans against what the previous ones left:
 * interface lists and the MAC server on guide-macserver, a MACVLAN added, changed and removed on
 * guide-soho-macvlan, a MACsec interface added, disabled, enabled, re-keyed, re-keyed again by a change
 * that fails and is ROLLED_BACK (its undo writes the previous CAK back from memory) and removed on
 * guide-macsec-a, and a static lease added and removed on guide-isp-dhcp.
 */
function scenarioSteps(a: SecretScenarioArgs): ScenarioStep[] {
  const macsec = "macsec-secret";
  return [
    { kind: "interface-list.add-member", router: "guide-macserver", params: { list: "mac-allowed", interface: "ether5" } },
    { kind: "interface-list.remove-member", router: "guide-macserver", params: { list: "mac-allowed", interface: "vlan-68" } },
    { kind: "mac-server.set-allowed-list", router: "guide-macserver", params: { service: "mac-telnet", allowedInterfaceList: "LAN" } },
    { kind: "mac-server.set-ping", router: "guide-macserver", params: { enabled: false } },
    { kind: "mac-server.enable-on-interface", router: "guide-macserver", params: { interface: "ether3" } },
    { kind: "macvlan.add", router: "guide-soho-macvlan", params: { name: "macvlan-secret", interface: "ether2", comment: "scenario" } },
    { kind: "macvlan.set", router: "guide-soho-macvlan", params: { name: "macvlan-secret", mtu: 1400 } },
    { kind: "macvlan.remove", router: "guide-soho-macvlan", params: { name: "macvlan-secret" } },
    { kind: "macsec.add", router: "guide-macsec-a", params: { name: macsec, interface: "ether2", cak: a.cak, ckn: a.ckn } },
    { kind: "macsec.disable", router: "guide-macsec-a", params: { name: macsec } },
    { kind: "macsec.enable", router: "guide-macsec-a", params: { name: macsec } },
    { kind: "macsec.rotate-cak", router: "guide-macsec-a", params: { name: macsec, cak: a.newCak } },
    { kind: "macsec.rotate-cak", router: "guide-macsec-a", params: { name: macsec, cak: a.failedCak }, getKind: secretThenFailKinds },
    { kind: "macsec.remove", router: "guide-macsec-a", params: { name: macsec } },
    { kind: "dhcp-lease.add", router: "guide-isp-dhcp", params: { server: "dhcp-vlan32", address: "223.203.225.30", macAddress: "02:00:00:00:00:30" } },
    { kind: "dhcp-lease.remove", router: "guide-isp-dhcp", params: { server: "dhcp-vlan32", macAddress: "02:00:00:00:00:30" } },
    {
      kind: "firewall-rule.add",
      router: "guide-soho-macvlan",
      params: { table: "filter", chain: "forward", action: "accept", position: "top", comment: "noc:secret", outInterfaceList: "WAN" },
    },
    { kind: "firewall-rule.remove", router: "guide-soho-macvlan", params: { table: "filter", comment: "noc:secret" } },
    { kind: "interface-list.add", router: "guide-macserver", params: { name: "secret-list" } },
    { kind: "interface-list.remove", router: "guide-macserver", params: { name: "secret-list" } },
    { kind: "macsec-profile.set", router: "guide-macsec-a", params: { name: "guide-profile", ciphers: "gcm-aes-256" } },
    { kind: "macsec.set-mtu", router: "guide-macsec-a", params: { name: "macsec1", mtu: 1400 } },
    { kind: "ip-address.add", router: "guide-soho-macvlan", params: { address: "10.20.30.1/24", interface: "ether4", comment: "secret" } },
    { kind: "ip-pool.add", router: "guide-soho-macvlan", params: { name: "pool-secret", ranges: "10.20.30.10-10.20.30.200", comment: "secret" } },
    {
      kind: "dhcp-server.add",
      router: "guide-soho-macvlan",
      params: { name: "dhcp-secret", interface: "ether4", addressPool: "pool-secret", leaseTime: "1d 00:00:00" },
    },
    { kind: "dhcp-network.add", router: "guide-soho-macvlan", params: { address: "10.20.30.0/24", gateway: "10.20.30.1", dnsServers: "10.20.30.1,9.9.9.9" } },
    { kind: "dhcp-network.remove", router: "guide-soho-macvlan", params: { address: "10.20.30.0/24" } },
    { kind: "dhcp-server.remove", router: "guide-soho-macvlan", params: { name: "dhcp-secret" } },
    { kind: "ip-pool.remove", router: "guide-soho-macvlan", params: { name: "pool-secret" } },
    { kind: "ip-address.remove", router: "guide-soho-macvlan", params: { address: "10.20.30.1/24", interface: "ether4" } },
    { kind: "logging.add", router: "guide-macserver", params: { topics: "mac-server", prefix: "secret" } },
    { kind: "logging.remove", router: "guide-macserver", params: { topics: "mac-server" } },
    {
      kind: "dhcp-lease.import",
      router: "guide-isp-dhcp",
      params: {
        server: "dhcp-vlan32",
        rows: [
          { macAddress: "02:00:00:00:00:40", address: "223.203.225.40", comment: "plan", line: 1 },
          { macAddress: "AA:BB:CC:DD:EE:FF", address: "223.203.225.21", line: 2 },
          { macAddress: "00:11:22:33:44:55", address: "223.203.225.10", line: 3 },
        ],
      },
    },
  ];
}

/**
 * Child process of the secrets test (lib/changes/secrets.test.ts), run with LOG_LEVEL=trace so every
 * log line is captured: `node --import tsx secret-scenario.ts <database url> <json SecretScenarioArgs>`.
 * Proposes, approves, schedules and applies every step of scenarioSteps one after the other and
 * prints `{"results":[{"kind","status"}...]}` last.
 */
async function main(): Promise<void> {
  const [url, json] = process.argv.slice(2);
  if (url === undefined || json === undefined) throw new Error("usage: secret-scenario.ts <database url> <json SecretScenarioArgs>");
  const args = JSON.parse(json) as SecretScenarioArgs;
  const db = createDb(url);
  const operator: ChangeActor = { id: args.operatorId, email: null, clientIp: "127.0.0.1" };
  const admin: ChangeActor = { id: args.adminId, email: null, clientIp: "127.0.0.1" };
  const results: { kind: string; status: string }[] = [];
  for (const step of scenarioSteps(args)) {
    const input = { kind: step.kind, params: step.params, deviceIds: [required(args.devices[step.router], `the device id of ${step.router}`)] };
    const { id, hash } = await proposeChange(db, operator, input, step.getKind ? { getKind: step.getKind } : {});
    await approveChange(db, admin, { id, hash });
    await scheduleChange(db, admin, { id });
    results.push({ kind: step.kind, status: await applyChange(db, id, { owner: "secret-scenario" }) });
  }
  log.info({ results }, "secret scenario done");
  await db.$disconnect();
  process.stdout.write(`\n${JSON.stringify({ results })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
