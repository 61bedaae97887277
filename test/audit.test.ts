import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createCustomer, type User } from "~db/factories";
import { auditLog, inquiries, users } from "~db/schema";
import type { OpenDatabase } from "~db/client.server";
import * as audit from "~/routes/admin.audit";
import { auditTrail, latestAuditEntries, recordAudit } from "~/models/audit.server";
import { createProduct, setProductActive, updateProduct } from "~/models/product.server";
import { setAgreedPrice } from "~/models/agreed-price.server";
import { addMessage, assignInquiry, changeInquiryStatus, receiveInquiry, takeInquiry } from "~/models/inquiry.server";
import { importRunView, startImportRun } from "~/models/import-run.server";
import { getSettings } from "~/models/settings.server";
import { createTeam, createTestDb, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

let database: OpenDatabase;
let rep: User;

beforeEach(async () => {
  database = createTestDb();
  const team = await createTeam(database.db, { rep: "Rita Rep" });
  rep = team.rep;
});

async function signIn(who: string) {
  return sessionCookieFor(`${who}@example.com`);
}

const load = (cookie: string, search = "") =>
  respond(() => audit.loader(loaderArgs(getRequest(`/admin/audit${search}`, cookie))));

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 8, minute));
const product = { sku: "HG-100", name: "Hinge", category: "Hinges", listPriceMinor: 95, currency: "USD" };

type Entry = {
  id: number;
  entity: string;
  entityId: string;
  action: string;
  userName: string | null;
  before: unknown;
  after: unknown;
};

describe("audit page: roles", () => {
  it("is for admins only", async () => {
    const expected = { svc: 403, rep: 403, boss: 403, root: 200 };
    for (const [who, status] of Object.entries(expected)) {
      const cookie = await signIn(who);
      expect((await load(cookie)).status, `${who} latest`).toBe(status);
      expect((await load(cookie, "?entity=product&id=1")).status, `${who} record`).toBe(status);
    }
  });
});

describe("audit page: one record's trail", () => {
  it("shows who changed what and when, newest first, with the fields before and after", async () => {
    const created = createProduct(database.db, product, { userId: rep.id, at: at(0) });
    if (!created.ok) throw new Error("setup failed");
    const id = created.product.id;
    updateProduct(database.db, id, { ...product, listPriceMinor: 105 }, { userId: rep.id, at: at(5) });
    setProductActive(database.db, id, false, { userId: null, at: at(9) });
    // Another record's entries stay out of this trail.
    createProduct(database.db, { ...product, sku: "LK-200" }, { userId: rep.id, at: at(7) });

    const response = await load(await signIn("root"), `?entity=product&id=${id}`);
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.record).toEqual({ entity: "product", id: String(id) });
    const entries = data.entries as (Entry & { at: string })[];
    expect(entries.map((entry) => [entry.action, entry.userName, entry.at])).toEqual([
      ["update", null, at(9).toISOString()],
      ["update", "Rita Rep", at(5).toISOString()],
      ["create", "Rita Rep", at(0).toISOString()],
    ]);
    expect(entries[0]).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(entries[1]).toMatchObject({ before: { listPriceMinor: 95 }, after: { listPriceMinor: 105 } });
    expect(entries[1]!.before).toEqual({ listPriceMinor: 95 });
    expect(entries[2]).toMatchObject({
      before: null,
      after: { sku: "HG-100", listPriceMinor: 95, currency: "USD", active: true },
    });
  });

  it("shows an agreed price's trail and an empty one honestly", async () => {
    const created = createProduct(database.db, product, { userId: rep.id, at: at(0) });
    if (!created.ok) throw new Error("setup failed");
    const customer = createCustomer(database.db);
    const set = setAgreedPrice(
      database.db,
      customer.id,
      { productId: created.product.id, priceMinor: 90, currency: "USD" },
      { userId: rep.id, at: at(1) },
    );
    if (!set.ok) throw new Error("setup failed");
    const cookie = await signIn("root");

    const trail = await (await load(cookie, `?entity=agreed_price&id=${set.agreedPrice.id}`)).json();
    expect(trail.entries).toMatchObject([
      { action: "create", userName: "Rita Rep", after: { customerId: customer.id, priceMinor: 90 } },
    ]);

    const nothing = await (await load(cookie, "?entity=customer&id=424242")).json();
    expect(nothing.record).toEqual({ entity: "customer", id: "424242" });
    expect(nothing.entries).toEqual([]);
  });

  it("shows an inquiry's trail: created, assigned, answered, status changed, with who and before/after", async () => {
    const settings = getSettings(database.db);
    const received = receiveInquiry(
      database.db,
      {
        channelKey: "website",
        receivedAt: at(0),
        subject: "Door hinges",
        message: "Price for 500 pcs?",
        buyer: { company: "Acme GmbH", name: "Jonas", email: "jonas@acme.example", country: "DE" },
        createdById: rep.id,
      },
      { now: at(0), settings, autoReply: false },
    );
    if (!received.ok) throw new Error("setup failed");
    const id = received.id;
    const boss = database.db.select().from(users).where(eq(users.email, "boss@example.com")).get()!;
    assignInquiry(database.db, id, boss.id, at(1), boss.id);
    expect(takeInquiry(database.db, id, { id: rep.id, role: "sales" }, at(2))).toBe("assignedToColleague");
    addMessage(database.db, { inquiryId: id, authorId: boss.id, direction: "out", body: "USD 0.95" }, { now: at(3), settings });
    expect(
      changeInquiryStatus(database.db, id, { status: "lost", lostReason: "Too far" }, { now: at(4), settings, userId: boss.id }),
    ).toEqual({ ok: true });

    const data = await (await load(await signIn("root"), `?entity=inquiry&id=${id}`)).json();
    expect(data.record).toEqual({ entity: "inquiry", id: String(id) });
    expect((data.entries as Entry[]).map((entry) => [entry.action, entry.userName, entry.before, entry.after])).toEqual([
      ["update", "Boss", { status: "responded", lostReason: null }, { status: "lost", lostReason: "Too far" }],
      ["update", "Boss", { status: "new" }, { status: "responded" }],
      ["update", "Boss", { assigneeId: null }, { assigneeId: boss.id }],
      [
        "create",
        "Rita Rep",
        null,
        expect.objectContaining({
          channel: "website",
          subject: "Door hinges",
          status: "new",
          assigneeId: null,
          customerId: received.customerId,
        }),
      ],
    ]);
  });

  it("shows an inquiry imported on the import page as created by whoever imported it", async () => {
    const csv = [
      "external_id,channel,received_at,first_response_at,customer_external_id,subject,message,assignee_email,status",
      "WEB-77,website,2026-03-01T08:00:00Z,,,Door hinges,Price for 500 pcs?,,",
    ].join("\n");
    const bytes = new TextEncoder().encode(csv);
    const upload = {
      token: randomBytes(24).toString("base64url"),
      userId: rep.id,
      kind: "inquiries" as const,
      fileName: "inquiries.csv",
      size: bytes.byteLength,
      uploadedAt: Date.now(),
    };
    const run = startImportRun(upload, bytes, database.db);
    await vi.waitFor(() => expect(importRunView(run, rep.id)?.phase).toBe("done"), { timeout: 20_000, interval: 20 });
    const id = database.db.select().from(inquiries).where(eq(inquiries.externalId, "WEB-77")).get()!.id;

    const data = await (await load(await signIn("root"), `?entity=inquiry&id=${id}`)).json();
    expect((data.entries as Entry[]).map((entry) => [entry.action, entry.userName, entry.before, entry.after])).toEqual([
      [
        "create",
        "Rita Rep",
        null,
        expect.objectContaining({ channel: "website", externalId: "WEB-77", subject: "Door hinges", status: "new" }),
      ],
    ]);
  }, 30_000);

  it("falls back to the latest changes for an unknown record type or a missing id", async () => {
    createProduct(database.db, product, { userId: rep.id, at: at(0) });
    const cookie = await signIn("root");
    for (const search of ["?entity=spaceship&id=1", "?entity=product", "?id=1", "?entity=product&id=%20"]) {
      const data = await (await load(cookie, search)).json();
      expect(data.record, search).toBeNull();
      expect(data.entries, search).toHaveLength(1);
    }
  });
});

