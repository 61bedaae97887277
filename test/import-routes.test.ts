/**
 * The web import and the list exports, called the way Remix calls them: /import (upload, preview,
 * import, discard), /import/progress, /customers/export and /orders/export.
 *
 * Only Date is faked (Tuesday 2026-03-10 12:00 Shanghai); timers stay real, so an import run
 * started by the page goes on in the background while the test polls its progress.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import "~/schemas/form";
import { importCustomersCsv } from "~/models/customer-csv.server";
import { importOrdersCsv } from "~/models/order-csv.server";
import * as customersExport from "~/routes/customers.export";
import * as importPage from "~/routes/import";
import { MAX_IMPORT_BYTES, type ImportRunView } from "~/models/import-run.server";
import * as importProgress from "~/routes/import.progress";
import * as ordersExport from "~/routes/orders.export";
import { csvLines } from "~/utils/csv.server";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, type User } from "~db/factories";
import { auditLog, customers, orders, users } from "~db/schema";
import { createTeam, createTestDb, formRequest, getRequest, loaderArgs, ORIGIN, respond, sessionCookieFor } from "./helpers";

const NOW = new Date("2026-03-10T04:00:00.000Z");
const CUSTOMERS = [
  "external_id,name,country,industry,owner_email,contact_name,email,phone,created_at",
  "C-ACME,Acme GmbH,DE,Hardware,rep@example.com,Jonas Weber,jonas@acme.example,,2024-05-01",
  "C-BORE,Borealis Oy,FI,,,,,,",
  "C-ZETA,Zeta AG,DE,,,,,,",
].join("\n");

let database: OpenDatabase;
let rep: User;

// Uploads waiting for confirmation go to the system's temporary folder: a private one here.
const systemTmp = process.env.TMPDIR;
let uploads: string;
beforeAll(() => {
  uploads = mkdtempSync(join(tmpdir(), "crm-import-routes-"));
  process.env.TMPDIR = uploads;
});
afterAll(() => {
  if (systemTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = systemTmp;
  rmSync(uploads, { recursive: true, force: true });
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  const team = await createTeam(database.db);
  rep = team.rep;
});

afterEach(() => {
  vi.useRealTimers();
});

type Who = "svc" | "rep" | "boss" | "root";

async function signIn(who: Who) {
  return sessionCookieFor(`${who}@example.com`);
}

function uploadRequest(fields: { kind?: string; file?: { name: string; content: string | Uint8Array } }, cookie: string) {
  const body = new FormData();
  body.set("intent", "preview");
  if (fields.kind !== undefined) body.set("kind", fields.kind);
  if (fields.file) {
    const content = typeof fields.file.content === "string" ? new TextEncoder().encode(fields.file.content) : fields.file.content;
    body.set("file", new File([new Uint8Array(content)], fields.file.name, { type: "text/csv" }));
  } else {
    body.set("file", new File([], "", { type: "application/octet-stream" }));
  }
  return new Request(`${ORIGIN}/import`, { method: "POST", headers: { Origin: ORIGIN, Cookie: cookie }, body });
}

const upload = (fields: Parameters<typeof uploadRequest>[0], cookie: string) =>
  respond(() => importPage.action(loaderArgs(uploadRequest(fields, cookie))));
const post = (fields: Record<string, string>, cookie: string) =>
  respond(() => importPage.action(loaderArgs(formRequest("/import", fields, { cookie }))));
const progress = (runId: string, cookie: string) =>
  respond(() => importProgress.loader(loaderArgs(getRequest(`/import/progress?run=${runId}`, cookie))));

type Preview = importPage.PreviewData;
type RunView = ImportRunView;

async function previewOf(response: Response): Promise<Preview> {
  return ((await response.json()) as { preview: Preview }).preview;
}

/** Confirms a previewed upload and polls its run until it ends; returns every state seen. */
async function importAndWait(preview: Preview, cookie: string) {
  const response = await post({ intent: "import", token: preview.token!, kind: preview.kind }, cookie);
  expect(response.status).toBe(302);
  const location = response.headers.get("Location")!;
  expect(location).toMatch(/^\/import\?run=[\w-]+$/);
  const runId = new URL(location, ORIGIN).searchParams.get("run")!;
  const seen: RunView[] = [];
  for (let turn = 0; turn < 100_000; turn++) {
    const view = (await (await progress(runId, cookie)).json()) as RunView;
    seen.push(view);
    if (view.phase === "done" || view.phase === "failed") return { runId, final: view, seen };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error("the import never finished");
}

const customerCount = () => database.db.select().from(customers).all().length;

describe("who may import and export", () => {
  it("refuses service and sales staff everywhere, with 403", async () => {
    for (const who of ["svc", "rep"] as const) {
      const cookie = await signIn(who);
      const responses = await Promise.all([
        respond(() => importPage.loader(loaderArgs(getRequest("/import", cookie)))),
        upload({ kind: "customers", file: { name: "c.csv", content: CUSTOMERS } }, cookie),
        post({ intent: "import", token: "x".repeat(32) }, cookie),
        progress("anything", cookie),
        respond(() => customersExport.loader(loaderArgs(getRequest("/customers/export", cookie)))),
        respond(() => ordersExport.loader(loaderArgs(getRequest("/orders/export", cookie)))),
      ]);
      expect(
        responses.map((response) => response.status),
        who,
      ).toEqual([403, 403, 403, 403, 403, 403]);
    }
    expect(customerCount()).toBe(0);
  });

  it("lets managers and admins in, keeping the kind from the URL", async () => {
    for (const who of ["boss", "root"] as const) {
      const cookie = await signIn(who);
      const response = await respond(() => importPage.loader(loaderArgs(getRequest("/import?kind=orders", cookie))));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ kind: "orders", run: null, runGone: false });
    }
  });
});

