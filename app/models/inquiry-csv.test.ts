import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { inquirySla } from "~/domain/sla";
// The app's zod config turns default messages into catalog keys; CSV messages must stay English.
import "~/schemas/form";
import { getSettings } from "~/models/settings.server";
import { INQUIRY_CSV_EXPORT_COLUMNS, parseTimestamp } from "~/schemas/inquiry-csv";
import { parseCsv, writeCsv, type CsvSink } from "~/utils/csv.server";
import type { DB, OpenDatabase } from "~db/client.server";
import { createCustomer, createInquiry, insertUser } from "~db/factories";
import { auditLog, customers, inquiries, messages, users } from "~db/schema";
import { run } from "../../jobs/cli";
import { captureCommandLine, createTestDb } from "../../test/helpers";
import { IMPORTED_RESPONSE_BODY, importInquiriesCsv, inquiryExportRows } from "./inquiry-csv.server";

// Monday 18 November 2024 in Asia/Shanghai (UTC+8, no DST): 10:00 local = 02:00Z, inside the
// default 09:00–18:00 calendar. NOW is a week later, so every SLA field is settled.
const NOW = new Date("2024-11-25T12:00:00.000Z");
const HEADER = "external_id,channel,received_at,first_response_at,customer_external_id,subject,message,assignee_email,status";

let open: OpenDatabase;
let db: DB;

function seedPeople(target: DB) {
  insertUser(target, { email: "lin@team.example", name: "Lin", role: "service", passwordHash: "x" });
  insertUser(target, { email: "sam@team.example", name: "Sam", role: "sales", passwordHash: "x" });
  createCustomer(target, { name: "Acme GmbH", externalId: "C-ACME" });
  createCustomer(target, { name: "Borealis Oy", externalId: "C-BOREALIS" });
}

const csv = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";

const GOOD = csv(
  "AL-1,alibaba,2024-11-18T10:00:00.000+08:00,2024-11-18T10:00:20.500+08:00,C-ACME,Hinges 2000 pcs,Please send FOB Ningbo price,lin@team.example,",
  'AL-2,alibaba,2024-11-18T02:05:00Z,,C-BOREALIS,,"Need 500 handles\nsecond line",,',
  "WEB-1,website,2024-11-16T23:00:00.000+08:00,2024-11-18T09:30:00+08:00,,Weekend form,,sam@team.example,quoted",
  "EM-1,email,2024-11-18T03:00:00Z,,,,,,spam",
);

function importText(text: string | Uint8Array, options: { dryRun?: boolean; now?: Date; userId?: number | null } = {}) {
  return importInquiriesCsv(db, text, { now: NOW, ...options });
}

function expectOk(result: ReturnType<typeof importText>) {
  if (!result.ok) throw new Error(`import refused:\n${result.problems.map((p) => JSON.stringify(p)).join("\n")}`);
  return result;
}

function problemsOf(result: ReturnType<typeof importText>) {
  if (result.ok) throw new Error("import was expected to fail");
  return result.problems;
}

const snapshot = () => ({
  inquiries: open.sqlite.prepare("select * from inquiries order by id").all(),
  messages: open.sqlite.prepare("select * from messages order by id").all(),
});

const byExternalId = (externalId: string) => db.select().from(inquiries).where(eq(inquiries.externalId, externalId)).get()!;

const threadOf = (inquiryId: number) =>
  db.select().from(messages).where(eq(messages.inquiryId, inquiryId)).orderBy(asc(messages.sentAt), asc(messages.id)).all();

function exportText(target: DB): Promise<string> {
  const chunks: string[] = [];
  const sink: CsvSink = { write: (chunk) => (chunks.push(chunk), true), once: () => sink, on: () => sink, off: () => sink };
  return writeCsv(sink, INQUIRY_CSV_EXPORT_COLUMNS, inquiryExportRows(target)).then(() => chunks.join(""));
}

beforeEach(() => {
  open = createTestDb();
  db = open.db;
  seedPeople(db);
});

