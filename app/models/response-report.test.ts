import { and, gte, lte } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { median, percentileNearestRank, responseFigures } from "~/domain/sla";
import type { DB, OpenDatabase } from "~db/client.server";
import { createInquiry } from "~db/factories";
import { inquiries, responseDaily } from "~db/schema";
import { createTestDb, jobContext } from "../../test/helpers";
import { slaJob } from "../../jobs/sla";
import {
  FIXTURE_CSV,
  FIXTURE_FROM,
  FIXTURE_IMPORTED_AT,
  FIXTURE_NOW,
  FIXTURE_REPORT,
  FIXTURE_TO,
  insertFixtureUsers,
} from "../../test/response-fixture";
import { addMessage, responsePolicy } from "./inquiry.server";
import { importInquiriesCsv } from "./inquiry-csv.server";
import { medianRanks } from "~/domain/sla";
import { nearestRank } from "~/domain/percentile";
import { responseReport } from "./response-report.server";
import { getSettings } from "./settings.server";

let open: OpenDatabase;
let db: DB;
let people: ReturnType<typeof insertFixtureUsers>;

function importFixture() {
  const result = importInquiriesCsv(db, FIXTURE_CSV, { now: FIXTURE_IMPORTED_AT });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  expect(result.created).toBe(11);
}

/** What the report reads: the stored figures, as they are. */
const read = (from: string, to: string, now = FIXTURE_NOW) => responseReport(db, { from, to, settings: getSettings(db), now });

/** The SLA job's minute pass as of `now`, which the report relies on to have stored the figures. */
function slaPass(now: Date) {
  slaJob.run(jobContext(db, { now, mode: "recent" }));
}

/** The report as the screen shows it with the job running: the pass as of `now`, then the read. */
const report = (from: string, to: string, now = FIXTURE_NOW) => {
  slaPass(now);
  return read(from, to, now);
};

beforeEach(() => {
  open = createTestDb();
  db = open.db;
  people = insertFixtureUsers(db);
});

