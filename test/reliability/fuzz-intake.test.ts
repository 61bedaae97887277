/**
 * Property-based fuzzing of the two doors anyone can reach without signing in (SPEC §9, §12): the
 * intake API (POST /api/v1/inquiries) and the public form (/inquire). Whatever is sent, the answer
 * is below 500; the inquiries table grows by exactly the number of 201 answers; and an answer
 * that created nothing (200 for a repeat, any 4xx) leaves no customer, contact or message behind.
 * Twenty identical posts at once give one row.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as intake } from "~/routes/api.v1.inquiries";
import { action as publicForm } from "~/routes/inquire._index";
import { limiter } from "~/utils/rate-limiter.server";
import type { OpenDatabase } from "~db/client.server";
import { createTestDb, ORIGIN } from "../helpers";
import { answer, buildWorld, FailureLog, postForm, seeded, tableCounts, type World } from "./support";

let open: OpenDatabase;
let world: World;
const tally = { intake: 0, form: 0, over500: 0, created: 0 };

beforeAll(async () => {
  open = createTestDb();
  world = await buildWorld(open.db);
});

afterAll(() => {
  console.log(
    `reliability: fuzz intake API and public form: ${tally.intake} API cases, ${tally.form} form cases, ${tally.created} created, ${tally.over500} answers >= 500`,
  );
});

// ---------------------------------------------------------------------------------------------
// Values that have broken date, text and number handling before

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Timestamps of any year: 0000–0099, 9999, the edges of JavaScript dates and past them, non-dates. */
const oddTimestamp = fc.oneof(
  fc.integer({ min: 0, max: 99 }).map((year) => `${pad(year, 4)}-01-01T00:00:00Z`),
  fc.integer({ min: 0, max: 9999 }).map((year) => `${pad(year, 4)}-06-15T12:30:00.000+08:00`),
  fc.constantFrom(
    "9999-12-31T23:59:59.999Z",
    "+275760-09-13T00:00:00.000Z",
    "+275760-09-13T00:00:00.001Z",
    "-271821-04-20T00:00:00.000Z",
    "-000001-01-01T00:00:00Z",
    "0000-00-00T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-22T24:00:00Z",
    "2026-11-22T08:15:30.120+14:00",
    "2026-11-22T08:15:30.120-12:00",
    "2026-11-22T08:15:30.1234567890Z",
    "2026-11-22",
    "1e309",
    "",
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

/** Text with control characters, unpaired surrogates, right-to-left marks and emoji. */
const oddText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "\u0000",
    "\u001b[31mred",
    "\ud800",
    "\u202e evil",
    '=HYPERLINK("http://x")',
    "+49 30 1234567",
    "\t\r\n",
    " ",
    "𝔘𝔫𝔦",
  ),
);

/** Huge values: just under and over the body limit, in one and in many bytes per character. */
const hugeText = fc
  .constantFrom(1_000, 20_001, 60_000, 70_000)
  .chain((n) => fc.constantFrom("x".repeat(n), "界".repeat(Math.ceil(n / 3)), "\u0000".repeat(n)));

const oddNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 1_000_000_001, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 1e308),
);

const anything = fc.oneof(oddText, oddNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));

/** Duplicates on purpose: a small pool of external ids and two channels (one unknown). */
const externalId = fc.oneof(fc.constantFrom("AL-1", "AL-2", "AL-3", " AL-1 ", "al-1"), oddText, hugeText);
const channel = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("alibaba", "website", "made_in_china") },
  { weight: 1, arbitrary: anything },
);

const validBuyer = fc.record({
  company: fc.constantFrom("Acme GmbH", "ACME GMBH", "Beta Ltd", "Nuevo SA"),
  name: fc.constantFrom("Jonas Weber", "Li Wei"),
  email: fc.constantFrom("jonas@acme.example", "li@beta.example", "new@nuevo.example"),
  phone: fc.constantFrom("+49 30 1234567", "=1+1"),
  country: fc.constantFrom("DE", "CN", "XX", "de"),
});

/** Bodies shaped like the real one, each field sometimes valid, sometimes odd, sometimes missing. */
const shapedBody = fc.record(
  {
    channel,
    externalId: fc.oneof(externalId, anything),
    receivedAt: fc.oneof(oddTimestamp, anything),
    subject: fc.oneof({ weight: 3, arbitrary: fc.constant("Hinges") }, oddText, hugeText, anything),
    message: fc.oneof({ weight: 3, arbitrary: fc.constant("Price please") }, oddText, hugeText, anything),
    buyer: fc.oneof(
      { weight: 3, arbitrary: validBuyer },
      fc.record({ name: oddText, email: anything, company: oddText, country: anything }, { requiredKeys: [] }),
      anything,
    ),
    product: fc.oneof(fc.record({ sku: fc.oneof(fc.constantFrom("HG-304-100", "NOPE"), oddText, anything) }), anything),
    quantity: oddNumber,
  },
  { requiredKeys: [] },
);