describe("import inquiries", () => {
  it("imports a good file with threads, first responses and defaults", () => {
    const result = expectOk(importText(GOOD));
    expect(result).toMatchObject({ rows: 4, created: 4, updated: 0, dryRun: false });

    const lin = open.sqlite.prepare("select id from users where email = 'lin@team.example'").get() as { id: number };
    const al1 = byExternalId("AL-1");
    expect(al1).toMatchObject({
      subject: "Hinges 2000 pcs",
      status: "responded",
      assigneeId: lin.id,
      firstResponderId: lin.id,
      receivedAt: new Date("2024-11-18T02:00:00.000Z"),
      firstResponseAt: new Date("2024-11-18T02:00:20.500Z"),
      frtMs: 20_500,
      slaComputedAt: NOW,
      escalatedAt: null,
    });
    expect(threadOf(al1.id)).toMatchObject([
      { direction: "in", body: "Please send FOB Ningbo price", sentAt: al1.receivedAt, authorId: null, isAutoReply: false },
      { direction: "out", body: IMPORTED_RESPONSE_BODY, sentAt: al1.firstResponseAt, authorId: lin.id, isAutoReply: false },
    ]);

    // No subject: the message's first line; no first response: status new, no out message.
    const al2 = byExternalId("AL-2");
    expect(al2).toMatchObject({ subject: "Need 500 handles", status: "new", firstResponseAt: null, assigneeId: null });
    expect(threadOf(al2.id).map((m) => [m.direction, m.body])).toEqual([["in", "Need 500 handles\nsecond line"]]);

    // An explicit status wins; no message: the body is the subject.
    const web = byExternalId("WEB-1");
    expect(web.status).toBe("quoted");
    expect(threadOf(web.id)[0]).toMatchObject({ direction: "in", body: "Weekend form" });

    // Neither subject nor message.
    const spam = byExternalId("EM-1");
    expect(spam).toMatchObject({ subject: "(no subject)", status: "spam" });
    expect(threadOf(spam.id)[0]!.body).toBe("(no subject)");
  });

  it("truncates a subject taken from a long first line to 200 characters", () => {
    const line = "é".repeat(250);
    expectOk(importText(csv(`L-1,other,2024-11-18T02:00:00Z,,,,"${line}\nmore",,`)));
    expect(byExternalId("L-1").subject).toBe("é".repeat(200));
  });

  it("accepts a byte-order mark, CRLF line ends, header case and spacing, and blank lines", () => {
    const text =
      " External_ID , CHANNEL,received_at\r\nB-1,alibaba,2024-11-18T02:00:00Z\r\n\r\nB-2,website,2024-11-18T02:01:00Z\r\n";
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    expect(expectOk(importText(bytes)).created).toBe(2);
    expect(byExternalId("B-1").externalId).toBe("B-1");
  });

  it("refuses a file that is not UTF-8", () => {
    const latin1 = Buffer.from(
      "external_id,channel,received_at,subject\nX-1,alibaba,2024-11-18T02:00:00Z,Gr\xfc\xdfe\n",
      "latin1",
    );
    expect(problemsOf(importText(latin1))[0]!.message).toMatch(/not UTF-8/);
  });

  it("imports nothing when one row is bad, and names the row and column", () => {
    const before = snapshot();
    const text = csv(
      "OK-1,alibaba,2024-11-18T02:00:00Z,,,,,,",
      "OK-2,alibaba,2024-11-18T02:00:00Z,,,,,,",
      "BAD-1,alibaba,2024-11-18T10:00:00,,,,,,",
    );
    expect(problemsOf(importText(text))).toEqual([
      {
        row: 4,
        column: "received_at",
        message: '"2024-11-18T10:00:00" has no time zone offset; add Z (UTC) or an offset such as +08:00',
      },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it("reports every problem of every bad row, in file order", () => {
    const text = csv(
      ",alibaba,2024-11-18T02:00:00Z,,,,,,",
      "X-2,alibabba,2024-11-18T02:00:00Z,,C-NOPE,,,nobody@team.example,",
      "X-3,alibaba,2024-11-18T02:00:00Z,2024-11-18T01:59:59.999Z,,,,,closed",
      "X-4,alibaba,2024-11-18,,,,,,",
      "X-5,website,2099-01-01T00:00:00Z,,,,,,",
    );
    const lines = problemsOf(importText(text)).map((p) => `row ${p.row}, column ${p.column}: ${p.message}`);
    expect(lines).toEqual([
      "row 2, column external_id: is required",
      'row 3, column channel: "alibabba" is not a configured channel (alibaba, made_in_china, website, email, trade_show, referral, other)',
      'row 3, column customer_external_id: no customer has external_id "C-NOPE"',
      'row 3, column assignee_email: no user has e-mail "nobody@team.example"',
      "row 4, column status: must be one of new, responded, quoted, won, lost, spam",
      "row 4, column first_response_at: is before received_at (2024-11-18T02:00:00.000Z)",
      expect.stringMatching(/^row 5, column received_at: "2024-11-18" is a date only/),
      "row 6, column received_at: 2099-01-01T00:00:00Z is in the future",
    ]);
    expect(db.select().from(inquiries).all()).toEqual([]);
  });

  it("speaks plain English even with the app's zod config loaded", () => {
    const problems = problemsOf(importText(csv(`T-1,alibaba,2024-11-18T02:00:00Z,,,${"x".repeat(201)},,,`)));
    expect(problems).toEqual([{ row: 2, column: "subject", message: "is longer than 200 characters" }]);
  });

  it("refuses a first response before received_at, to the millisecond", () => {
    const problems = problemsOf(importText(csv("R-1,alibaba,2024-11-18T10:00:00.000+08:00,2024-11-18T09:59:59.999+08:00,,,,,")));
    expect(problems).toEqual([
      { row: 2, column: "first_response_at", message: "is before received_at (2024-11-18T02:00:00.000Z)" },
    ]);
  });

  it("refuses duplicates of (channel, external_id) within the file, but not across channels", () => {
    const text = csv(
      "D-1,alibaba,2024-11-18T02:00:00Z,,,,,,",
      "D-1,website,2024-11-18T02:00:00Z,,,,,,",
      "D-1,Alibaba,2024-11-18T03:00:00Z,,,,,,",
    );
    expect(problemsOf(importText(text))).toEqual([
      { row: 4, column: "external_id", message: "repeats row 2 (same channel and external_id)" },
    ]);
  });

  it("refuses unknown and missing header columns, naming them", () => {
    const typo = "external_id,channel,recieved_at,subjet\nH-1,alibaba,2024-11-18T02:00:00Z,Hi\n";
    const problems = problemsOf(importText(typo));
    expect(problems).toEqual([
      {
        row: 1,
        message: expect.stringContaining(
          'unknown columns "recieved_at" (did you mean "received_at"?), "subjet" (did you mean "subject"?)',
        ),
      },
      { row: 1, message: "missing required column: received_at" },
    ]);
    expect(problemsOf(importText("external_id,channel,channel\n"))[0]!.message).toMatch(/"channel" appears twice/);
    expect(problemsOf(importText(""))[0]!.message).toMatch(/header row is missing/);
  });

  it("refuses a row with more values than the header has columns", () => {
    const problems = problemsOf(importText("external_id,channel,received_at\nE-1,alibaba,2024-11-18T02:00:00Z,surprise\n"));
    expect(problems).toEqual([{ row: 2, message: "has 4 values but the header has 3 columns" }]);
  });

  it("changes nothing when the same file is imported again", () => {
    expectOk(importText(GOOD));
    const first = snapshot();
    const again = expectOk(importText(GOOD, { now: new Date(NOW.getTime() + 3_600_000) }));
    expect(again).toMatchObject({ rows: 4, created: 0, updated: 4, unchanged: 4 });
    expect(snapshot()).toEqual(first);
  });

  it("updates an inquiry found by (channel, external_id) instead of duplicating it", () => {
    expectOk(importText(GOOD));
    const before = byExternalId("AL-2");
    const sam = open.sqlite.prepare("select id from users where email = 'sam@team.example'").get() as { id: number };
    const later = new Date(NOW.getTime() + 60_000);
    const result = expectOk(
      importText(csv("AL-2,alibaba,2024-11-18T02:05:00Z,2024-11-18T02:06:00Z,,Handles RFQ,,sam@team.example,"), { now: later }),
    );
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(db.select().from(inquiries).where(eq(inquiries.externalId, "AL-2")).all()).toHaveLength(1);
    const after = byExternalId("AL-2");
    expect(after).toMatchObject({
      id: before.id,
      subject: "Handles RFQ",
      // An empty cell keeps what is stored.
      customerId: before.customerId,
      assigneeId: sam.id,
      status: "responded",
      firstResponseAt: new Date("2024-11-18T02:06:00Z"),
      firstResponderId: sam.id,
      frtMs: 60_000,
      updatedAt: later,
      slaComputedAt: later,
    });
    // The buyer message keeps its body (no message cell); one out message is added.
    expect(threadOf(after.id).map((m) => [m.direction, m.body])).toEqual([
      ["in", "Need 500 handles\nsecond line"],
      ["out", IMPORTED_RESPONSE_BODY],
    ]);
  });

  it("keeps a first response recorded in the app, and records an earlier one from the file", () => {
    const lin = open.sqlite.prepare("select id from users where email = 'lin@team.example'").get() as { id: number };
    const receivedAt = new Date("2024-11-18T02:00:00Z");
    const app = createInquiry(db, {
      externalId: "APP-1",
      receivedAt,
      assigneeId: lin.id,
      firstResponse: { at: new Date("2024-11-18T02:10:00Z"), by: lin.id, body: "Typed in the CRM" },
    });
    // A later time from the source system: the app's reply stays the first response.
    expectOk(importText(csv("APP-1,alibaba,2024-11-18T02:00:00Z,2024-11-18T02:20:00Z,,,,,")));
    expect(byExternalId("APP-1")).toMatchObject({ firstResponseAt: new Date("2024-11-18T02:10:00Z"), frtMs: 600_000 });
    expect(threadOf(app.id).filter((m) => m.direction === "out")).toHaveLength(1);

    // An earlier one becomes the first response; the app's reply is kept as a later reply.
    expectOk(importText(csv("APP-1,alibaba,2024-11-18T02:00:00Z,2024-11-18T02:00:10Z,,,,,")));
    expect(byExternalId("APP-1")).toMatchObject({ firstResponseAt: new Date("2024-11-18T02:00:10Z"), frtMs: 10_000 });
    expect(threadOf(app.id).map((m) => [m.direction, m.body])).toEqual([
      ["in", "Please send your best FOB Ningbo price, MOQ and lead time."],
      ["out", IMPORTED_RESPONSE_BODY],
      ["out", "Typed in the CRM"],
    ]);

    // A received_at after the recorded first response is refused.
    expect(problemsOf(importText(csv("APP-1,alibaba,2024-11-18T02:05:00Z,,,,,,")))).toEqual([
      {
        row: 2,
        column: "received_at",
        message: "is after the first response already recorded for this inquiry (2024-11-18T02:00:10.000Z)",
      },
    ]);
  });

  it("fills the SLA columns exactly as inquirySla does", () => {
    const text = csv(
      // Monday 10:00:00 Shanghai answered at 10:00:30: on the threshold, a hit.
      "S-1,alibaba,2024-11-18T10:00:00.000+08:00,2024-11-18T10:00:30.000+08:00,,,,,",
      // One millisecond later: a miss.
      "S-2,alibaba,2024-11-18T10:00:00.000+08:00,2024-11-18T10:00:30.001+08:00,,,,,",
      // Saturday, answered Monday 09:30: out of hours, business SLA hit (30 business minutes).
      "S-3,website,2024-11-16T22:00:00+08:00,2024-11-18T09:30:00+08:00,,,,,",
      // Sunday, answered Monday 11:00: 120 business minutes, a miss.
      "S-4,website,2024-11-17T22:00:00+08:00,2024-11-18T11:00:00+08:00,,,,,",
      // In hours and never answered: a miss on both rules once old enough.
      "S-5,email,2024-11-18T15:00:00+08:00,,,,,,",
    );
    expectOk(importText(text));
    const settings = getSettings(db);
    const policy = {
      thresholdSeconds: settings.response.thresholdSeconds,
      businessSlaMinutes: settings.response.businessSlaMinutes,
      escalationMinutes: settings.response.escalationMinutes,
    };
    for (const id of ["S-1", "S-2", "S-3", "S-4", "S-5"]) {
      const row = byExternalId(id);
      const expected = inquirySla(row, NOW, settings.calendar, policy);
      expect({
        frtMs: row.frtMs,
        businessFrtMs: row.businessFrtMs,
        inBusinessHours: row.inBusinessHours,
        within30s: row.within30s,
        within24h: row.within24h,
        slaStatus: row.slaStatus,
      }).toEqual({
        frtMs: expected.frtMs,
        businessFrtMs: expected.businessFrtMs,
        inBusinessHours: expected.inBusinessHours,
        within30s: expected.within30s,
        within24h: expected.within24h,
        slaStatus: expected.slaStatus,
      });
    }
    expect(byExternalId("S-1")).toMatchObject({ inBusinessHours: true, frtMs: 30_000, within30s: true, slaStatus: null });
    expect(byExternalId("S-2")).toMatchObject({ inBusinessHours: true, frtMs: 30_001, within30s: false });
    expect(byExternalId("S-3")).toMatchObject({
      inBusinessHours: false,
      within30s: null,
      slaStatus: "hit",
      businessFrtMs: 30 * 60_000,
    });
    expect(byExternalId("S-4")).toMatchObject({ inBusinessHours: false, slaStatus: "missed", businessFrtMs: 120 * 60_000 });
    expect(byExternalId("S-5")).toMatchObject({ within30s: false, within24h: false, frtMs: null });
  });

  it("validates on a dry run and writes nothing", () => {
    const before = snapshot();
    expect(expectOk(importText(GOOD, { dryRun: true }))).toMatchObject({ dryRun: true, rows: 4, created: 4, updated: 0 });
    expect(snapshot()).toEqual(before);
    expectOk(importText(GOOD));
    expect(expectOk(importText(csv("AL-1,alibaba,2024-11-18T10:00:00.000+08:00,,,Changed,,,"), { dryRun: true }))).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(byExternalId("AL-1").subject).toBe("Hinges 2000 pcs");
  });
});

describe("import inquiries: the audit trail", () => {
  const userId = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!.id;
  const customerId = (externalId: string) => db.select().from(customers).where(eq(customers.externalId, externalId)).get()!.id;
  const trail = (externalId: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "inquiry"), eq(auditLog.entityId, String(byExternalId(externalId).id))))
      .orderBy(asc(auditLog.id))
      .all();

  it("audits every inquiry it creates, by whoever imports, with its channel, status, assignee and customer", () => {
    const lin = userId("lin@team.example");
    expectOk(importText(GOOD, { userId: lin }));
    expect(trail("AL-1").map((e) => [e.action, e.userId, e.at, e.before])).toEqual([["create", lin, NOW, null]]);
    expect(trail("AL-1")[0]!.after).toMatchObject({
      channel: "alibaba",
      externalId: "AL-1",
      subject: "Hinges 2000 pcs",
      status: "responded",
      assigneeId: lin,
      customerId: customerId("C-ACME"),
      receivedAt: "2024-11-18T02:00:00.000Z",
    });
    expect(trail("WEB-1")[0]).toMatchObject({
      action: "create",
      after: { channel: "website", status: "quoted", assigneeId: userId("sam@team.example") },
    });
    expect(trail("EM-1")[0]).toMatchObject({
      action: "create",
      after: { channel: "email", status: "spam", assigneeId: null, customerId: null },
    });
    expect(db.select().from(auditLog).all()).toHaveLength(4);
  });

  it("audits a re-import's changes of status, assignee and customer only, as made by the command line's no one", () => {
    expectOk(importText(GOOD));
    const entries = () => db.select().from(auditLog).all().length;
    expect(entries()).toBe(4);
    // The same file again changes nothing, and records nothing.
    expectOk(importText(GOOD, { now: new Date(NOW.getTime() + 60_000) }));
    expect(entries()).toBe(4);

    const later = new Date(NOW.getTime() + 120_000);
    expectOk(
      importText(
        csv(
          // Answered by Sam, now for Acme: status, assignee and customer change.
          "AL-2,alibaba,2024-11-18T02:05:00Z,2024-11-18T02:06:00Z,C-ACME,,,sam@team.example,",
          // Only the subject changes: not a change the trail keeps.
          "WEB-1,website,2024-11-16T23:00:00.000+08:00,2024-11-18T09:30:00+08:00,,Weekend form (web),,sam@team.example,quoted",
          // The status stays what it was: no entry.
          "EM-1,email,2024-11-18T03:00:00Z,,,,,,spam",
        ),
        { now: later },
      ),
    );
    expect(trail("AL-2").map((e) => [e.action, e.userId, e.at, e.before, e.after])).toEqual([
      [
        "create",
        null,
        NOW,
        null,
        expect.objectContaining({ status: "new", assigneeId: null, customerId: customerId("C-BOREALIS") }),
      ],
      [
        "update",
        null,
        later,
        { status: "new", assigneeId: null, customerId: customerId("C-BOREALIS") },
        { status: "responded", assigneeId: userId("sam@team.example"), customerId: customerId("C-ACME") },
      ],
    ]);
    expect(trail("WEB-1").map((e) => e.action)).toEqual(["create"]);
    expect(trail("EM-1").map((e) => e.action)).toEqual(["create"]);
    expect(entries()).toBe(5);
  });

  it("records nothing on a dry run", () => {
    expectOk(importText(GOOD, { dryRun: true }));
    expect(db.select().from(auditLog).all()).toEqual([]);
  });
});

describe("export inquiries", () => {
  it("writes the import columns then the computed ones, by received_at then id, in UTC with milliseconds", async () => {
    expectOk(importText(GOOD));
    const text = await exportText(db);
    const parsed = parseCsv(text, { columns: INQUIRY_CSV_EXPORT_COLUMNS, required: [] });
    if (!parsed.ok) throw new Error("export is not readable CSV");
    expect(text.split("\n")[0]).toBe(INQUIRY_CSV_EXPORT_COLUMNS.join(","));
    expect(parsed.table.records.map((r) => r.values.external_id)).toEqual(["WEB-1", "AL-1", "AL-2", "EM-1"]);
    expect(parsed.table.records[1]!.values).toMatchObject({
      external_id: "AL-1",
      channel: "alibaba",
      received_at: "2024-11-18T02:00:00.000Z",
      first_response_at: "2024-11-18T02:00:20.500Z",
      customer_external_id: "C-ACME",
      subject: "Hinges 2000 pcs",
      message: "Please send FOB Ningbo price",
      assignee_email: "lin@team.example",
      status: "responded",
      customer_name: "Acme GmbH",
      frt_seconds: "20.5",
      business_frt_seconds: "20.5",
      in_business_hours: "true",
      within_30s: "true",
      sla_status: "",
    });
    expect(parsed.table.records[2]!.values.message).toBe("Need 500 handles\nsecond line");
  });

  it("pages through more rows than one page holds, in order", () => {
    for (let i = 0; i < 25; i++) {
      createInquiry(db, { externalId: `P-${i}`, receivedAt: new Date(Date.UTC(2024, 10, 18, 2, 0, i % 5)) });
    }
    const rows = [...inquiryExportRows(db, 4)];
    expect(rows).toHaveLength(25);
    const keys = rows.map((r) => `${r[2]}#${String(r[9]).padStart(4, "0")}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(rows.map((r) => r[9])).size).toBe(25);
  });

  it("round-trips: an export imported into a fresh database gives the same inquiries", async () => {
    expectOk(importText(GOOD));
    expectOk(importText(csv('Q-1,trade_show,2024-11-19T08:00:00+08:00,,,"Comma, ""quotes""","Line 1\r\nLine 2",,lost')));
    const exported = await exportText(db);
    const described = (target: DB) =>
      target
        .select()
        .from(inquiries)
        .orderBy(asc(inquiries.receivedAt), asc(inquiries.externalId))
        .all()
        .map(
          ({ id: _id, createdAt: _c, updatedAt: _u, slaComputedAt: _s, customerId, assigneeId, firstResponderId, ...rest }) => ({
            ...rest,
            // Ids differ between databases; compare what they point at.
            customer: customerId && open.sqlite.prepare("select external_id from customers where id = ?").pluck().get(customerId),
            assignee: assigneeId && open.sqlite.prepare("select email from users where id = ?").pluck().get(assigneeId),
            responder:
              firstResponderId && open.sqlite.prepare("select email from users where id = ?").pluck().get(firstResponderId),
          }),
        );
    const original = described(db);
    const originalThreads = original.length;

    open = createTestDb();
    db = open.db;
    seedPeople(db);
    expect(expectOk(importText(exported))).toMatchObject({ created: originalThreads, updated: 0 });
    expect(described(db)).toEqual(original);
    const reExported = await exportText(db);
    const withoutIds = (text: string) => {
      const parsed = parseCsv(text, { columns: INQUIRY_CSV_EXPORT_COLUMNS, required: [] });
      if (!parsed.ok) throw new Error("unreadable");
      return parsed.table.records.map(({ values: { id: _id, ...rest } }) => rest);
    };
    expect(withoutIds(reExported)).toEqual(withoutIds(exported));
  });
});

describe("timestamps", () => {
  it.each([
    ["2024-11-18T02:00:00Z", "2024-11-18T02:00:00.000Z"],
    ["2024-11-18T10:00:00.120+08:00", "2024-11-18T02:00:00.120Z"],
    ["2024-11-18T10:00:00.1+0800", "2024-11-18T02:00:00.100Z"],
    ["2024-11-18 10:00+08", "2024-11-18T02:00:00.000Z"],
    ["2024-11-17T21:00:00.123999-05:00", "2024-11-18T02:00:00.123Z"],
  ])("reads %s", (text, iso) => {
    const parsed = parseTimestamp(text);
    expect(parsed.ok && parsed.instant.toISOString()).toBe(iso);
  });

  it.each(["2024-11-18", "2024-11-18T10:00:00", "2024-02-30T10:00:00Z", "2024-11-18T24:00:00Z", "18/11/2024 10:00", "now"])(
    "refuses %s",
    (text) => {
      expect(parseTimestamp(text).ok).toBe(false);
    },
  );
});

describe("crm import/export inquiries", () => {
  const { out, err, file } = captureCommandLine("crm-inquiry-csv-");

  it("imports a good file, prints the summary and exits 0; a second run updates", async () => {
    const path = file("good.csv", GOOD);
    expect(await run(["import", "inquiries", path])).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^Imported 4 inquiries \(4 created, 0 updated\) in \d+ ms\.$/)]);
    expect(await run(["import", "inquiries", path])).toBe(0);
    expect(out[1]).toMatch(/^Imported 4 inquiries \(0 created, 4 updated\) in \d+ ms\.$/);
    expect(err).toEqual([]);
  });

  it("reports each bad row on stderr, imports nothing and exits 1", async () => {
    const path = file(
      "bad.csv",
      csv(
        "OK-1,alibaba,2024-11-18T02:00:00Z,,,,,,",
        "BAD-1,nowhere,2024-11-18T02:00:00Z,,,,,,",
        "BAD-2,alibaba,2024-11-18,,,,,,",
      ),
    );
    expect(await run(["import", "inquiries", path])).toBe(1);
    expect(err).toEqual([
      'row 3, column channel: "nowhere" is not a configured channel (alibaba, made_in_china, website, email, trade_show, referral, other)',
      expect.stringMatching(/^row 4, column received_at: "2024-11-18" is a date only/),
      `crm: ${path}: 2 problems; nothing was imported`,
    ]);
    expect(out).toEqual([]);
    expect(db.select().from(inquiries).all()).toEqual([]);
  });

  it("refuses a header with an unknown column with exit 1", async () => {
    const path = file("typo.csv", "external_id,chanel,received_at\nT-1,alibaba,2024-11-18T02:00:00Z\n");
    expect(await run(["import", "inquiries", path])).toBe(1);
    expect(err[0]).toMatch(/^row 1: unknown column "chanel" \(did you mean "channel"\?\)/);
  });

  it("validates only with --dry-run", async () => {
    const path = file("dry.csv", GOOD);
    expect(await run(["import", "inquiries", path, "--dry-run"])).toBe(0);
    expect(out[0]).toMatch(/^Dry run: 4 inquiries valid \(4 would be created, 0 would be updated\); nothing was written\.$/);
    expect(db.select().from(inquiries).all()).toEqual([]);
  });

  it.each([
    [["import", "inquiries"], "crm: import inquiries takes exactly one FILE"],
    [["import", "inquiries", "/no/such/file.csv"], "crm: cannot read /no/such/file.csv: no such file"],
    [["import", "gadgets", "x.csv"], 'crm: unknown command: import gadgets x.csv (run "npm run crm -- help")'],
    [["export", "inquiries", "extra"], "crm: unexpected argument: extra"],
  ])("refuses %j with one line and exit 2", async (args, message) => {
    expect(await run(args)).toBe(2);
    expect(err).toEqual([message]);
  });

  it("refuses an unknown option with exit 2", async () => {
    expect(await run(["import", "inquiries", "x.csv", "--dryrun"])).toBe(2);
    expect(err[0]).toMatch(/^crm: .*--dryrun/);
  });

  it("exports CSV on standard output and exits 0", async () => {
    expectOk(importText(GOOD));
    expect(await run(["export", "inquiries"])).toBe(0);
    const text = out.join("");
    expect(text.startsWith(`${INQUIRY_CSV_EXPORT_COLUMNS.join(",")}\n`)).toBe(true);
    expect(text.trimEnd().split("\n")).toHaveLength(1 + 4 + 1); // AL-2's message spans two lines
    expect(err).toEqual([]);
  });
});
