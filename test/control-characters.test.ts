/**
 * Control characters from outside are dropped at the schema boundary (SPEC §12, issue 9 item 8):
 * NUL, escape sequences, the other C0/C1 controls and noncharacters such as U+FFFE never reach
 * the database from the intake API, the public form's schema or a CSV import. Bodies keep their
 * tabs and line breaks; one-line fields keep neither. And a `receivedAt` in the years 0000–0099
 * is refused with 400 and a message on that field (it answered 500).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reloadEnv } from "~/env.server";
import { createApiKey } from "~/models/api-key.server";
import { importCustomersCsv } from "~/models/customer-csv.server";
import { importInquiriesCsv } from "~/models/inquiry-csv.server";
import { action } from "~/routes/api.v1.inquiries";
import { manualInquirySchema, publicInquirySchema } from "~/schemas/inquiry";
import { limiter } from "~/utils/rate-limiter.server";
import type { OpenDatabase } from "~db/client.server";
import { contacts, customers, inquiries, messages } from "~db/schema";
import { createTestDb, loaderArgs } from "./helpers";

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/;

let database: OpenDatabase;
let key: string;

beforeEach(() => {
  database = createTestDb();
  limiter("intake").reset();
  key = createApiKey(database.db, "test", { userId: null, at: new Date() }).key;
});
afterEach(() => {
  reloadEnv();
});

function post(body: unknown) {
  const request = new Request("http://localhost:3000/api/v1/inquiries", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  return action(loaderArgs(request)) as Promise<Response>;
}

const body = (overrides: Record<string, unknown> = {}) => ({
  channel: "alibaba",
  externalId: "AL-\u0000-1",
  subject: "Hinges\u001b[2J\u0007 please",
  message: "Line one\u0000\r\nLine\ttwo\u0085\u009b\uFFFE\n\u001b]0;pwned\u0007end",
  buyer: {
    company: "Acme\u0000 GmbH\uFFFF",
    name: "Jonas\tWeber\u0008",
    email: "jonas@acme.example",
    phone: "+49 30 1234567\u0000",
  },
  ...overrides,
});

describe("the intake API", () => {
  it("stores the inquiry without control characters, keeping the message's tabs and line breaks", async () => {
    const response = await post(body());
    expect(response.status).toBe(201);
    const inquiry = database.db.select().from(inquiries).get()!;
    expect(inquiry.subject).toBe("Hinges[2J please");
    expect(inquiry.externalId).toBe("AL--1");
    const message = database.db.select().from(messages).get()!;
    expect(message.body).toBe("Line one\nLine\ttwo\n]0;pwnedend");
    const customer = database.db.select().from(customers).get()!;
    expect(customer.name).toBe("Acme GmbH");
    const contact = database.db.select().from(contacts).get()!;
    expect(contact.name).toBe("Jonas Weber");
    expect(contact.phone).toBe("+49 30 1234567");
    for (const text of [inquiry.subject, message.body, customer.name, contact.name, contact.phone ?? ""])
      expect(CONTROLS.test(text), JSON.stringify(text)).toBe(false);
  });

  it("refuses a field left empty once its control characters are gone", async () => {
    const response = await post(body({ subject: "\u0000\u001b" }));
    expect(response.status).toBe(400);
    expect((await response.json()).issues.map((issue: { path: string }) => issue.path)).toEqual(["subject"]);
    expect(database.db.select().from(inquiries).all()).toEqual([]);
  });

  it("refuses a receivedAt in the years 0000–0099 (or before 1970) with 400 on that field", async () => {
    for (const receivedAt of [
      "0000-01-01T00:00:00Z",
      "0001-06-01T12:00:00+08:00",
      "0099-12-31T23:59:59Z",
      "1969-12-31T23:59:59Z",
    ]) {
      const response = await post(body({ externalId: `AL-${receivedAt}`, receivedAt }));
      expect(response.status, receivedAt).toBe(400);
      const { issues } = await response.json();
      expect(issues, receivedAt).toEqual([{ path: "receivedAt", message: "Must not lie before 1970." }]);
    }
    expect(database.db.select().from(inquiries).all()).toEqual([]);
    expect((await post(body({ receivedAt: "1970-01-01T00:00:00Z" }))).status).toBe(201);
  });
});

describe("the form schemas", () => {
  it("drop control characters from the public form and the manual inquiry", () => {
    const publicForm = publicInquirySchema.parse({
      name: "Li\u0000 Lei",
      email: "li@example.com",
      message: "Hi\u001b[31m\r\nthere\t!",
      company: "\u0007Co",
    });
    expect(publicForm).toMatchObject({ name: "Li Lei", message: "Hi[31m\nthere\t!", company: "Co" });
    const manual = manualInquirySchema.safeParse({
      channel: "phone",
      customerName: "A\u0000",
      contactName: "B",
      subject: "S\u0085",
      message: "M",
      receivedAt: "0001-01-01T10:00",
    });
    expect(manual.success).toBe(false);
    expect(manual.error?.issues.map((issue) => issue.path.join("."))).toEqual(["receivedAt"]);
  });
});

describe("CSV imports", () => {
  it("store customers and inquiries without control characters; messages keep tabs and line breaks", () => {
    const customerFile =
      'external_id,name,country,industry,owner_email,contact_name,email,phone,created_at\nC-1,"Acme\u0000 GmbH\u001b[0m",DE,"Hard\u0085ware",,"Jonas\tWeber",,"+49 30 1234567\u0007",\n';
    const imported = importCustomersCsv(database.db, customerFile);
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
    const customer = database.db.select().from(customers).get()!;
    expect(customer.name).toBe("Acme GmbH[0m");
    expect(customer.industry).toBe("Hardware");
    const contact = database.db.select().from(contacts).get()!;
    expect(contact).toMatchObject({ name: "Jonas Weber", phone: "+49 30 1234567" });

    const inquiryFile = `external_id,channel,received_at,customer_external_id,subject,message\nI-1,alibaba,2026-11-20T08:00:00Z,C-1,"Sub\u0000ject\u000bline","Hello\u0000\r\n\tworld\u001b"\n`;
    const result = importInquiriesCsv(database.db, inquiryFile, { now: new Date("2026-11-23T00:00:00Z") });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const inquiry = database.db.select().from(inquiries).get()!;
    expect(inquiry.subject).toBe("Subjectline");
    expect(database.db.select().from(messages).get()!.body).toBe("Hello\n\tworld");
  });
});
