/**
 * The response report screen (/reports/response) and everyone's own figures on the inbox.
 *
 * The routes read the clock themselves, so Date is frozen at Wednesday 2026-11-25 12:00 Shanghai
 * (= 04:00Z, inside the default Monday–Friday 09:00–18:00 window, UTC+8); timers stay real.
 *
 * The fixture, built with factories and then run through the SLA job once (full) at NOW. Users
 * svc (service) and rep (sales); threshold 30 s, business SLA 60 business minutes.
 *
 *  #   received (+08:00)  channel  assignee  first response        in hours  30 s     24 h     SLA
 *  1   Sun 22 10:00       website  svc       Mon 09:30 (23.5 h)    no        –        hit      hit (30 business min)
 *  2   Sun 22 20:00       alibaba  —         —                     no        –        miss     missed (ran out Mon 10:00)
 *  3   Mon 23 10:00:00    alibaba  svc       10:00:20              yes       hit      hit      –
 *  4   Mon 23 10:10:00    alibaba  svc       10:11:00 (60 s)       yes       miss     hit      –
 *  5   Mon 23 11:00       website  rep       Tue 12:00 (25 h)      yes       miss     miss     –
 *  6   Mon 23 14:00       alibaba  rep       14:00:05, SPAM        (not counted anywhere)
 *  7   Mon 23 15:00       website  svc       —                     yes       miss     miss     –
 *  8   Mon 23 19:00       alibaba  rep       Tue 09:50             no        –        hit      hit (50 business min)
 *  9   Tue 24 09:00:00    website  svc       09:00:30 (exactly)    yes       hit      hit      –
 *  10  Tue 24 17:30       alibaba  —         Wed 09:40 (16 h 10)   yes       miss     hit      –
 *  11  Tue 24 20:00       website  svc       Wed 10:30             no        –        hit      missed (90 business min)
 *  12  Wed 25 11:59:50    alibaba  svc       — (10 s old)          yes       pending  pending  –
 *  13  Wed 25 11:00:00    alibaba  svc       11:00:10              yes       hit      hit      –
 *
 * Period Sun 22 … Wed 25:
 *   counted 12 (all but #6); in hours 8 (3, 4, 5, 7, 9, 10, 12, 13)
 *   30 s: hit 3 (3, 9, 13), missed 4 (4, 5, 7, 10), pending #12 → 3/7
 *   24 h: hit 8 (1, 3, 4, 8, 9, 10, 11, 13), missed 3 (2, 5, 7), pending #12 → 8/11
 *   SLA: hit 2 (1, 8), missed 2 (2, 11)
 * Per day (trend):
 *   Sun 22: counted 2, in hours 0, 30 s 0/0 (null), 24 h 1 hit 1 miss (0.5), SLA 1 hit 1 missed
 *   Mon 23: counted 5, in hours 4, 30 s 1 hit 3 miss (0.25), 24 h 3 hit 2 miss (0.6), SLA 1 hit
 *   Tue 24: counted 3, in hours 2, 30 s 1 hit 1 miss (0.5), 24 h 3 hit 0 miss (1), SLA 1 missed
 *   Wed 25: counted 2, in hours 2, 30 s 1 hit 0 miss (1), 24 h 1 hit 0 miss (1), SLA none
 * svc (1, 3, 4, 7, 9, 11, 12, 13): counted 8, in hours 6, 30 s 3 hit (3, 9, 13) 2 miss (4, 7),
 *   24 h 6 hit (1, 3, 4, 9, 11, 13) 1 miss (7), SLA 1 hit (1) 1 missed (11)
 * rep (5, 6 spam, 8): counted 2, in hours 1, 30 s 0 hit 1 miss, 24 h 1 hit 1 miss, SLA 1 hit
 * unassigned (2, 10): counted 2, in hours 1, 30 s 0 hit 1 miss, 24 h 1 hit 1 miss, SLA 1 missed
 * alibaba (2, 3, 4, 8, 10, 12, 13): counted 7, in hours 5, 30 s 2 hit 2 miss, 24 h 5 hit 1 miss,
 *   SLA 1 hit 1 missed
 * website (1, 5, 7, 9, 11): counted 5, in hours 3, 30 s 1 hit 2 miss, 24 h 3 hit 2 miss,
 *   SLA 1 hit 1 missed
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase, openDatabase, useDatabase, type OpenDatabase } from "~db/client.server";
import { createInquiry, type User } from "~db/factories";
import { responseBreakdown, responseReport, responseReportPage, responseTrend, trendUnit } from "~/models/response-report.server";
import { getSettings } from "~/models/settings.server";
import type { ResponseMetric } from "~/schemas/inquiry";
import * as inbox from "~/routes/inquiries._index";
import * as report from "~/routes/reports.response";
import * as reportCsv from "~/routes/reports.csv.$report";
import { slaJob } from "../jobs/sla";
import { createTeam, createTestDb, demoTestFile, getRequest, jobContext, loaderArgs, respond, sessionCookieFor } from "./helpers";

const sh = (local: string) => new Date(`${local}+08:00`);
const NOW = sh("2026-11-25T12:00:00");
const FROM = "2026-11-22";
const TO = "2026-11-25";

let database: OpenDatabase;
let svc: User;
let rep: User;

type Who = "svc" | "rep" | "boss" | "root";

async function signIn(who: Who) {
  return sessionCookieFor(`${who}@example.com`);
}

// A CSV is downloaded through /reports/csv/:report (the page itself sends ?format=csv on there).
const loadReport = (search: string, cookie?: string) =>
  respond(() =>
    /format=csv/.test(search)
      ? reportCsv.loader(loaderArgs(getRequest(`/reports/csv/response${search}`, cookie), { report: "response" }))
      : report.loader(loaderArgs(getRequest(`/reports/response${search}`, cookie))),
  );
const loadInbox = (search: string, cookie?: string) =>
  respond(() => inbox.loader(loaderArgs(getRequest(`/inquiries${search}`, cookie))));

function runSlaJob(db: OpenDatabase["db"], now: Date) {
  return slaJob.run(jobContext(db, { now }));
}

function buildFixture() {
  const { db } = database;
  const answered = (at: string, by: User) => ({ firstResponse: { at: sh(at), by: by.id } });
  createInquiry(db, {
    receivedAt: sh("2026-11-22T10:00:00"),
    channel: "website",
    assigneeId: svc.id,
    ...answered("2026-11-23T09:30:00", svc),
  });
  createInquiry(db, { receivedAt: sh("2026-11-22T20:00:00"), channel: "alibaba" });
  createInquiry(db, {
    receivedAt: sh("2026-11-23T10:00:00"),
    channel: "alibaba",
    assigneeId: svc.id,
    ...answered("2026-11-23T10:00:20", svc),
  });
  createInquiry(db, {
    receivedAt: sh("2026-11-23T10:10:00"),
    channel: "alibaba",
    assigneeId: svc.id,
    ...answered("2026-11-23T10:11:00", svc),
  });
  createInquiry(db, {
    receivedAt: sh("2026-11-23T11:00:00"),
    channel: "website",
    assigneeId: rep.id,
    ...answered("2026-11-24T12:00:00", rep),
  });
  createInquiry(db, {
    receivedAt: sh("2026-11-23T14:00:00"),
    channel: "alibaba",
    assigneeId: rep.id,
    ...answered("2026-11-23T14:00:05", rep),
    status: "spam",
  });
  createInquiry(db, { receivedAt: sh("2026-11-23T15:00:00"), channel: "website", assigneeId: svc.id });
  createInquiry(db, {
    receivedAt: sh("2026-11-23T19:00:00"),
    channel: "alibaba",
    assigneeId: rep.id,
    ...answered("2026-11-24T09:50:00", rep),
  });
  createInquiry(db, {
    receivedAt: sh("2026-11-24T09:00:00"),
    channel: "website",
    assigneeId: svc.id,
    ...answered("2026-11-24T09:00:30", svc),
  });
  createInquiry(db, {
    receivedAt: sh("2026-11-24T17:30:00"),
    channel: "alibaba",
    ...answered("2026-11-25T09:40:00", svc),
    assigneeId: null,
  });
  createInquiry(db, {
    receivedAt: sh("2026-11-24T20:00:00"),
    channel: "website",
    assigneeId: svc.id,
    ...answered("2026-11-25T10:30:00", svc),
  });
  createInquiry(db, { receivedAt: sh("2026-11-25T11:59:50"), channel: "alibaba", assigneeId: svc.id });
  createInquiry(db, {
    receivedAt: sh("2026-11-25T11:00:00"),
    channel: "alibaba",
    assigneeId: svc.id,
    ...answered("2026-11-25T11:00:10", svc),
  });
  runSlaJob(db, NOW);
}

/** Which count of a row each drill-down metric lists. */
const METRIC_COUNT: Record<ResponseMetric, string> = {
  counted: "counted",
  inHours: "inHoursCounted",
  hit30: "thirtySecondHits",
  miss30: "thirtySecondMisses",
  hit24: "within24hHits",
  miss24: "within24hMisses",
  slaHit: "slaHit",
  slaMissed: "slaMissed",
};
const METRICS = Object.keys(METRIC_COUNT) as ResponseMetric[];