describe("upload and preview", () => {
  it("previews a good file without importing anything", async () => {
    const cookie = await signIn("boss");
    const response = await upload({ kind: "customers", file: { name: "customers.csv", content: CUSTOMERS } }, cookie);
    expect(response.status).toBe(200);
    const preview = await previewOf(response);
    expect(preview).toMatchObject({
      kind: "customers",
      fileName: "customers.csv",
      summary: { rows: 3, created: 3, updated: 0, unchanged: 0 },
      problems: [],
    });
    expect(preview.token).toMatch(/^[\w-]{32}$/);
    expect(customerCount()).toBe(0);
  });

  it("lists every bad row with row number, column and reason, and offers no import", async () => {
    const cookie = await signIn("boss");
    const file = [
      "external_id,name,country,owner_email",
      "OK-1,Fine,DE,",
      ",No Id,DE,",
      "X-3,Bad Country,XX,",
      "X-4,Wrong Owner,DE,svc@example.com",
    ].join("\n");
    const response = await upload({ kind: "customers", file: { name: "bad.csv", content: file } }, cookie);
    expect(response.status).toBe(422);
    const preview = await previewOf(response);
    expect(preview).toMatchObject({ token: null, summary: null, problemCount: 3 });
    expect(preview.problems).toEqual([
      { row: 3, column: "external_id", message: "is required" },
      { row: 4, column: "country", message: '"XX" is not an ISO 3166-1 alpha-2 country code, e.g. DE, US, CN' },
      { row: 5, column: "owner_email", message: '"svc@example.com" is a service user; only sales reps own customers' },
    ]);
    expect(customerCount()).toBe(0);
  });

  it("accepts a byte-order mark", async () => {
    const cookie = await signIn("root");
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CUSTOMERS)]);
    const preview = await previewOf(await upload({ kind: "customers", file: { name: "excel.csv", content: bytes } }, cookie));
    expect(preview.summary).toMatchObject({ rows: 3, created: 3 });
  });

  it("keeps the chosen kind when the file is missing or too large", async () => {
    const cookie = await signIn("boss");
    const missing = await upload({ kind: "orders" }, cookie);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ errors: { file: ["imports.errors.fileRequired"] }, values: { kind: "orders" } });

    const huge = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41);
    const tooLarge = await upload({ kind: "inquiries", file: { name: "huge.csv", content: huge } }, cookie);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      errors: { file: ['imports.errors.tooLarge|{"size":20}'] },
      values: { kind: "inquiries" },
    });

    const noKind = await upload({ kind: "gadgets", file: { name: "c.csv", content: CUSTOMERS } }, cookie);
    expect(noKind.status).toBe(400);
    expect(await noKind.json()).toMatchObject({ errors: { kind: ["imports.errors.kind"] } });
  });
});