/** Mostly valid bodies with one odd date, text or duplicate id: the cases that reach the database. */
const nearlyValidBody = fc.record(
  {
    channel: fc.constantFrom("alibaba", "website"),
    externalId,
    receivedAt: fc.oneof(
      oddTimestamp,
      fc.integer({ min: 0, max: 10 * 365 }).map((days) => new Date(Date.now() - days * 86_400_000).toISOString()),
    ),
    subject: fc.oneof(fc.constant("Hinges"), oddText),
    message: fc.oneof(fc.constant("Price please"), oddText),
    buyer: validBuyer,
    quantity: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: -5, max: 2_000_000_000 })),
  },
  { requiredKeys: ["channel", "subject", "message", "buyer"] },
);

type Sent = { raw: string; contentType: string };
const asJson = (value: unknown): Sent => ({ raw: JSON.stringify(value) ?? "null", contentType: "application/json" });
const intakeCase: fc.Arbitrary<Sent> = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue().map(asJson) },
  { weight: 4, arbitrary: shapedBody.map(asJson) },
  { weight: 4, arbitrary: nearlyValidBody.map(asJson) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((raw) => ({ raw, contentType: "application/json" })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        nearlyValidBody,
        fc.constantFrom("application/json; charset=utf-8", "APPLICATION/JSON", "application/json;", "text/json", ""),
      )
      .map(([body, contentType]) => ({ raw: JSON.stringify(body), contentType })),
  },
);

function intakeRequest(sent: Sent) {
  return new Request(`${ORIGIN}/api/v1/inquiries`, {
    method: "POST",
    headers: { "Content-Type": sent.contentType, Authorization: `Bearer ${world.apiKey}` },
    body: sent.raw,
  });
}

const watched = () => {
  const all = tableCounts(open);
  return { inquiries: all.inquiries!, customers: all.customers!, contacts: all.contacts!, messages: all.messages! };
};

describe("fuzzing the intake API", () => {
  it("any body answers < 500; inquiries grow by the 201s; nothing is left behind by the rest", async () => {
    const start = watched();
    const failures = new FailureLog();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(intakeCase, async (sent) => {
        limiter("intake").reset();
        const before = watched();
        const a = await answer(() =>
          intake({ request: intakeRequest(sent), params: {}, context: { clientAddress: "127.0.0.1" } }),
        );
        tally.intake++;
        if (a.status >= 500) {
          tally.over500++;
          failures.add("POST /api/v1/inquiries", sent.raw.slice(0, 300), a);
          return;
        }
        if (a.status === 201) {
          created++;
          tally.created++;
          expect(watched().inquiries).toBe(before.inquiries + 1);
        } else {
          expect(watched(), `answer ${a.status} to ${sent.raw.slice(0, 200)}`).toEqual(before);
        }
      }),
      seeded(0x1a7a_0001, 700),
    );
    expect(failures.list()).toEqual([]);
    expect(watched().inquiries).toBe(start.inquiries + created);
  }, 120_000);

  it("twenty identical posts at once give one row, one 201 and nineteen 200s", async () => {
    limiter("intake").reset();
    const before = watched();
    const body = {
      channel: "alibaba",
      externalId: "PAR-1",
      subject: "Hinges",
      message: "Price?",
      buyer: { name: "Jonas", company: "Parallel GmbH" },
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        answer(() => intake({ request: intakeRequest(asJson(body)), params: {}, context: { clientAddress: "127.0.0.1" } })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(await Promise.all(answers.map(async (a) => (await a.response.json()).id)));
    expect(ids.size).toBe(1);
    expect(watched().inquiries).toBe(before.inquiries + 1);
    expect(watched().customers).toBe(before.customers + 1);
  });
});

describe("fuzzing the public form", () => {
  const formFields = ["company", "name", "email", "phone", "country", "product", "quantity", "message", "website"] as const;
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("Li Wei", "li@beta.example", "CN", "500", "Door handles", "Price for 500 pcs?", "") },
    { weight: 3, arbitrary: oddText },
    { weight: 1, arbitrary: hugeText },
    { weight: 1, arbitrary: fc.oneof(oddNumber, oddTimestamp).map(String) },
  );
  const fields = fc.array(
    fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...formFields) }, { weight: 1, arbitrary: oddText }), value),
    { maxLength: 14 },
  );

  it("any fields answer < 500, and a refused post writes nothing", async () => {
    const failures = new FailureLog();
    await fc.assert(
      fc.asyncProperty(fields, async (sent) => {
        limiter("publicForm").reset();
        const before = tableCounts(open);
        const a = await answer(() =>
          publicForm({ request: postForm("/inquire", sent), params: {}, context: { clientAddress: "203.0.113.9" } }),
        );
        tally.form++;
        if (a.status >= 500) {
          tally.over500++;
          failures.add("POST /inquire", sent, a);
          return;
        }
        if (a.status >= 400) expect(tableCounts(open), `answer ${a.status}`).toEqual(before);
        else if (tableCounts(open).inquiries !== before.inquiries) tally.created++;
      }),
      seeded(0x1a7a_0002, 300),
    );
    expect(failures.list()).toEqual([]);
  }, 120_000);
});