const counts = (row: Record<string, unknown>) => Object.fromEntries(METRICS.map((metric) => [metric, row[METRIC_COUNT[metric]]]));

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  const team = await createTeam(database.db);
  svc = team.svc;
  rep = team.rep;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("who may see what", () => {
  beforeEach(buildFixture);

  it("opens the report to managers and admins only (403 for service and sales, sign-in for visitors)", async () => {
    for (const who of ["svc", "rep"] as const) {
      expect((await loadReport(`?from=${FROM}&to=${TO}`, await signIn(who))).status, who).toBe(403);
      expect((await loadReport(`?from=${FROM}&to=${TO}&format=csv`, await signIn(who))).status, who).toBe(403);
    }
    for (const who of ["boss", "root"] as const) {
      expect((await loadReport(`?from=${FROM}&to=${TO}`, await signIn(who))).status, who).toBe(200);
    }
    const visitor = await loadReport("");
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toContain("/login");
  });

  it("shows every role its own figures on the inbox", async () => {
    for (const who of ["svc", "rep", "boss", "root"] as const) {
      const response = await loadInbox("", await signIn(who));
      expect(response.status, who).toBe(200);
      const body = await response.json();
      expect(body.own, who).toMatchObject({ from: "2026-10-27", to: TO, days: 30 });
    }
  });

  it("gives service staff their own figures: today live, the last 30 days as the report has them", async () => {
    const body = await (await loadInbox("", await signIn("svc"))).json();
    // Today (Wed 25), svc: #13 answered in 10 s (hit), #12 pending (10 s old, left out).
    expect(body.own.today).toMatchObject({
      counted: 2,
      inHoursCounted: 2,
      thirtySecondHits: 1,
      thirtySecondDenominator: 1,
      thirtySecondRate: 1,
      medianFrtSeconds: 10,
    });
    // Unanswered and assigned to svc: #7 and #12.
    expect(body.own.unanswered).toBe(2);
    // Last 30 days: 30 s 3 of 5, 24 h 6 of 7 (hand-computed above) …
    expect(body.own.lastDays).toMatchObject({
      thirtySecondHits: 3,
      thirtySecondMisses: 2,
      thirtySecondRate: 3 / 5,
      within24hHits: 6,
      within24hMisses: 1,
      within24hRate: 6 / 7,
    });
    // … and exactly what the report (and `report response`) says for svc over the same days.
    const settings = getSettings(database.db);
    const fromReport = responseReport(database.db, { from: body.own.from, to: body.own.to, settings, now: NOW }).byAssignee.find(
      (row) => row.email === "svc@example.com",
    )!;
    expect(body.own.lastDays.thirtySecondRate).toBe(fromReport.thirtySecondRate);
    expect(body.own.lastDays.within24hRate).toBe(fromReport.within24hRate);
    // The team's figures stay: today, everyone: #12 pending, #13 hit.
    expect(body.figures).toMatchObject({ thirtySecondHits: 1, thirtySecondDenominator: 1 });
    expect(body.unanswered).toBe(3);
  });

  it("gives a sales rep their own figures too", async () => {
    const body = await (await loadInbox("", await signIn("rep"))).json();
    expect(body.own.today).toMatchObject({ counted: 0, thirtySecondRate: null, medianFrtSeconds: null });
    expect(body.own.unanswered).toBe(0);
    // #5 missed both rules, #8 (out of hours) hit the 24-hour one; spam #6 counts nowhere.
    expect(body.own.lastDays).toMatchObject({ thirtySecondHits: 0, thirtySecondMisses: 1, within24hHits: 1, within24hMisses: 1 });
  });
});

