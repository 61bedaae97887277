/**
 * CSV formula injection (SPEC §12, issue 9 item 3), through every way the product writes CSV: the
 * web exports (/customers/export, /reports/csv/tiers) and the command line (`export customers`,
 * `export inquiries`). A buyer's name that a spreadsheet would run gets a leading `'`; a phone
 * number stays as it is; and a file exported and imported again, round after round, gives back
 * exactly the names it started with.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import { createContact, createCustomer, createInquiry, createUser } from "~db/factories";
import { customers, jobRuns } from "~db/schema";
import * as customersExport from "~/routes/customers.export";
import * as reportCsv from "~/routes/reports.csv.$report";
import { isFormulaLike } from "~/utils/csv-safety";
import { run } from "../jobs/cli";
import { createTestDb, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const NOW = new Date("2026-11-23T10:30:00+08:00");
const EVIL = '=HYPERLINK("http://evil")';
const PHONE = "+49 30 1234567";
/** Names a round trip must keep exactly as they are. */
const NAMES = [EVIL, "-Acme-", "@Home Supplies", "+Plus GmbH", "'t Hooft BV", "''=Twice", "-12.5", "Plain Trading Ltd"];

let database: OpenDatabase;
let folder: string;
let out: string[];
let err: string[];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  folder = mkdtempSync(join(tmpdir(), "crm-csv-safety-"));
  await createUser(database.db, { email: "root@example.com", name: "Root", role: "admin" });
  NAMES.forEach((name, i) => {
    const customer = createCustomer(database.db, {
      name,
      externalId: `C-${i + 1}`,
      industry: i === 0 ? "@SUM(A1:A9)" : "Hardware",
      tier: "high_value",
      tiersAsOf: "2026-11-23",
      tierSince: "2026-11-10",
      revenue12mMinor: 10_000 * (i + 1),
    });
    createContact(database.db, { customerId: customer.id, name: i === 0 ? "-Jonas-" : `Buyer ${i}`, phone: PHONE });
    if (i === 0) createInquiry(database.db, { customerId: customer.id, subject: "=1+1", externalId: "I-1" });
  });
  database.db
    .insert(jobRuns)
    .values({
      job: "tiers",
      asOf: "2026-11-23",
      startedAt: NOW,
      finishedAt: NOW,
      status: "succeeded",
      progress: 1,
      figures: { customers: NAMES.length },
    })
    .run();
  out = [];
  err = [];
  vi.spyOn(console, "log").mockImplementation((...args) => void out.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args) => void err.push(args.join(" ")));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  rmSync(folder, { recursive: true, force: true });
});

const records = (text: string) => parse(text, { bom: true, relax_column_count: true }) as string[][];

/** Every cell of a CSV that a spreadsheet would run as a formula (there must be none). */
const formulaCells = (text: string) => records(text).flat().filter(isFormulaLike);

async function signIn() {
  return await sessionCookieFor("root@example.com");
}

async function cliExport(what: "customers" | "inquiries"): Promise<string> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (chunks.push(String(chunk)), true));
  try {
    expect(await run(["export", what])).toBe(0);
  } finally {
    write.mockRestore();
  }
  return chunks.join("");
}

function column(text: string, name: string): string[] {
  const [header, ...rows] = records(text);
  const index = header!.indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return rows.map((row) => row[index]!);
}

const storedNames = () =>
  database.db
    .select({ name: customers.name })
    .from(customers)
    .all()
    .map((row) => row.name)
    .sort();

describe("CSV exports neutralise formulas", () => {
  it("/customers/export quotes the formula name and industry, and keeps the phone number", async () => {
    const cookie = await signIn();
    const text = await (await respond(() => customersExport.loader(loaderArgs(getRequest("/customers/export", cookie))))).text();
    expect(formulaCells(text)).toEqual([]);
    expect(column(text, "name")).toContain(`'${EVIL}`);
    expect(column(text, "name")).toContain("'-Acme-");
    expect(column(text, "name")).toContain("'t Hooft BV");
    expect(column(text, "name")).toContain("'''=Twice");
    expect(column(text, "name")).toContain("-12.5");
    expect(column(text, "industry")).toContain("'@SUM(A1:A9)");
    expect(column(text, "phone")).toContain(PHONE);
  });

  it("/reports/csv/tiers quotes the formula name", async () => {
    const cookie = await signIn();
    const response = await respond(() =>
      reportCsv.loader(loaderArgs(getRequest("/reports/csv/tiers?tier=high_value&table=customers", cookie), { report: "tiers" })),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(formulaCells(text)).toEqual([]);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'-Acme-");
  });

  it("`export customers` and `export inquiries` quote formulas and keep phone numbers", async () => {
    const customersText = await cliExport("customers");
    expect(formulaCells(customersText)).toEqual([]);
    expect(column(customersText, "name")).toContain(`'${EVIL}`);
    expect(column(customersText, "contact_name")).toContain("'-Jonas-");
    expect(column(customersText, "phone")).toContain(PHONE);

    const inquiriesText = await cliExport("inquiries");
    expect(formulaCells(inquiriesText)).toEqual([]);
    expect(column(inquiriesText, "customer_name")).toEqual([`'${EVIL}`]);
    expect(column(inquiriesText, "subject")).toEqual(["'=1+1"]);
  });
});

describe("an exported file imports back as it was", () => {
  it("`export customers` → `import customers`, three rounds: no quote piles up and no name changes", async () => {
    const before = storedNames();
    const first = await cliExport("customers");
    let text = first;
    for (let round = 1; round <= 3; round++) {
      const path = join(folder, `round-${round}.csv`);
      writeFileSync(path, text);
      expect(await run(["import", "customers", path]), err.join("\n")).toBe(0);
      expect(storedNames(), `round ${round}`).toEqual(before);
      text = await cliExport("customers");
      expect(column(text, "name"), `round ${round}`).toEqual(column(first, "name"));
    }
    expect(storedNames()).toContain("-Acme-");
    expect(storedNames()).toContain(EVIL);
  });

  it("the web download (with its byte-order mark) imports back on the command line unchanged", async () => {
    const before = storedNames();
    const cookie = await signIn();
    const downloaded = Buffer.from(
      await (await respond(() => customersExport.loader(loaderArgs(getRequest("/customers/export", cookie))))).arrayBuffer(),
    );
    const path = join(folder, "download.csv");
    writeFileSync(path, downloaded);
    expect(await run(["import", "customers", path]), err.join("\n")).toBe(0);
    expect(storedNames()).toEqual(before);
  });
});
