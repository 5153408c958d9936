import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { generateKey } from "../crypto/seal";
import { startPoller, type Poller } from "../polling/poller";
import { at } from "../testing/at";
import { storedSamples } from "../testing/samples";
import { insertSimulatorDevices, setSimFault } from "../testing/sim-devices";
import { createTestDb, type TestDb } from "../testing/test-db";
import { createAlertEvaluator, type AlertEvaluator } from "./evaluate";
import { deliverDueNotifications } from "./notify/dispatch";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type AlertMessage } from "./notify/message";
import { createNotificationTarget } from "./notify/targets";
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "./notify/test-receivers";
import type { RuleType } from "./rule-types";
import { acknowledgeAlert, addAllowListEntry, ensureBuiltInRules, updateAlertRule } from "./service";

/**
 * The rules driven through the simulator (sim/README.md "Faults" and "Conditions") with the real poller writing to a
 * real database, the engine evaluating after each cycle and the dispatcher sending to a real webhook receiver and a
 * real SMTP server: a router that stops answering (two routers of one site: one grouped message), a MACsec end forced
 * to `negotiating`, a burst of not-valid packets, a session from an unknown MAC. Each case enables only its rule,
 * scoped to its routers (the simulated fleet has alerts of its own: links that never come up, sessions of the day).
 * The time from the fault to the webhook's arrival is printed (figure for the report; never asserted).
 */

type Sim = Simulator;
const secretKey = generateKey();
const HMAC_SECRET = "sim-test-hmac-secret";
let sim: Sim;
let t: TestDb;
let hook: WebhookReceiver;
let smtp: SmtpReceiver;
let poller: Poller;
let evaluator: AlertEvaluator;
let ruleIds: Map<string, string>;
const timings: Record<string, number> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One poll of the whole fleet, then one (incremental, as the worker runs it) evaluation (repeats every pass when `repeat`), then the due notifications. */
async function cycle(opts: { repeat?: boolean } = {}) {
  await sleep(1_100);
  const poll = await poller.runOnce();
  const evaluation = await evaluator.evaluate({ groupWaitMs: 0, repeatMs: opts.repeat ? 1 : 0 });
  const delivery = await deliverDueNotifications(t.db, { baseUrl: "https://noc.example.test", secretKey, timeoutMs: 5_000 });
  return { poll, evaluation, delivery };
}

/** Enables only rule `type`, scoped as given. */
async function only(type: RuleType, scope: "site" | "device", scopeValue: string): Promise<string> {
  for (const [ruleType, id] of ruleIds) await updateAlertRule(t.db, null, id, ruleType === type ? { enabled: true, scope, scopeValue } : { enabled: false });
  return ruleIds.get(type) ?? "";
}

/** The webhook messages received since `from` (index), each checked for a valid signature. */
function signedMessages(from: number): AlertMessage[] {
  const requests = hook.requests.slice(from);
  for (const r of requests) {
    expect(verifySignature(HMAC_SECRET, String(r.headers[TIMESTAMP_HEADER]), r.body, String(r.headers[SIGNATURE_HEADER]), Math.floor(Date.now() / 1000))).toBe(
      true,
    );
  }
  return requests.map((r) => JSON.parse(r.body) as AlertMessage);
}

