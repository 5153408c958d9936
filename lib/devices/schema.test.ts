import { readFileSync } from "node:fs";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HOSTILE_NAMES } from "../testing/hostile-values";
import { createDeviceSchema, testConnectionSchema, updateDeviceSchema } from "./schema";

const CERT = readFileSync(path.join(__dirname, "../routeros/testdata/router-cert.pem"), "utf8");
const KEY = readFileSync(path.join(__dirname, "../routeros/testdata/router-key.pem"), "utf8");
const CERT_BODY = CERT.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");

const good = {
  name: "edge-par-01",
  site: "Paris DC1",
  apiUrl: "https://10.0.0.1",
  username: "noc",
  password: "pw",
  tlsFingerprint: "",
  caPem: "",
  tags: "core",
  pollIntervalSec: "",
  enabled: "on",
};

/** The fields a refused form names (zod issue paths). */
function refusedFields(values: Record<string, string>): string[] {
  const r = createDeviceSchema.safeParse({ ...good, ...values });
  return r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0])))];
}

const pem = (body: string, label = "CERTIFICATE") => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

const HOSTILE_CA: [string, string][] = [
  ["text between markers", pem("MIIBfake")],
  ["markup between markers", pem("<script>alert(1)</script>")],
  ["not base64", pem("!!!!")],
  ["base64 of garbage", pem(Buffer.from("hello world, not DER").toString("base64"))],
  ["a truncated certificate", pem(CERT_BODY.slice(0, 200))],
  ["a certificate with bytes after it", pem(Buffer.concat([Buffer.from(CERT_BODY, "base64"), Buffer.from("trailing")]).toString("base64"))],
  ["a certificate whose outer DER tag is broken", pem(Buffer.from(CERT_BODY, "base64").fill(0x31, 0, 1).toString("base64"))],
  ["mismatched END label", CERT.replace("-----END CERTIFICATE-----", "-----END X509 CRL-----")],
  ["a private key", KEY],
  ["a certificate and its private key", CERT + KEY],
  ["a CRL block", pem(CERT_BODY, "X509 CRL")],
  ["no PEM at all", "just some text"],
  ["17 certificates", CERT.repeat(17)],
  ["over 64 KiB", CERT + "x".repeat(65_536)],
];

const HOSTILE_POLL_INTERVALS: [string, string][] = [
  ["hex", "0x10"],
  ["exponent", "1e2"],
  ["plus sign", "+30"],
  ["minus sign", "-30"],
  ["decimal point", "30.0"],
  ["fraction", "30.5"],
  ["below 5", "4"],
  ["zero", "0"],
  ["above 3600", "3601"],
  ["huge", "99999999999999999999"],
  ["unit", "30s"],
  ["Infinity", "Infinity"],
  ["NaN", "NaN"],
  ["full-width digits", "\uff13\uff10"],
  ["Arabic-Indic digits", "\u0663\u0660"],
  ["binary", "0b11110"],
  ["octal", "0o36"],
  ["embedded space", "3 0"],
];

const HOSTILE_URLS: [string, string][] = [
  ["2,049 characters", `https://10.0.0.1/${"a".repeat(2049 - "https://10.0.0.1/".length)}`],
  ["ftp", "ftp://10.0.0.1"],
  ["file", "file:///etc/passwd"],
  ["javascript", "javascript:alert(1)"],
  ["credentials", "https://admin:pw@10.0.0.1"],
  ["query", "https://10.0.0.1/?x=1"],
  ["fragment", "https://10.0.0.1/#x"],
  ["unclosed IPv6", "http://[::1"],
  ["port out of range", "http://10.0.0.1:65536"],
  ["NUL in host", "http://10.0.0.1\u0000.example"],
  ["not a URL", "router"],
];

describe("device form fields: hostile values are refused with the field named", () => {
  it.each(HOSTILE_NAMES)("name, site and username refuse a %s", (_label, value) => {
    for (const field of ["name", "site", "username"]) expect(refusedFields({ [field]: value }), field).toEqual([field]);
  });

  it("username refuses a colon (it would split the HTTP Basic credentials)", () => {
    expect(refusedFields({ username: "noc:admin" })).toEqual(["username"]);
  });

  it.each(HOSTILE_URLS)("apiUrl refuses %s", (_label, value) => {
    expect(refusedFields({ apiUrl: value })).toEqual(["apiUrl"]);
  });

  it.each(HOSTILE_CA)("caPem refuses %s", (_label, value) => {
    expect(refusedFields({ caPem: value })).toEqual(["caPem"]);
  });

  it.each(HOSTILE_POLL_INTERVALS)("pollIntervalSec refuses %s (%j)", (_label, value) => {
    expect(refusedFields({ pollIntervalSec: value })).toEqual(["pollIntervalSec"]);
  });

  it("the edit and test-connection forms use the same checks", () => {
    expect(updateDeviceSchema.safeParse({ ...good, id: "d1", name: "edge\u202e1" }).error?.issues[0]?.path).toEqual(["name"]);
    expect(testConnectionSchema.safeParse({ apiUrl: good.apiUrl, username: "noc\u0000", password: "" }).error?.issues[0]?.path).toEqual(["username"]);
    expect(testConnectionSchema.safeParse({ apiUrl: good.apiUrl, username: "noc", caPem: pem("MIIBfake") }).error?.issues[0]?.path).toEqual(["caPem"]);
    expect(testConnectionSchema.safeParse({ apiUrl: good.apiUrl, username: "noc", deviceId: "../x" }).error?.issues[0]?.path).toEqual(["deviceId"]);
  });
});

describe("device form fields: good values pass", () => {
  it("accepts ordinary names, accented and non-Latin ones included, and bounded poll intervals", () => {
    for (const name of ["edge-par-01", "Zürich POP", "東京-core", "a"]) expect(refusedFields({ name, site: name, username: name })).toEqual([]);
    for (const pollIntervalSec of ["", "5", "30", "0030", "3600"]) expect(refusedFields({ pollIntervalSec })).toEqual([]);
    expect(createDeviceSchema.parse({ ...good, pollIntervalSec: "0030" }).pollIntervalSec).toBe(30);
    expect(refusedFields({ apiUrl: `https://10.0.0.1/${"a".repeat(2048 - "https://10.0.0.1/".length)}` })).toEqual([]);
  });

  it("keeps only the parsed certificates' PEM: surrounding text is dropped, line endings and wrapping are normalised", () => {
    const messy = `subject=CN=router.test\r\nissuer=CN=router.test\r\n${CERT.replace(/\n/g, "\r\n")}\r\n\u202e trailing text`;
    const parsed = createDeviceSchema.parse({ ...good, caPem: messy });
    expect(parsed.caPem).toBe(new X509Certificate(CERT).toString());
    expect(createDeviceSchema.parse({ ...good, caPem: CERT + CERT }).caPem).toBe(CERT + CERT);
    expect(createDeviceSchema.parse({ ...good, caPem: "" }).caPem).toBeNull();
  });
});