describe("audit page: latest changes", () => {
  it("starts empty", async () => {
    const data = await (await load(await signIn("root"))).json();
    expect(data).toEqual({ record: null, entries: [] });
  });

  it("lists the latest 100 entries across all records, newest first, with who made them", async () => {
    for (let n = 0; n < 105; n += 1) {
      recordAudit(database.db, {
        entity: n % 2 ? "customer" : "settings",
        entityId: n % 2 ? n : "general",
        action: "update",
        userId: n % 3 ? rep.id : null,
        at: new Date(at(0).getTime() + n * 1000),
        before: { name: `before ${n}` },
        after: { name: `after ${n}` },
      });
    }
    const data = await (await load(await signIn("root"))).json();
    const entries = data.entries as (Entry & { at: string })[];
    expect(entries).toHaveLength(100);
    expect(entries[0]).toMatchObject({
      entity: "settings",
      entityId: "general",
      userName: "Rita Rep",
      after: { name: "after 104" },
    });
    expect(entries[1]).toMatchObject({ entity: "customer", entityId: "103", userName: "Rita Rep" });
    // Changes made by the system (no user) say so.
    expect(entries[2]).toMatchObject({ entity: "settings", userName: null, after: { name: "after 102" } });
    expect(entries.at(-1)).toMatchObject({ after: { name: "after 5" } });
    const times = entries.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("orders entries of the same instant by when they were written", () => {
    recordAudit(database.db, { entity: "user", entityId: 1, action: "create", userId: null, at: at(0), after: { name: "A" } });
    recordAudit(database.db, {
      entity: "user",
      entityId: 1,
      action: "update",
      userId: null,
      at: at(0),
      before: { name: "A" },
      after: { name: "B" },
    });
    expect(latestAuditEntries(database.db).map((entry) => entry.action)).toEqual(["update", "create"]);
    expect(auditTrail(database.db, "user", 1).map((entry) => entry.action)).toEqual(["update", "create"]);
    expect(database.db.select().from(auditLog).all()).toHaveLength(2);
  });
});
