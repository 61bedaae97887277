import { count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reloadEnv } from "~/env.server";
import { createApiKey } from "~/models/api-key.server";
import { saveSettings, getSettings } from "~/models/settings.server";
import { action, MAX_BODY_BYTES } from "~/routes/api.v1.inquiries";
import { limiter } from "~/utils/rate-limiter.server";
import { createContact, createCustomer, createProduct, createUser } from "~db/factories";
import { contacts, customers, inquiries, messages } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import { createTestDb, loaderArgs } from "./helpers";

let database: OpenDatabase;
let key: string;

beforeEach(() => {
  database = createTestDb();
  limiter("intake").reset();
  key = createApiKey(database.db, "test", { userId: null, at: new Date() }).key;
});
afterEach(() => {
  delete process.env.CRM_INTAKE_KEY;
  reloadEnv();
});

const validBody = () => ({
  channel: "alibaba",
  externalId: "AL-20261122-0001",
  subject: "Quotation for 2,000 pcs stainless hinges",
  message: "Please send FOB Ningbo price",
  buyer: { company: "Acme GmbH", name: "Jonas Weber", email: "jonas@acme.example", phone: "+49 30 1234567", country: "DE" },
  product: { sku: "HG-304-100" },
  quantity: 2000,
});

function post(body: unknown, init: { key?: string | null; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": init.contentType ?? "application/json" };
  const bearer = init.key === undefined ? key : init.key;
  if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
  const request = new Request("http://localhost:3000/api/v1/inquiries", {
    method: "POST",
    headers,
    body: init.raw ?? JSON.stringify(body),
  });
  return action(loaderArgs(request)) as Promise<Response>;
}

const rowCounts = () => ({
  inquiries: database.db.select({ n: count() }).from(inquiries).get()!.n,
  messages: database.db.select({ n: count() }).from(messages).get()!.n,
  customers: database.db.select({ n: count() }).from(customers).get()!.n,
  contacts: database.db.select({ n: count() }).from(contacts).get()!.n,
});

describe("POST /api/v1/inquiries", () => {
  it("201: records the inquiry, a new customer and contact, and links the product", async () => {
    const product = createProduct(database.db, { sku: "HG-304-100" });
    const response = await post(validBody());
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      id: expect.any(Number),
      url: `http://localhost:3000/inquiries/${body.id}`,
      customerId: expect.any(Number),
      status: "new",
    });
    const row = database.db.select().from(inquiries).get()!;
    expect(row.productId).toBe(product.id);
    expect(row.quantity).toBe(2000);
    const customer = database.db.select().from(customers).get()!;
    expect(customer).toMatchObject({ name: "Acme GmbH", country: "DE", tier: "new" });
    expect(database.db.select().from(contacts).get()).toMatchObject({ name: "Jonas Weber", email: "jonas@acme.example" });
  });

  it("200 with the same id for a repeated channel + externalId, and nothing duplicated", async () => {
    const first = await (await post(validBody())).json();
    const before = rowCounts();
    const again = await post({ ...validBody(), subject: "changed" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(rowCounts()).toEqual(before);
  });

  it("treats the same externalId on another channel as a new inquiry", async () => {
    const first = await (await post(validBody())).json();
    const other = await post({ ...validBody(), channel: "made_in_china" });
    expect(other.status).toBe(201);
    expect((await other.json()).id).not.toBe(first.id);
  });

  it("matches the buyer by contact e-mail first, in any case", async () => {
    const known = createCustomer(database.db, { name: "Weber Baubeschlag GmbH" });
    createContact(database.db, { customerId: known.id, email: "Jonas@Acme.example" });
    const body = await (await post(validBody())).json();
    expect(body.customerId).toBe(known.id);
  });

  it("then by company name, ignoring case", async () => {
    const known = createCustomer(database.db, { name: "ACME GMBH" });
    const body = await (await post({ ...validBody(), buyer: { ...validBody().buyer, email: "new@acme.example" } })).json();
    expect(body.customerId).toBe(known.id);
  });

  it("accepts CRM_INTAKE_KEY from the environment", async () => {
    process.env.CRM_INTAKE_KEY = "an-environment-intake-key-123";
    reloadEnv();
    const response = await post(validBody(), { key: "an-environment-intake-key-123" });
    expect(response.status).toBe(201);
  });

  it("keeps a receivedAt from the source system, to the millisecond", async () => {
    const response = await post({ ...validBody(), receivedAt: "2026-11-20T08:15:30.120Z" });
    expect(response.status).toBe(201);
    expect(database.db.select().from(inquiries).get()!.receivedAt.toISOString()).toBe("2026-11-20T08:15:30.120Z");
  });

  it("401 without a key, with a wrong key, and with a revoked-looking one", async () => {
    for (const bad of [null, "nope", `${key}x`]) {
      const response = await post(validBody(), { key: bad });
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toContain("Bearer");
    }
    expect(rowCounts().inquiries).toBe(0);
  });

  it("415 for another content type", async () => {
    const response = await post(validBody(), { contentType: "text/plain" });
    expect(response.status).toBe(415);
  });

  it("413 for a body over 64 KiB, and nothing is written", async () => {
    const response = await post({ ...validBody(), message: "x".repeat(MAX_BODY_BYTES) });
    expect(response.status).toBe(413);
    expect(rowCounts().inquiries).toBe(0);
  });

  it("400 for malformed JSON", async () => {
    const response = await post(null, { raw: '{"channel": "alibaba",' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBeTruthy();
    expect(body.issues).toHaveLength(1);
  });

  it("400 with a message per failing field, by path", async () => {
    const response = await post({
      channel: "alibaba",
      subject: "",
      message: "hi",
      receivedAt: "2026-11-22 08:15",
      buyer: { name: "", email: "not-an-email", country: "Germany" },
      quantity: 2.5,
    });
    expect(response.status).toBe(400);
    const { issues } = await response.json();
    const paths = issues.map((issue: { path: string }) => issue.path).sort();
    expect(paths).toEqual(["buyer.country", "buyer.email", "buyer.name", "quantity", "receivedAt", "subject"]);
    const byPath = Object.fromEntries(issues.map((issue: { path: string; message: string }) => [issue.path, issue.message]));
    expect(byPath["buyer.email"]).toBe("Enter a valid e-mail address.");
    expect(byPath["buyer.name"]).toBe("Required.");
    expect(rowCounts()).toEqual({ inquiries: 0, messages: 0, customers: 0, contacts: 0 });
  });

  it("400 for a receivedAt more than five minutes in the future", async () => {
    const future = new Date(Date.now() + 6 * 60 * 1000).toISOString();
    const response = await post({ ...validBody(), receivedAt: future });
    expect(response.status).toBe(400);
    expect((await response.json()).issues[0].path).toBe("receivedAt");
  });

  it("400 for an unknown channel, leaving no customer or contact behind", async () => {
    const response = await post({ ...validBody(), channel: "tiktok" });
    expect(response.status).toBe(400);
    expect((await response.json()).issues).toEqual([{ path: "channel", message: 'Unknown channel "tiktok".' }]);
    expect(rowCounts()).toEqual({ inquiries: 0, messages: 0, customers: 0, contacts: 0 });
  });

  it("429 with Retry-After when a key sends faster than its limit", async () => {
    const settings = getSettings(database.db);
    saveSettings(
      database.db,
      { response: { ...settings.response, intakeRatePerSecond: 1, intakeBurst: 3 } },
      { userId: null, at: new Date() },
    );
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await post({ ...validBody(), externalId: `AL-${i}` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("Retry-After");
    }
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(rowCounts().inquiries).toBe(3);
  });

  it("gives an inquiry that arrives outside business hours the auto-reply, which is not a first response", async () => {
    // Saturday 2026-11-21, 10:00 in Shanghai.
    const response = await post({ ...validBody(), receivedAt: "2026-11-21T02:00:00.000Z" });
    expect(response.status).toBe(201);
    const thread = database.db.select().from(messages).all();
    expect(thread.map((m) => [m.direction, m.isAutoReply])).toEqual([
      ["in", false],
      ["out", true],
    ]);
    const row = database.db.select().from(inquiries).get()!;
    expect(row.firstResponseAt).toBeNull();
    expect(row.inBusinessHours).toBe(false);
    expect(row.slaStatus).not.toBeNull();
  });

  it("assigns round-robin to on-duty service staff only", async () => {
    const a = await createUser(database.db, { role: "service", onDuty: true, name: "A" });
    const b = await createUser(database.db, { role: "service", onDuty: true, name: "B" });
    await createUser(database.db, { role: "service", onDuty: false, name: "Off" });
    await createUser(database.db, { role: "sales", onDuty: true, name: "Rep" });
    const assignees: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await (await post({ ...validBody(), externalId: `RR-${i}` })).json();
      assignees.push(database.db.query.inquiries.findFirst({ where: (q, { eq }) => eq(q.id, id) }).sync()!.assigneeId);
    }
    expect(assignees).toEqual([a.id, b.id, a.id, b.id]);
  });
});
