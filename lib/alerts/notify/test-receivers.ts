import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * Real receivers for the notification tests, in the test process: an HTTP webhook receiver (node:http) that records
 * every request and answers the statuses it is told to, and an SMTP server (smtp-server, AUTH required, no STARTTLS)
 * whose messages are parsed with mailparser.
 */

/** One request the webhook receiver got: path, headers and the raw body. */
export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

export type WebhookReceiver = {
  url: string;
  requests: ReceivedRequest[];
  /** Statuses answered to the next requests, in order (then 200). */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
};

/** Starts an HTTP receiver on a random loopback port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "receiver says no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (...s) => statuses.push(...s),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type SmtpReceiver = { host: string; port: number; user: string; password: string; mails: (ParsedMail & { at: number })[]; close(): Promise<void> };

/** Starts an SMTP server on a random loopback port that accepts `user`/`password` (AUTH PLAIN/LOGIN) and no STARTTLS. */
export async function startSmtpReceiver(user = "noc", password = "mail-secret"): Promise<SmtpReceiver> {
  const mails: SmtpReceiver["mails"] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(Object.assign(mail, { at: Date.now() }));
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { host: "127.0.0.1", port, user, password, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
