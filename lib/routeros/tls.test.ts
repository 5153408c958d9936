import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "./client";
import { RouterOsTlsError, describeRouterOsError } from "./errors";
import { json, startFixtureServer, type FixtureServer } from "./testdata/fixture-server";

const certPem = readFileSync(path.join(__dirname, "testdata/router-cert.pem"), "utf8");
const keyPem = readFileSync(path.join(__dirname, "testdata/router-key.pem"), "utf8");
const fingerprint = new X509Certificate(certPem).fingerprint256;
const otherFingerprint = "00".repeat(32);

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({ "GET /rest/system/identity": json({ name: "tls-router" }) }, { key: keyPem, cert: certPem });
});

afterAll(async () => {
  await server.close();
});

async function identity(target: { tlsFingerprint?: string; caPem?: string; apiUrl?: string }): Promise<unknown> {
  const client = new RouterOsClient({ apiUrl: target.apiUrl ?? server.url, username: "noc", password: "secret", maxRetries: 0, ...target });
  try {
    return await client.singleton("/system/identity");
  } catch (err) {
    return err;
  } finally {
    await client.close();
  }
}

describe("RouterOsClient TLS trust", () => {
  it("accepts a self-signed certificate whose SHA-256 fingerprint matches the pin (colon or bare hex)", async () => {
    expect(await identity({ tlsFingerprint: fingerprint })).toEqual({ name: "tls-router" });
    expect(await identity({ tlsFingerprint: fingerprint.replace(/:/g, "").toLowerCase() })).toEqual({ name: "tls-router" });
  });

  it("rejects the certificate with RouterOsTlsError when the pin differs, before sending credentials", async () => {
    const before = server.requests.length;
    const err = await identity({ tlsFingerprint: otherFingerprint });
    expect(err).toBeInstanceOf(RouterOsTlsError);
    expect(describeRouterOsError(err)).toMatchObject({ kind: "tls" });
    expect((err as Error).message).toMatch(/does not match the pinned/);
    expect(server.requests.length).toBe(before);
  });

  it("rejects a self-signed certificate when neither a CA nor a pin is configured", async () => {
    const err = await identity({});
    expect(err).toBeInstanceOf(RouterOsTlsError);
    expect((err as RouterOsTlsError).code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect((err as Error).message).toMatch(/self-signed/);
  });

  it("accepts the certificate when its CA (here the certificate itself) is given as PEM", async () => {
    expect(await identity({ caPem: certPem })).toEqual({ name: "tls-router" });
  });

  it("with a CA still checks the host name (the certificate names 127.0.0.1 and localhost only)", async () => {
    const other = await startFixtureServer({ "GET /rest/system/identity": json({ name: "x" }) }, { key: keyPem, cert: certPem }, "127.0.0.2");
    try {
      const err = await identity({ caPem: certPem, apiUrl: other.url });
      expect(err).toBeInstanceOf(RouterOsTlsError);
      expect((err as RouterOsTlsError).code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
      expect(await identity({ tlsFingerprint: fingerprint, apiUrl: other.url })).toEqual({ name: "x" });
    } finally {
      await other.close();
    }
  });

  it("with a CA and a wrong pin rejects", async () => {
    expect(await identity({ caPem: certPem, tlsFingerprint: otherFingerprint })).toBeInstanceOf(RouterOsTlsError);
  });

  it("refuses a malformed pin when the client is built", () => {
    expect(() => new RouterOsClient({ apiUrl: server.url, username: "a", password: "b", tlsFingerprint: "abc" })).toThrow(/64 hexadecimal/);
  });
});