async function condition(router: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/routers/${router}/condition`, {
    method: body === null ? "DELETE" : "PUT",
    body: body === null ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  [sim, t, hook, smtp] = await Promise.all([
    startSimulator({ port: 0, routers: 8, seed: 1 }),
    createTestDb({ routerNetworks: ["127.0.0.1/32"] }),
    startWebhookReceiver(),
    startSmtpReceiver(),
  ]);
  await insertSimulatorDevices(t.db, sim.routers, secretKey);
  evaluator = createAlertEvaluator(t.db);
  await ensureBuiltInRules(t.db);
  ruleIds = new Map((await t.db.alertRule.findMany()).map((r) => [r.type, r.id]));
  await createNotificationTarget(t.db, null, { kind: "webhook", name: "hook", url: `${hook.url}/noc`, secret: HMAC_SECRET }, secretKey);
  await createNotificationTarget(
    t.db,
    null,
    {
      kind: "email",
      name: "mail",
      smtpHost: smtp.host,
      smtpPort: smtp.port,
      smtpStartTls: false,
      smtpUser: smtp.user,
      smtpPassword: smtp.password,
      mailFrom: "noc@example.test",
      mailTo: "oncall@example.test",
    },
    secretKey,
  );
  poller = startPoller({ db: t.db, loop: false, concurrency: 8, requestTimeoutMs: 1_000, connectTimeoutMs: 1_000, maxRetries: 0, rollupEveryMs: 0, secretKey });
  await poller.runOnce();
});

afterAll(async () => {
  await poller?.stop();
  await Promise.all([t?.cleanup(), sim?.close(), hook?.close(), smtp?.close()]);
  console.log(JSON.stringify({ faultToWebhookMs: timings }));
});

describe("alerts driven by the simulator", () => {
  it("a router that stops answering: fires within two polls, one grouped message per site, ack stops repeats, recovery resolves", async () => {
    const victims = ["guide-isp-dhcp", "core-lys-01"];
    await only("device-down", "site", "site-Lyon-POP2");
    const from = hook.requests.length;
    const mailsFrom = smtp.mails.length;
    const faultAt = Date.now();
    for (const v of victims) await setSimFault(sim.url, v, { mode: "hang" });
    try {
      expect((await cycle()).evaluation).toMatchObject({ pending: 2, fired: 0 });
      expect((await cycle({ repeat: true })).evaluation).toMatchObject({ fired: 2 });
      const fired = signedMessages(from);
      expect(fired).toHaveLength(1);
      timings["router stops answering (2 polls)"] = at(hook.requests, from).at - faultAt;
      expect(at(fired, 0)).toMatchObject({ event: "fire", count: 2, site: { name: "Lyon-POP2" } });
      expect(
        at(fired, 0)
          .alerts.map((a) => a.device?.name)
          .sort(),
      ).toEqual([...victims].sort());
      expect(smtp.mails.slice(mailsFrom).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[FIRING\] Device down or unauthorized at Lyon-POP2: 2/)]);

      const alerts = await t.db.alert.findMany({ where: { state: "firing" }, orderBy: { objectKey: "asc" } });
      expect(alerts).toHaveLength(2);
      const operator = await t.db.user.create({ data: { email: "op@example.test", name: "Op", role: "OPERATOR", passwordHash: "x" } });
      await acknowledgeAlert(t.db, { id: operator.id, email: operator.email }, at(alerts, 0).id, "ISP ticket 42");
      expect((await cycle({ repeat: true })).evaluation).toMatchObject({ repeats: 1 });
      const repeat = at(signedMessages(from), 1);
      expect(repeat).toMatchObject({ event: "repeat", count: 1 });
      expect(at(repeat.alerts, 0).id).toBe(at(alerts, 1).id);
      await acknowledgeAlert(t.db, { id: operator.id, email: operator.email }, at(alerts, 1).id, "same");
      expect((await cycle({ repeat: true })).evaluation).toMatchObject({ repeats: 0, notifications: 0 });
      expect(signedMessages(from)).toHaveLength(2);
    } finally {
      for (const v of victims) await setSimFault(sim.url, v, null);
    }
    expect((await cycle()).evaluation).toMatchObject({ resolved: 2 });
    const resolved = at(signedMessages(from), 2);
    expect(resolved).toMatchObject({ event: "resolve", count: 2 });
    expect(smtp.mails.slice(mailsFrom).map((m) => m.subject?.split("]")[0])).toEqual(["[FIRING", "[STILL FIRING", "[RESOLVED"]);
  });

  it("a MACsec end forced to negotiating fires within two polls and resolves when it is back", async () => {
    await only("macsec-not-encrypted", "device", "dev-guide-macsec-a");
    const from = hook.requests.length;
    const faultAt = Date.now();
    await condition("guide-macsec-a", { macsecStatus: { interface: "macsec1", status: "negotiating" } });
    try {
      await cycle();
      expect((await cycle()).evaluation).toMatchObject({ fired: 1 });
      timings["MACsec negotiating (2 polls)"] = at(hook.requests, from).at - faultAt;
      const [fired] = signedMessages(from);
      expect(fired).toMatchObject({ event: "fire", count: 1, rule: { type: "macsec-not-encrypted" } });
      expect(fired?.alerts.map((a) => [a.device?.name, a.subject, a.values.status])).toEqual([["guide-macsec-a", "macsec1", "negotiating"]]);
    } finally {
      await condition("guide-macsec-a", null);
    }
    expect((await cycle()).evaluation).toMatchObject({ resolved: 1 });
    expect(signedMessages(from).map((m) => m.event)).toEqual(["fire", "resolve"]);
  });

  it("a burst of not-valid packets fires on the next poll and resolves when the rate falls", async () => {
    await only("macsec-errors", "device", "dev-guide-macsec-a");
    await cycle();
    const from = hook.requests.length;
    const faultAt = Date.now();
    await condition("guide-macsec-a", { macsecNotValid: { interface: "macsec1", packets: 50_000 } });
    expect((await cycle()).evaluation).toMatchObject({ fired: 1 });
    const [sample] = (await storedSamples(t.db, { deviceName: "guide-macsec-a", metric: "macsec-stats", series: "macsec1" })).slice(-1);
    expect(sample?.values.inPktsOk).toBeGreaterThan(0);
    timings["rx-sc-not-valid burst (1 poll)"] = at(hook.requests, from).at - faultAt;
    const [fired] = signedMessages(from);
    expect(fired?.alerts.map((a) => a.subject)).toEqual(["macsec1"]);
    expect(Number(fired?.alerts[0]?.values["rx-sc-not-valid"])).toBeGreaterThan(1_000);
    // The rate falls once a poll's counters no longer hold the burst: within two polls (a poll that stored no new
    // MACsec sample, e.g. under load, leaves the alert as it is).
    let resolved = 0;
    for (let i = 0; i < 2 && resolved === 0; i++) resolved += (await cycle()).evaluation.resolved;
    expect(resolved).toBe(1);
    expect(signedMessages(from).map((m) => m.event)).toEqual(["fire", "resolve"]);
  });

  it("a session from a MAC on no allow-list fires at once; allowing it on the site resolves it", async () => {
    const router = "guide-macsec-b";
    await only("mac-session-unknown", "device", `dev-${router}`);
    for (const s of await t.db.macServerSession.findMany({ where: { deviceId: `dev-${router}` } })) {
      await addAllowListEntry(t.db, null, { macAddress: s.srcAddress, deviceId: `dev-${router}`, comment: "sessions before the test" });
    }
    expect((await cycle()).evaluation).toMatchObject({ fired: 0 });
    const from = hook.requests.length;
    const faultAt = Date.now();
    await condition(router, { macServerSession: { interface: "ether1", "src-address": "02:BA:D0:00:00:01" } });
    try {
      expect((await cycle()).evaluation).toMatchObject({ fired: 1 });
      timings["unknown MAC session (1 poll)"] = at(hook.requests, from).at - faultAt;
      const [fired] = signedMessages(from);
      expect(fired?.alerts.map((a) => [a.subject, a.values.interface])).toEqual([["02:BA:D0:00:00:01", "ether1"]]);
      await addAllowListEntry(t.db, null, { macAddress: "02:ba:d0:00:00:01", siteId: "site-Frankfurt-DC1" });
      expect((await cycle()).evaluation).toMatchObject({ resolved: 1 });
      expect(signedMessages(from).map((m) => m.event)).toEqual(["fire", "resolve"]);
    } finally {
      await condition(router, null);
    }
  });
});