describe("import with progress", () => {
  it("imports a previewed file, reports the counts and records who did it", async () => {
    const cookie = await signIn("boss");
    const preview = await previewOf(
      await upload({ kind: "customers", file: { name: "customers.csv", content: CUSTOMERS } }, cookie),
    );
    const { runId, final } = await importAndWait(preview, cookie);
    expect(final).toMatchObject({
      kind: "customers",
      fileName: "customers.csv",
      phase: "done",
      percent: 100,
      result: { rows: 3, created: 3, updated: 0, unchanged: 0 },
      problemCount: 0,
    });
    expect(customerCount()).toBe(3);
    const boss = database.db.select().from(users).where(eq(users.email, "boss@example.com")).get()!;
    expect(database.db.select().from(auditLog).where(eq(auditLog.entity, "import")).all()).toMatchObject([
      { entityId: "customers", userId: boss.id, after: { file: "customers.csv", created: 3 } },
    ]);

    // The page shows the run; the upload is gone once imported.
    const page = await respond(() => importPage.loader(loaderArgs(getRequest(`/import?run=${runId}`, cookie))));
    expect(await page.json()).toMatchObject({ kind: "customers", run: { id: runId, phase: "done" } });
    const again = await post({ intent: "import", token: preview.token!, kind: "customers" }, cookie);
    expect(again.status).toBe(410);
    expect(await again.json()).toEqual({ errors: { file: ["imports.errors.expired"] }, values: { kind: "customers" } });
  });

  it("checks the file again when confirmed: nothing is imported if it has become bad", async () => {
    const cookie = await signIn("boss");
    const preview = await previewOf(
      await upload({ kind: "customers", file: { name: "customers.csv", content: CUSTOMERS } }, cookie),
    );
    expect(preview.summary).toMatchObject({ created: 3 });
    // Meanwhile the owner stops being a sales rep.
    database.db.update(users).set({ role: "service" }).where(eq(users.id, rep.id)).run();
    const { final } = await importAndWait(preview, cookie);
    expect(final).toMatchObject({
      phase: "failed",
      crashed: false,
      result: null,
      problemCount: 1,
      problems: [
        { row: 2, column: "owner_email", message: '"rep@example.com" is a service user; only sales reps own customers' },
      ],
    });
    expect(customerCount()).toBe(0);
  });

  it("trusts no token but the uploader's own, unexpired one", async () => {
    const boss = await signIn("boss");
    const root = await signIn("root");
    const preview = await previewOf(
      await upload({ kind: "customers", file: { name: "customers.csv", content: CUSTOMERS } }, boss),
    );
    expect((await post({ intent: "import", token: preview.token!, kind: "customers" }, root)).status).toBe(410);
    expect((await post({ intent: "import", token: "A".repeat(32), kind: "customers" }, boss)).status).toBe(410);
    expect((await post({ intent: "import", token: "../../etc/passwd", kind: "customers" }, boss)).status).toBe(410);
    expect(customerCount()).toBe(0);

    // A run is shown only to the manager who started it.
    const { runId } = await importAndWait(preview, boss);
    expect((await progress(runId, root)).status).toBe(404);
    const page = await respond(() => importPage.loader(loaderArgs(getRequest(`/import?run=${runId}`, root))));
    expect(await page.json()).toMatchObject({ run: null, runGone: true });
  });

  it("discards an upload on request", async () => {
    const cookie = await signIn("boss");
    const preview = await previewOf(
      await upload({ kind: "customers", file: { name: "customers.csv", content: CUSTOMERS } }, cookie),
    );
    const response = await post({ intent: "discard", token: preview.token!, kind: "customers" }, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/import?kind=customers");
    expect((await post({ intent: "import", token: preview.token!, kind: "customers" }, cookie)).status).toBe(410);
  });

  it("shows movement while a 7,000-row orders file is checked, then imports it in one go", async () => {
    const cookie = await signIn("boss");
    const customerRows = [["external_id", "name"]];
    for (let i = 0; i < 2400; i++) customerRows.push([`SC-${i}`, `Scale ${i}`]);
    expect(importCustomersCsv(database.db, csvLines(customerRows), { now: NOW })).toMatchObject({ ok: true, created: 2400 });
    const orderRows = [["external_id", "customer_external_id", "ordered_at", "amount", "currency", "fx_rate"]];
    for (let i = 0; i < 7000; i++) {
      orderRows.push([
        `SO-${i}`,
        `SC-${i % 2400}`,
        `2025-${String(1 + (i % 12)).padStart(2, "0")}-15`,
        `${100 + i}.25`,
        i % 2 ? "EUR" : "",
        i % 2 ? "1.0850" : "",
      ]);
    }
    const preview = await previewOf(
      await upload({ kind: "orders", file: { name: "orders.csv", content: csvLines(orderRows) } }, cookie),
    );
    expect(preview.summary).toMatchObject({ rows: 7000, created: 7000 });

    const { final, seen } = await importAndWait(preview, cookie);
    expect(final).toMatchObject({ phase: "done", percent: 100, result: { created: 7000 } });
    const checking = seen.filter((view) => view.phase === "checking" && view.percent > 0 && view.percent < 50);
    expect(new Set(checking.map((view) => view.percent)).size).toBeGreaterThanOrEqual(2);
    // Percentages only grow while a run goes on.
    const percents = seen.map((view) => view.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(database.db.select().from(orders).all()).toHaveLength(7000);
  }, 60_000);
});

describe("exports of the lists", () => {
  beforeEach(() => {
    expect(importCustomersCsv(database.db, CUSTOMERS, { now: NOW })).toMatchObject({ ok: true });
    createCustomer(database.db, { name: "Not in DE", country: "US" });
    const orderFile = [
      "external_id,customer_external_id,ordered_at,amount,currency,fx_rate,status",
      "O-1,C-ACME,2026-01-10,100,,,completed",
      "O-2,C-BORE,2026-02-10,200,EUR,1.0850,cancelled",
      "O-3,C-ACME,2026-03-01,300.5,,,shipped",
    ].join("\n");
    expect(importOrdersCsv(database.db, orderFile, { now: NOW })).toMatchObject({ ok: true });
  });

  const body = async (response: Response) => new Uint8Array(await response.arrayBuffer());
  const text = (bytes: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

  it("streams the customers the list's filters show, in its order, with a BOM that imports back", async () => {
    const cookie = await signIn("boss");
    const response = await respond(() =>
      customersExport.loader(loaderArgs(getRequest("/customers/export?country=DE&sort=name&page=3", cookie))),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe("attachment; filename=customers-2026-03-10.csv");
    const bytes = await body(response);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text(bytes).slice(1).trimEnd().split("\n");
    expect(lines[0]!.startsWith("external_id,id,name,country,industry,owner_email,tier,tier_reason,")).toBe(true);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["C-ACME", "C-ZETA"]);
    // What was exported imports back as it is.
    expect(importCustomersCsv(database.db, bytes, { now: NOW })).toMatchObject({ ok: true, rows: 2, unchanged: 2 });
  });

  it("streams the orders the list's filters show, newest first", async () => {
    const cookie = await signIn("root");
    const all = await respond(() => ordersExport.loader(loaderArgs(getRequest("/orders/export", cookie))));
    expect(all.headers.get("Content-Disposition")).toBe("attachment; filename=orders-2026-03-10.csv");
    const rows = (bytes: Uint8Array) =>
      text(bytes)
        .slice(1)
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",")[0]);
    const allBytes = await body(all);
    expect(rows(allBytes)).toEqual(["O-3", "O-2", "O-1"]);
    expect(importOrdersCsv(database.db, allBytes, { now: NOW })).toMatchObject({ ok: true, unchanged: 3 });

    const shipped = await respond(() => ordersExport.loader(loaderArgs(getRequest("/orders/export?status=shipped", cookie))));
    expect(rows(await body(shipped))).toEqual(["O-3"]);
    const february = await respond(() =>
      ordersExport.loader(loaderArgs(getRequest("/orders/export?from=2026-02-01&to=2026-02-28&q=bore", cookie))),
    );
    expect(rows(await body(february))).toEqual(["O-2"]);
  });
});