describe("responseReport over an imported inquiry log", () => {
  beforeEach(importFixture);

  it("gives every SPEC §3 figure worked out by hand (test/response-fixture.ts), exactly", () => {
    expect(report(FIXTURE_FROM, FIXTURE_TO)).toStrictEqual(FIXTURE_REPORT);
  });

  it("has the SPEC §9 JSON shape, keys in order", () => {
    const result = report(FIXTURE_FROM, FIXTURE_TO);
    const figureKeys = [
      "counted",
      "inHoursCounted",
      "thirtySecondRate",
      "within24hRate",
      "avgFrtSeconds",
      "medianFrtSeconds",
      "p90FrtSeconds",
      "slaHit",
      "slaMissed",
    ];
    expect(Object.keys(result)).toEqual(["from", "to", ...figureKeys, "byAssignee", "byChannel"]);
    expect(Object.keys(result.byAssignee[0])).toEqual(["email", ...figureKeys]);
    expect(Object.keys(result.byChannel[0])).toEqual(["channel", ...figureKeys]);
  });

  it("limits the period to inquiries received on its days (team time zone)", () => {
    // Saturday only: S-1 … S-4, all out of hours.
    // counted 4; in hours 0 → 30 s rate null; 24 h: S-3 only → 1/4;
    // FRTs 3 600 000, 153 000 000, 153 900 000 ms → avg 310 500 000 / 3 / 1000, median 153 000,
    // p90 rank ⌈2.7⌉ = 3 → 153 900; SLA hit S-1, S-3 = 2, missed S-2, S-4 = 2.
    const saturday = report("2025-03-01", "2025-03-01");
    expect({ ...saturday, byAssignee: undefined, byChannel: undefined }).toStrictEqual({
      from: "2025-03-01",
      to: "2025-03-01",
      counted: 4,
      inHoursCounted: 0,
      thirtySecondRate: null,
      within24hRate: 1 / 4,
      avgFrtSeconds: 310_500_000 / 3 / 1000,
      medianFrtSeconds: 153_000,
      p90FrtSeconds: 153_900,
      slaHit: 2,
      slaMissed: 2,
      byAssignee: undefined,
      byChannel: undefined,
    });
    // Sunday has nothing: zero counts, null rates and statistics, no groups.
    expect(report("2025-03-02", "2025-03-02")).toStrictEqual({
      from: "2025-03-02",
      to: "2025-03-02",
      counted: 0,
      inHoursCounted: 0,
      thirtySecondRate: null,
      within24hRate: null,
      avgFrtSeconds: null,
      medianFrtSeconds: null,
      p90FrtSeconds: null,
      slaHit: 0,
      slaMissed: 0,
      byAssignee: [],
      byChannel: [],
    });
  });

  it("agrees with the domain rule computed over the same inquiries", () => {
    const timings = db
      .select({ receivedAt: inquiries.receivedAt, firstResponseAt: inquiries.firstResponseAt, status: inquiries.status })
      .from(inquiries)
      .all();
    const settings = getSettings(db);
    const expected = responseFigures(timings, FIXTURE_NOW, settings.calendar, responsePolicy(settings));
    const result = report(FIXTURE_FROM, FIXTURE_TO);
    expect(result).toMatchObject({
      counted: expected.counted,
      inHoursCounted: expected.inHoursCounted,
      thirtySecondRate: expected.thirtySecondRate,
      within24hRate: expected.within24hRate,
      avgFrtSeconds: expected.avgFrtSeconds,
      medianFrtSeconds: expected.medianFrtSeconds,
      p90FrtSeconds: expected.p90FrtSeconds,
      slaHit: expected.slaHit,
      slaMissed: expected.slaMissed,
    });
  });

  it("reads counts from the daily roll-ups the SLA job stored", () => {
    report(FIXTURE_FROM, FIXTURE_TO);
    const rows = db
      .select()
      .from(responseDaily)
      .where(and(gte(responseDaily.day, FIXTURE_FROM), lte(responseDaily.day, FIXTURE_TO)))
      .all();
    // Saturday: (a, alibaba) S-1; (b, website) S-2; (b, alibaba) S-3; (unassigned, website) S-4.
    // Monday: (a, alibaba) M-1, M-5; (b, alibaba) M-2, M-6; (a, website) M-3; (b, website) M-4, M-7.
    expect(rows).toHaveLength(8);
    expect(rows.reduce((sum, row) => sum + row.received, 0)).toBe(11);
    expect(rows.reduce((sum, row) => sum + row.counted, 0)).toBe(10);
    expect(rows.reduce((sum, row) => sum + row.frtSumMs, 0)).toBe(400_690_001);
  });

  it("never writes: a reply given since counts from the SLA job's next pass on", () => {
    report(FIXTURE_FROM, FIXTURE_TO);
    const m5 = db
      .select()
      .from(inquiries)
      .all()
      .find((row) => row.externalId === "M-5")!;
    const repliedAt = new Date("2025-03-05T12:05:00.000+08:00");
    addMessage(
      db,
      { inquiryId: m5.id, authorId: people.a.id, direction: "out", body: "Sorry for the wait" },
      { now: repliedAt, settings: getSettings(db) },
    );
    // Before the pass the report still shows what was stored, and reading it changes nothing.
    const changes = () => open.sqlite.prepare("select total_changes() as n").get() as { n: number };
    const writesBefore = changes().n;
    expect(read(FIXTURE_FROM, FIXTURE_TO, new Date("2025-03-05T12:10:00.000+08:00"))).toStrictEqual(FIXTURE_REPORT);
    expect(changes().n).toBe(writesBefore);
    // M-5: Mon 15:00 → Wed 12:05 = 45 h 05 min = 162 300 s, still a miss on both rules.
    // FRTs now 9: …, 153 900, 162 300 → avg (400 690 001 + 162 300 000) / 9 / 1000; median rank 5
    // = 3 600; p90 rank ⌈8.1⌉ = 9 → 162 300.
    const after = report(FIXTURE_FROM, FIXTURE_TO, new Date("2025-03-05T12:10:00.000+08:00"));
    expect(after).toMatchObject({
      counted: 10,
      thirtySecondRate: 2 / 6,
      within24hRate: 5 / 10,
      avgFrtSeconds: 562_990_001 / 9 / 1000,
      medianFrtSeconds: 3600,
      p90FrtSeconds: 162_300,
    });
    expect(after.byAssignee[0]).toMatchObject({
      email: "a@team.example",
      avgFrtSeconds: 316_240_001 / 4 / 1000,
      medianFrtSeconds: (30_001 + 153_900_000) / 2 / 1000,
    });
  });
});