describe("the report page", () => {
  beforeEach(buildFixture);

  it("shows responseReport's figures for the period, unchanged", async () => {
    const body = await (await loadReport(`?from=${FROM}&to=${TO}`, await signIn("boss"))).json();
    const expected = responseReport(database.db, { from: FROM, to: TO, settings: getSettings(database.db), now: NOW });
    expect(body.period).toEqual({ from: FROM, to: TO, preset: null });
    // The headline and every table row carry the report's own figures, and nothing else sends them.
    expect(body.report).toBeUndefined();
    const { byAssignee, byChannel, from: _from, to: _to, ...overall } = expected;
    expect(body.overall).toMatchObject(overall);
    expect(body.assignees).toHaveLength(byAssignee.length);
    for (const [index, row] of byAssignee.entries()) expect(body.assignees[index]).toMatchObject(row);
    expect(body.channels).toHaveLength(byChannel.length);
    for (const [index, row] of byChannel.entries()) expect(body.channels[index]).toMatchObject(row);
    // The hand-computed figures of the fixture.
    expect(expected).toMatchObject({
      counted: 12,
      inHoursCounted: 8,
      thirtySecondRate: 3 / 7,
      within24hRate: 8 / 11,
      slaHit: 2,
      slaMissed: 2,
    });
    expect(body.thresholdSeconds).toBe(30);
    expect(body.businessSlaMinutes).toBe(60);
    expect(typeof body.generatedMs).toBe("number");
  });

  it("shows the counts behind every rate, each consistent with the report's rate", async () => {
    const body = await (await loadReport(`?from=${FROM}&to=${TO}`, await signIn("boss"))).json();
    expect(counts(body.overall)).toEqual({
      counted: 12,
      inHours: 8,
      hit30: 3,
      miss30: 4,
      hit24: 8,
      miss24: 3,
      slaHit: 2,
      slaMissed: 2,
    });
    expect(body.assignees.map((row: { email: string | null }) => row.email)).toEqual([
      "rep@example.com",
      "svc@example.com",
      null,
    ]);
    expect(body.assignees.map(counts)).toEqual([
      { counted: 2, inHours: 1, hit30: 0, miss30: 1, hit24: 1, miss24: 1, slaHit: 1, slaMissed: 0 },
      { counted: 8, inHours: 6, hit30: 3, miss30: 2, hit24: 6, miss24: 1, slaHit: 1, slaMissed: 1 },
      { counted: 2, inHours: 1, hit30: 0, miss30: 1, hit24: 1, miss24: 1, slaHit: 0, slaMissed: 1 },
    ]);
    expect(body.channels.map((row: { channel: string }) => row.channel)).toEqual(["alibaba", "website"]);
    expect(body.channels.map(counts)).toEqual([
      { counted: 7, inHours: 5, hit30: 2, miss30: 2, hit24: 5, miss24: 1, slaHit: 1, slaMissed: 1 },
      { counted: 5, inHours: 3, hit30: 1, miss30: 2, hit24: 3, miss24: 2, slaHit: 1, slaMissed: 1 },
    ]);
    type Row = {
      thirtySecondRate: number | null;
      thirtySecondHits: number;
      thirtySecondMisses: number;
      within24hRate: number | null;
      within24hHits: number;
      within24hMisses: number;
    };
    for (const row of [body.overall, ...body.assignees, ...body.channels] as Row[]) {
      const decided30 = row.thirtySecondHits + row.thirtySecondMisses;
      const decided24 = row.within24hHits + row.within24hMisses;
      expect(row.thirtySecondRate).toBe(decided30 === 0 ? null : row.thirtySecondHits / decided30);
      expect(row.within24hRate).toBe(decided24 === 0 ? null : row.within24hHits / decided24);
    }
  });

  it("lists, for every metric of every figure, exactly as many inquiries as the figure counts", async () => {
    const cookie = await signIn("boss");
    const body = await (await loadReport(`?from=${FROM}&to=${TO}`, cookie)).json();
    type Scope = { from: string; to: string; assignee?: string; channel?: string };
    const whole = { from: FROM, to: TO };
    const figures: { scope: Scope; row: Record<string, unknown> }[] = [
      { scope: whole, row: body.overall },
      ...body.assignees.map((row: { assigneeId: number | null }) => ({
        scope: { ...whole, assignee: row.assigneeId === null ? "unassigned" : String(row.assigneeId) },
        row,
      })),
      ...body.channels.map((row: { channel: string }) => ({ scope: { ...whole, channel: row.channel }, row })),
      ...body.trend.map((row: { day: string }) => ({ scope: { from: row.day, to: row.day }, row })),
    ];
    let checked = 0;
    let nonZero = 0;
    for (const { scope, row } of figures) {
      for (const metric of METRICS) {
        const params = new URLSearchParams({ ...scope, metric });
        const listed = await (await loadInbox(`?${params.toString()}`, cookie)).json();
        expect(listed.metric).toBe(metric);
        expect(listed.page.total, `${params.toString()}`).toBe(row[METRIC_COUNT[metric]]);
        // The total is the report's stored count; the rows listed are the inquiries themselves.
        expect(listed.page.rows, `${params.toString()}`).toHaveLength(listed.page.total);
        checked += 1;
        if (listed.page.total > 0) nonZero += 1;
      }
    }
    expect(checked).toBe((1 + 3 + 2 + 4) * METRICS.length);
    expect(nonZero).toBeGreaterThan(40);
  });

  it("lists one rep's misses on one day from the daily table scoped to that rep", async () => {
    const cookie = await signIn("boss");
    const body = await (await loadReport(`?from=${FROM}&to=${TO}&assignee=${svc.id}`, cookie)).json();
    expect(body.trendAssignee).toBe(svc.id);
    const monday = body.trend.find((day: { day: string }) => day.day === "2026-11-23");
    // svc on Monday: #3 hit, #4 and #7 missed the 30-second rule.
    expect(monday).toMatchObject({ counted: 3, thirtySecondHits: 1, thirtySecondMisses: 2 });
    const listed = await (await loadInbox(`?from=2026-11-23&to=2026-11-23&assignee=${svc.id}&metric=miss30`, cookie)).json();
    expect(listed.page.total).toBe(2);
    expect(listed.page.rows.map((row: { receivedAt: string }) => row.receivedAt)).toEqual([
      sh("2026-11-23T15:00:00").toISOString(),
      sh("2026-11-23T10:10:00").toISOString(),
    ]);
  });

  it("keeps spam out of every drill-down, and the metric off when it is unreadable", async () => {
    const cookie = await signIn("boss");
    const spam = await (await loadInbox(`?from=${FROM}&to=${TO}&metric=counted&status=spam`, cookie)).json();
    expect(spam.page.total).toBe(0);
    // Without the metric, the period's list includes the spam inquiry (13).
    expect((await (await loadInbox(`?from=${FROM}&to=${TO}`, cookie)).json()).page.total).toBe(13);
    const bogus = await (await loadInbox(`?from=${FROM}&to=${TO}&metric=bogus`, cookie)).json();
    expect(bogus.metric).toBeNull();
    expect(bogus.page.total).toBe(13);
  });

  it("exports exactly the tables shown as CSV", async () => {
    const cookie = await signIn("boss");
    const body = await (await loadReport(`?from=${FROM}&to=${TO}`, cookie)).json();
    const response = await loadReport(`?from=${FROM}&to=${TO}&format=csv`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain(`response-${FROM}-${TO}.csv`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte-order mark first, for Excel.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => `${row.table}:${row.key}`)).toEqual([
      "total:",
      "assignee:rep@example.com",
      "assignee:svc@example.com",
      "assignee:",
      "channel:alibaba",
      "channel:website",
      "day:2026-11-22",
      "day:2026-11-23",
      "day:2026-11-24",
      "day:2026-11-25",
    ]);
    const shown = [body.overall, ...body.assignees, ...body.channels, ...body.trend];
    const cell = (value: unknown) => (value === null || value === undefined ? "" : String(value));
    rows.forEach((row, index) => {
      const source = shown[index];
      expect(row.counted).toBe(cell(source.counted));
      expect(row.in_hours_counted).toBe(cell(source.inHoursCounted));
      expect(row.thirty_second_rate).toBe(cell(source.thirtySecondRate));
      expect(row.thirty_second_hits).toBe(cell(source.thirtySecondHits));
      expect(row.thirty_second_misses).toBe(cell(source.thirtySecondMisses));
      expect(row.within_24h_rate).toBe(cell(source.within24hRate));
      expect(row.within_24h_hits).toBe(cell(source.within24hHits));
      expect(row.within_24h_misses).toBe(cell(source.within24hMisses));
      expect(row.median_frt_seconds).toBe(cell(source.medianFrtSeconds));
      expect(row.p90_frt_seconds).toBe(cell(source.p90FrtSeconds));
      expect(row.sla_hit).toBe(cell(source.slaHit));
      expect(row.sla_missed).toBe(cell(source.slaMissed));
    });
    expect(rows[0]).toMatchObject({
      counted: "12",
      thirty_second_hits: "3",
      thirty_second_misses: "4",
      sla_hit: "2",
      sla_missed: "2",
    });
    expect(rows[2]).toMatchObject({ name: "Svc", counted: "8" });
    expect(rows[4]).toMatchObject({ name: "Alibaba.com" });
  });

  it("is honestly empty for a period without inquiries, and still answers", async () => {
    const response = await loadReport("?from=2026-10-01&to=2026-10-07", await signIn("boss"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.overall).toMatchObject({ counted: 0, thirtySecondRate: null, within24hRate: null, medianFrtSeconds: null });
    expect(body.assignees).toEqual([]);
    expect(body.channels).toEqual([]);
    expect(body.trend).toHaveLength(7);
  });

  it("falls back to the last 30 days for an unreadable period", async () => {
    const body = await (await loadReport("?from=nonsense&to=2026-11-25", await signIn("boss"))).json();
    expect(body.period).toEqual({ from: "2026-10-27", to: TO, preset: "30d" });
    expect(body.overall.counted).toBe(12);
  });
});

describe("responseTrend", () => {
  beforeEach(buildFixture);

  it("returns one row per day of the period with that day's sums, days without inquiries as zeros", () => {
    const trend = responseTrend(database.db, { from: "2026-11-21", to: "2026-11-26" });
    const pick = ({
      day,
      counted,
      inHoursCounted,
      thirtySecondHits,
      thirtySecondMisses,
      thirtySecondRate,
      within24hHits,
      within24hMisses,
      within24hRate,
      slaHit,
      slaMissed,
    }: (typeof trend)[number]) => [
      day,
      counted,
      inHoursCounted,
      thirtySecondHits,
      thirtySecondMisses,
      thirtySecondRate,
      within24hHits,
      within24hMisses,
      within24hRate,
      slaHit,
      slaMissed,
    ];
    expect(trend.map(pick)).toEqual([
      // day          counted  in h  30 hit  30 miss  30 rate  24 hit  24 miss  24 rate  SLA hit  SLA missed
      ["2026-11-21", 0, 0, 0, 0, null, 0, 0, null, 0, 0],
      ["2026-11-22", 2, 0, 0, 0, null, 1, 1, 0.5, 1, 1],
      ["2026-11-23", 5, 4, 1, 3, 0.25, 3, 2, 0.6, 1, 0],
      ["2026-11-24", 3, 2, 1, 1, 0.5, 3, 0, 1, 0, 1],
      ["2026-11-25", 2, 2, 1, 0, 1, 1, 0, 1, 0, 0],
      ["2026-11-26", 0, 0, 0, 0, null, 0, 0, null, 0, 0],
    ]);
  });

  it("goes by calendar month for a period longer than the days a chart shows, months cut to the period", () => {
    expect(trendUnit("2026-09-01", "2026-12-01")).toBe("day"); // 92 days
    expect(trendUnit("2026-09-01", "2026-12-02")).toBe("month");
    const months = responseTrend(database.db, { from: "2026-09-15", to: "2026-12-20" }, "month");
    expect(months.map((row) => [row.day, row.to, row.counted])).toEqual([
      ["2026-09-15", "2026-09-30", 0],
      ["2026-10-01", "2026-10-31", 0],
      ["2026-11-01", "2026-11-30", 12],
      ["2026-12-01", "2026-12-20", 0],
    ]);
    // November's row is the sum of its days.
    const days = responseTrend(database.db, { from: "2026-11-01", to: "2026-11-30" });
    const november = months[2];
    for (const key of [
      "counted",
      "inHoursCounted",
      "thirtySecondHits",
      "thirtySecondMisses",
      "within24hHits",
      "within24hMisses",
      "slaHit",
      "slaMissed",
    ] as const) {
      expect(november[key], key).toBe(days.reduce((sum, day) => sum + day[key], 0));
    }
  });

  it("narrows a month's row to one assignee too: whole months from the monthly roll-ups, cut ones from days", () => {
    const months = responseTrend(database.db, { from: "2026-09-15", to: "2026-12-20", assigneeId: svc.id }, "month");
    const days = responseTrend(database.db, { from: "2026-11-01", to: "2026-11-30", assigneeId: svc.id });
    expect(months.map((row) => row.counted)).toEqual([0, 0, 8, 0]);
    for (const key of [
      "counted",
      "inHoursCounted",
      "thirtySecondHits",
      "thirtySecondMisses",
      "within24hHits",
      "within24hMisses",
      "slaHit",
      "slaMissed",
    ] as const) {
      expect(months[2]![key], key).toBe(days.reduce((sum, day) => sum + day[key], 0));
    }
    // A month cut at both ends of the period is read from its days alone.
    const cut = responseTrend(database.db, { from: "2026-11-23", to: "2026-11-24", assigneeId: svc.id }, "month");
    const cutDays = responseTrend(database.db, { from: "2026-11-23", to: "2026-11-24", assigneeId: svc.id });
    expect(cut.map((row) => [row.day, row.to, row.counted])).toEqual([
      ["2026-11-23", "2026-11-24", cutDays.reduce((sum, day) => sum + day.counted, 0)],
    ]);
  });

  it("gives the page, in one read, exactly what responseReport and responseBreakdown give", () => {
    const settings = getSettings(database.db);
    for (const [from, to, trendAssigneeId] of [
      [FROM, TO, undefined],
      ["2026-09-15", "2026-12-20", svc.id],
      ["2026-11-23", "2026-11-24", null],
    ] as const) {
      expect(responseReportPage(database.db, { from, to, settings, now: NOW, trendAssigneeId })).toStrictEqual({
        report: responseReport(database.db, { from, to, settings, now: NOW }),
        breakdown: responseBreakdown(database.db, { from, to, trendAssigneeId }),
      });
    }
  });

  it("narrows to one assignee (null = unassigned)", () => {
    const unassigned = responseTrend(database.db, { from: FROM, to: TO, assigneeId: null });
    expect(unassigned.map((day) => [day.day, day.counted, day.within24hMisses, day.slaMissed])).toEqual([
      ["2026-11-22", 1, 1, 1],
      ["2026-11-23", 0, 0, 0],
      ["2026-11-24", 1, 0, 0],
      ["2026-11-25", 0, 0, 0],
    ]);
    const svcDays = responseTrend(database.db, { from: FROM, to: TO, assigneeId: svc.id });
    expect(svcDays.reduce((sum, day) => sum + day.counted, 0)).toBe(8);
  });
});

// ---------------------------------------------------------------------------------------------
// Timing on the demo data (reported, not asserted)
// ---------------------------------------------------------------------------------------------

describe("on the demo data", () => {
  let directory: string;

  afterEach(() => {
    closeDatabase();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("answers the report for 30 days and 12 months, and the inbox with own figures", async () => {
    vi.useRealTimers();
    closeDatabase();
    directory = mkdtempSync(join(tmpdir(), "crm-report-response-"));
    const { path } = await demoTestFile(join(directory, "demo.db"));
    const open = openDatabase(path);
    useDatabase(open);
    const _now = new Date();
    const job = performance.now();
    runSlaJob(open.db, new Date());
    const jobMs = performance.now() - job;

    const signInAs = async (email: string) => await sessionCookieFor(email);
    const manager = await signInAs("manager@demo.example");
    const service = await signInAs("service1@demo.example");

    const time = async (label: string, run: () => Promise<Response>) => {
      const times: number[] = [];
      let body: { overall?: { counted: number }; generatedMs?: number } = {};
      for (let i = 0; i < 3; i += 1) {
        const started = performance.now();
        const response = await run();
        times.push(performance.now() - started);
        expect(response.status, label).toBe(200);
        body = (await response.json()) as typeof body;
      }
      return { label, ms: times.map((ms) => Math.round(ms)), counted: body.overall?.counted, generatedMs: body.generatedMs };
    };
    const results = [
      await time("report 30 days", () => loadReport("?preset=30d", manager)),
      await time("report 12 months", () => loadReport("?preset=12m", manager)),
      await time("report 12 months, one assignee's trend", () => loadReport("?preset=12m&assignee=me", manager)),
      await time("inbox (service, own figures)", () => loadInbox("", service)),
    ];
    const csvStarted = performance.now();
    const csv = await loadReport("?preset=12m&format=csv", manager);
    const csvMs = Math.round(performance.now() - csvStarted);
    expect(csv.status).toBe(200);
    console.log(
      `[report-response timing] full SLA job ${Math.round(jobMs)} ms; ` +
        results.map((r) => `${r.label}: ${r.ms.join(" / ")} ms (counted ${r.counted ?? "–"})`).join("; ") +
        `; CSV 12 months ${csvMs} ms`,
    );
    expect(results[1].counted).toBeGreaterThan(0);
  }, 180_000);
});