describe("responseReport and pending inquiries", () => {
  // Tuesday 2025-03-04, Asia/Shanghai.
  const receivedAt = new Date("2025-03-04T10:00:00.000+08:00");
  const day = "2025-03-04";

  it("counts a pending inquiry but leaves it out of both rates, the FRT statistics and the SLA counts", () => {
    createInquiry(db, { receivedAt, assigneeId: people.a.id });
    createInquiry(db, { receivedAt: new Date("2025-03-04T08:00:00.000+08:00"), assigneeId: people.a.id }); // before opening
    createInquiry(db, {
      receivedAt: new Date("2025-03-04T09:00:00.000+08:00"),
      firstResponse: { at: new Date("2025-03-04T09:00:20.000+08:00"), by: people.a.id },
    });

    // At 10:00:10: the 10:00 one is pending for 30 s and 24 h; the 08:00 one is pending under the
    // 24-hour rule but has missed the business SLA (60 business minutes from 09:00 ran out at 10:00).
    const young = report(day, day, new Date("2025-03-04T10:00:10.000+08:00"));
    expect(young).toMatchObject({
      counted: 3,
      inHoursCounted: 2,
      thirtySecondRate: 1, // 1 hit / 1 settled (the pending one is in neither)
      within24hRate: 1, // 1 hit / 1 settled
      avgFrtSeconds: 20,
      medianFrtSeconds: 20,
      p90FrtSeconds: 20,
      slaHit: 0,
      slaMissed: 1,
    });

    // At 10:00:31 the 10:00 one is a 30-second miss; the 24-hour rule is still pending for both.
    const later = report(day, day, new Date("2025-03-04T10:00:31.000+08:00"));
    expect(later).toMatchObject({
      counted: 3,
      inHoursCounted: 2,
      thirtySecondRate: 1 / 2,
      within24hRate: 1,
      slaHit: 0,
      slaMissed: 1,
    });
  });

  it("treats the business SLA as pending until the budget is used up", () => {
    createInquiry(db, { receivedAt: new Date("2025-03-04T08:00:00.000+08:00") });
    // 09:30: 30 business minutes used of 60.
    expect(report(day, day, new Date("2025-03-04T09:30:00.000+08:00"))).toMatchObject({
      counted: 1,
      inHoursCounted: 0,
      slaHit: 0,
      slaMissed: 0,
    });
    // 10:00:00.001: more than 60 business minutes have passed without an answer.
    expect(report(day, day, new Date("2025-03-04T10:00:00.001+08:00"))).toMatchObject({ slaHit: 0, slaMissed: 1 });
  });
});

describe("responseReport arguments", () => {
  it("refuses a period that ends before it starts, and days that do not exist", () => {
    expect(() => report("2025-03-03", "2025-03-01")).toThrow(RangeError);
    expect(() => report("2025-02-30", "2025-03-01")).toThrow(RangeError);
  });
});

describe("rank helpers", () => {
  it("pick the same ranks as the domain's median and percentileNearestRank", () => {
    for (let n = 1; n <= 400; n++) {
      const values = Array.from({ length: n }, (_, i) => i + 1); // value = its rank
      for (const p of [10, 50, 55, 90, 95, 99, 100]) {
        expect(nearestRank(n, p)).toBe(percentileNearestRank(values, p));
      }
      const ranks = medianRanks(n);
      expect(ranks.reduce((a, b) => a + b, 0) / ranks.length).toBe(median(values));
    }
  });
});
