/**
 * The funnel report page (/reports/funnel) and the channel spend editor (/reports/spend): who may
 * see and change them, that the page shows funnelReport's own figures (the CLI's function), that
 * its CSV holds the rows shown, and that spend typed into the editor moves CPA and ROAS.
 */
import { eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { Outlet, type RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import { createCustomer, createInquiry, createOrder, createProduct, createQuote, createUser, type User } from "~db/factories";
import { auditLog, channelSpend } from "~db/schema";
import { localDay } from "~/domain/calendar";
import { createI18n, type Locale } from "~/i18n";
import { reportFunnelText } from "~/i18n/sections/report-funnel";
import { refreshQueuedFunnelFacts } from "~/models/funnel-facts.server";
import { FUNNEL_SPLITS, funnelReport, type FunnelReport, type FunnelSplit } from "~/models/funnel-report.server";
import { getSettings } from "~/models/settings.server";
import * as funnelPage from "~/routes/reports.funnel";
import * as reportCsv from "~/routes/reports.csv.$report";
import * as spendPage from "~/routes/reports.spend";
import { presetPeriod } from "~/schemas/period";
import { createTestDb, demoTestDb, formRequest, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

/** An instant given as team-local time (Asia/Shanghai, UTC+8 all year). */
const local = (text: string) => new Date(`${text}+08:00`);
const MARCH = "from=2026-03-01&to=2026-03-31";

let database: OpenDatabase;

async function signIn(email: string) {
  return await sessionCookieFor(email);
}

// A CSV is downloaded through /reports/csv/:report (the page itself sends ?format=csv on there).
const loadFunnel = (cookie: string, search = "") =>
  respond(() =>
    /format=csv/.test(search)
      ? reportCsv.loader(loaderArgs(getRequest(`/reports/csv/funnel${search}`, cookie), { report: "funnel" }))
      : funnelPage.loader(loaderArgs(getRequest(`/reports/funnel${search}`, cookie))),
  );
const loadSpend = (cookie: string, search = "") =>
  respond(() => spendPage.loader(loaderArgs(getRequest(`/reports/spend${search}`, cookie))));
const postSpend = (cookie: string, fields: Record<string, string>) =>
  respond(() => spendPage.action(loaderArgs(formRequest("/reports/spend", fields, { cookie }))));

/** funnelReport's answer as the page's JSON carries it. */
function expected(from: string, to: string, split?: FunnelSplit): FunnelReport {
  const report = funnelReport(database.db, { from, to, settings: getSettings(database.db), split });
  return JSON.parse(JSON.stringify(report)) as FunnelReport;
}

async function funnelData(cookie: string, search: string) {
  const response = await loadFunnel(cookie, search);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    report: FunnelReport;
    period: { from: string; to: string };
    split: FunnelSplit | null;
    ms: number;
  };
}

/** A CSV download's rows; it must start with the byte-order mark Excel needs. */
async function csvRows(response: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(Buffer.from(bytes), { bom: true, relax_column_count: true }) as string[][];
}

const spendRows = () => database.db.select().from(channelSpend).all();
const spendAudit = () =>
  database.db.select().from(auditLog).where(eq(auditLog.entity, "channel_spend")).orderBy(auditLog.id).all();

describe("with a small fixture", () => {
  let svc: User;
  let rep: User;

  /**
   * March 2026 (Shanghai): alibaba I1 (won 1,000.00 via its sent quote), I2 (answered only), I4 (won
   * 3,000.00 directly); website I3 (unanswered, no assignee, no customer country). I5 on 1 April
   * lies outside the period.
   */
  beforeEach(async () => {
    database = createTestDb();
    const { db } = database;
    svc = await createUser(db, { email: "svc@example.com", name: "Svc", role: "service" });
    rep = await createUser(db, { email: "rep@example.com", name: "Rep", role: "sales" });
    await createUser(db, { email: "boss@example.com", name: "Boss", role: "manager" });
    await createUser(db, { email: "root@example.com", name: "Root", role: "admin" });
    const product = createProduct(db, { sku: "HG-1", name: "Hinge" });
    const A = createCustomer(db, { name: "A GmbH", country: "DE", createdAt: local("2025-01-01T00:00:00") });
    const B = createCustomer(db, { name: "B Inc", country: null, createdAt: local("2025-01-01T00:00:00") });
    const answered = (at: string) => ({ firstResponse: { at: local(at), by: svc.id } });

    const i1 = createInquiry(db, {
      channel: "alibaba",
      customerId: A.id,
      assigneeId: svc.id,
      productId: product.id,
      receivedAt: local("2026-03-02T10:00:00"),
      ...answered("2026-03-02T10:05:00"),
    });
    const q1 = createQuote(db, { customerId: A.id, inquiryId: i1.id, status: "sent", createdAt: local("2026-03-03T10:00:00") });
    createOrder(db, { quoteId: q1.id, totalMinor: 100_000, orderedAt: local("2026-03-12T10:00:00") });
    createInquiry(db, {
      channel: "alibaba",
      customerId: B.id,
      assigneeId: rep.id,
      receivedAt: local("2026-03-05T09:00:00"),
      ...answered("2026-03-05T09:01:00"),
    });
    createInquiry(db, { channel: "website", customerId: B.id, receivedAt: local("2026-03-10T12:00:00") });
    const i4 = createInquiry(db, {
      channel: "alibaba",
      customerId: A.id,
      assigneeId: svc.id,
      productId: product.id,
      receivedAt: local("2026-03-20T16:00:00"),
      ...answered("2026-03-20T16:10:00"),
    });
    createOrder(db, { customerId: A.id, inquiryId: i4.id, totalMinor: 300_000, orderedAt: local("2026-03-25T16:00:00") });
    createInquiry(db, { channel: "email", customerId: B.id, receivedAt: local("2026-04-01T00:00:00") });
    // The page reads the funnel facts the SLA job's pass stores.
    refreshQueuedFunnelFacts(db);
  });

  describe("roles", () => {
    it("lets managers and admins see the funnel and the spend, and refuses service and sales", async () => {
      for (const [who, status] of [
        ["svc", 403],
        ["rep", 403],
        ["boss", 200],
        ["root", 200],
      ] as const) {
        const cookie = await signIn(`${who}@example.com`);
        expect((await loadFunnel(cookie, `?${MARCH}`)).status, `${who} funnel`).toBe(status);
        expect((await loadFunnel(cookie, `?${MARCH}&format=csv`)).status, `${who} funnel csv`).toBe(status);
        expect((await loadSpend(cookie)).status, `${who} spend`).toBe(status);
      }
    });

    it("lets only managers and admins change spend; sales may not", async () => {
      const fields = { intent: "save", month: "2026-03", channel: "alibaba", amount: "100", currency: "USD", fxRate: "" };
      for (const who of ["svc", "rep"]) {
        const cookie = await signIn(`${who}@example.com`);
        expect((await postSpend(cookie, fields)).status, `${who} save`).toBe(403);
      }
      expect(spendRows()).toHaveLength(0);
      const boss = await signIn("boss@example.com");
      expect((await postSpend(boss, fields)).status).toBe(200);
      const root = await signIn("root@example.com");
      expect((await postSpend(root, { ...fields, channel: "website" })).status).toBe(200);
      expect(spendRows()).toHaveLength(2);

      const id = String(spendRows()[0]!.id);
      const rep = await signIn("rep@example.com");
      expect((await postSpend(rep, { intent: "remove", id })).status).toBe(403);
      expect(spendRows()).toHaveLength(2);
    });

    it("sends a visitor who is not signed in to the sign-in page", async () => {
      const response = await respond(() => funnelPage.loader(loaderArgs(getRequest("/reports/funnel"))));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Freports%2Ffunnel");
    });
  });

  describe("the funnel page", () => {
    it("shows funnelReport's figures for the same period, with and without each split", async () => {
      const cookie = await signIn("boss@example.com");
      const plain = await funnelData(cookie, `?${MARCH}`);
      expect(plain.period).toMatchObject({ from: "2026-03-01", to: "2026-03-31" });
      expect(plain.split).toBeNull();
      expect(plain.report).toEqual(expected("2026-03-01", "2026-03-31"));
      expect(plain.report.stages.map((s) => s.count)).toEqual([4, 3, 1, 2, 1]);
      expect(typeof plain.ms).toBe("number");

      for (const split of FUNNEL_SPLITS) {
        const data = await funnelData(cookie, `?${MARCH}&split=${split}`);
        expect(data.split).toBe(split);
        expect(data.report, split).toEqual(expected("2026-03-01", "2026-03-31", split));
      }
      const byCountry = (await funnelData(cookie, `?${MARCH}&split=country`)).report.split!;
      expect(byCountry.groups.map((g) => [g.key, g.stages[0]!.count])).toEqual([
        ["DE", 2],
        [null, 2],
      ]);

      // An unknown split is ignored; no period means the last 90 days (team time zone).
      const odd = await funnelData(cookie, "?split=colour");
      const period = presetPeriod("90d", localDay(new Date(), "Asia/Shanghai"));
      expect(odd.split).toBeNull();
      expect(odd.report).toEqual(expected(period.from, period.to));
    });

    it("answers an empty period honestly: zero counts, no rates, no economics", async () => {
      const cookie = await signIn("root@example.com");
      const { report } = await funnelData(cookie, "?from=2025-01-01&to=2025-01-31");
      expect(report.stages.map((s) => [s.count, s.fromPrevious, s.fromReceived])).toEqual([
        [0, null, null],
        [0, null, null],
        [0, null, null],
        [0, null, null],
        [0, null, null],
      ]);
      expect(report.medianDaysToWon).toBeNull();
      expect(report.byChannel).toEqual([]);
    });

    it("exports each shown table alone with table=, and all of them stacked without it", async () => {
      const cookie = await signIn("boss@example.com");
      const report = expected("2026-03-01", "2026-03-31", "assignee");

      const stagesResponse = await loadFunnel(cookie, `?${MARCH}&split=assignee&format=csv&table=stages`);
      expect(stagesResponse.status).toBe(200);
      expect(stagesResponse.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(stagesResponse.headers.get("Content-Disposition")).toContain("funnel_2026-03-01_2026-03-31_by-assignee_stages.csv");
      const stages = await csvRows(stagesResponse);
      expect(stages).toEqual([
        ["stage", "count", "from_previous", "from_received"],
        ["received", "4", "", "1.0000"],
        ["responded", "3", "0.7500", "0.7500"],
        ["quoted", "1", "0.3333", "0.2500"],
        ["won", "2", "2.0000", "0.5000"],
        ["repeat", "1", "0.5000", "0.2500"],
      ]);

      const split = await csvRows(await loadFunnel(cookie, `?${MARCH}&split=assignee&format=csv&table=split`));
      expect(split[0]).toEqual([
        "split_by",
        "group_key",
        "group_label",
        "received",
        "responded",
        "responded_from_previous",
        "responded_from_received",
        "quoted",
        "quoted_from_previous",
        "quoted_from_received",
        "won",
        "won_from_previous",
        "won_from_received",
        "repeat",
        "repeat_from_previous",
        "repeat_from_received",
        "median_days_to_won",
      ]);
      expect(split.slice(1).map((row) => [row[1], row[3], row[10]])).toEqual(
        report.split!.groups.map((g) => [g.key ?? "", String(g.stages[0]!.count), String(g.stages[3]!.count)]),
      );
      expect(split.slice(1).map((row) => row.slice(1, 4))).toEqual([
        ["svc@example.com", "Svc", "2"],
        ["rep@example.com", "Rep", "1"],
        ["", "", "1"],
      ]);

      const economics = await csvRows(await loadFunnel(cookie, `?${MARCH}&format=csv&table=economics`));
      expect(economics).toEqual([
        ["channel", "channel_name", "inquiries", "won", "revenue", "spend", "cpa", "cost_per_won", "roas"],
        ...report.byChannel.map((c) => [
          c.channel,
          c.channelName,
          String(c.inquiries),
          String(c.won),
          (c.revenueMinor / 100).toFixed(2),
          "0.00",
          "",
          "",
          "",
        ]),
      ]);
      expect(economics.map((row) => row[0])).toEqual(["channel", "alibaba", "website"]);

      // A split table is not shown without a split, so it cannot be exported.
      expect((await loadFunnel(cookie, `?${MARCH}&format=csv&table=split`)).status).toBe(400);

      // Without table=: every shown table, each with its header, a `table` column, blank lines between.
      const all = await csvRows(await loadFunnel(cookie, `?${MARCH}&split=assignee&format=csv`));
      const blocks: string[][][] = [[]];
      for (const row of all) {
        if (row.length === 1 && row[0] === "") blocks.push([]);
        else blocks.at(-1)!.push(row);
      }
      expect(blocks.map((block) => block[0]![1])).toEqual(["from", "stage", "split_by", "channel"]);
      expect(blocks.map((block) => new Set(block.slice(1).map((row) => row[0])))).toEqual([
        new Set(["summary"]),
        new Set(["stages"]),
        new Set(["split"]),
        new Set(["economics"]),
      ]);
      expect(blocks[0]).toEqual([
        ["table", "from", "to", "currency", "split_by", "median_days_to_won"],
        ["summary", "2026-03-01", "2026-03-31", "USD", "assignee", (Math.round(report.medianDaysToWon! * 100) / 100).toFixed(2)],
      ]);
      expect(blocks[1]!.slice(1).map((row) => row.slice(1))).toEqual(stages.slice(1));
      expect(blocks[2]!.slice(1).map((row) => row.slice(1))).toEqual(split.slice(1));
      expect(blocks[3]!.slice(1).map((row) => row.slice(1))).toEqual(economics.slice(1));

      // Without a split the stacked CSV has no split block.
      const plain = await csvRows(await loadFunnel(cookie, `?${MARCH}&format=csv`));
      expect(new Set(plain.map((row) => row[0]))).toEqual(new Set(["table", "summary", "stages", "", "economics"]));
    });
  });

  describe("the spend editor", () => {
    const valid = { intent: "save", month: "2026-03", channel: "alibaba", amount: "3,100.00", currency: "USD", fxRate: "" };

    it("answers 400 with an error per field and keeps what was typed", async () => {
      const cookie = await signIn("boss@example.com");
      const cases: [Record<string, string>, Record<string, string[]>][] = [
        [{ ...valid, amount: "abc" }, { amount: ["reportFunnel.spend.errors.amount"] }],
        [{ ...valid, amount: "-5" }, { amount: ["reportFunnel.spend.errors.amount"] }],
        [{ ...valid, amount: "12.345" }, { amount: ['reportFunnel.spend.errors.amountDecimals|{"digits":2,"currency":"USD"}'] }],
        [
          { ...valid, amount: "1500.5", currency: "JPY", fxRate: "0.0067" },
          { amount: ['reportFunnel.spend.errors.amountNoDecimals|{"currency":"JPY"}'] },
        ],
        [{ ...valid, amount: "" }, { amount: ["errors.required"] }],
        [{ ...valid, currency: "EUR", fxRate: "" }, { fxRate: ["documents.errors.fxRequired"] }],
        [{ ...valid, currency: "EUR", fxRate: "abc" }, { fxRate: ["documents.errors.fxRate"] }],
        [{ ...valid, currency: "EUR", fxRate: "0" }, { fxRate: ["documents.errors.fxRate"] }],
        [{ ...valid, currency: "USD", fxRate: "7.1" }, { fxRate: ["documents.errors.baseRate"] }],
        [{ ...valid, currency: "XX" }, { currency: ["errors.currency"] }],
        [{ ...valid, month: "2026-13" }, { month: ["reportFunnel.spend.errors.month"] }],
        [{ ...valid, month: "" }, { month: ["errors.required"] }],
        [{ ...valid, channel: "fax" }, { channel: ["reportFunnel.spend.errors.channel"] }],
        [
          { ...valid, month: "March", channel: "", amount: "1.001", currency: "EUR", fxRate: "" },
          {
            month: ["reportFunnel.spend.errors.month"],
            channel: ["reportFunnel.spend.errors.channel"],
            amount: ['reportFunnel.spend.errors.amountDecimals|{"digits":2,"currency":"EUR"}'],
            fxRate: ["documents.errors.fxRequired"],
          },
        ],
      ];
      for (const [fields, errors] of cases) {
        const response = await postSpend(cookie, fields);
        const label = JSON.stringify(fields);
        expect(response.status, label).toBe(400);
        expect(await response.json(), label).toEqual({ errors, values: fields });
      }
      expect(spendRows()).toHaveLength(0);
      expect(spendAudit()).toHaveLength(0);
    });

    it("stores the exact amount, 1 for the base currency and the typed rate for another", async () => {
      const cookie = await signIn("boss@example.com");
      expect((await postSpend(cookie, { ...valid, currency: "usd", fxRate: "1.00" })).status).toBe(200);
      expect(
        (await postSpend(cookie, { ...valid, channel: "website", amount: "7,000", currency: "CNY", fxRate: " 0.1390 " })).status,
      ).toBe(200);
      expect(
        (await postSpend(cookie, { ...valid, channel: "trade_show", amount: "150000", currency: "JPY", fxRate: "0.0067" }))
          .status,
      ).toBe(200);
      const rows = database.db.select().from(channelSpend).orderBy(channelSpend.id).all();
      expect(rows.map((r) => [r.month, r.amountMinor, r.currency, r.fxRate])).toEqual([
        ["2026-03", 310_000, "USD", "1"],
        ["2026-03", 700_000, "CNY", "0.1390"],
        ["2026-03", 150_000, "JPY", "0.0067"],
      ]);

      const grid = (await (await loadSpend(cookie, "?year=2026")).json()).grid;
      expect(grid.entries).toBe(3);
      const row = (key: string) => grid.rows.find((r: { channel: { key: string } }) => r.channel.key === key);
      expect(row("alibaba").cells[2]).toMatchObject({
        month: "2026-03",
        amountMinor: 310_000,
        currency: "USD",
        baseMinor: 310_000,
      });
      expect(row("website").cells[2]).toMatchObject({ amountMinor: 700_000, currency: "CNY", baseMinor: 97_300 });
      expect(row("trade_show").cells[2]).toMatchObject({ amountMinor: 150_000, currency: "JPY", baseMinor: 100_500 });
      expect(row("alibaba").cells.filter(Boolean)).toHaveLength(1);
      expect(grid.monthTotalsBaseMinor[2]).toBe(310_000 + 97_300 + 100_500);
      expect(grid.monthTotalsBaseMinor[3]).toBeNull();
      expect(row("email").totalBaseMinor).toBeNull();
      expect(grid.totalBaseMinor).toBe(310_000 + 97_300 + 100_500);
      // Another year is empty (an honest empty grid), and the default year is this year (Shanghai).
      expect((await (await loadSpend(cookie, "?year=2025")).json()).grid.entries).toBe(0);
      expect((await (await loadSpend(cookie)).json()).year).toBe(Number(localDay(new Date(), "Asia/Shanghai").slice(0, 4)));
    });

    it("updates the one row of a month and channel on a second save, never duplicates it, and audits both", async () => {
      const cookie = await signIn("boss@example.com");
      const first = await postSpend(cookie, valid);
      expect(first.status).toBe(200);
      expect((await first.json()).saved).toMatchObject({ month: "2026-03", channel: "Alibaba.com", created: true });
      const second = await postSpend(cookie, { ...valid, amount: "2000", currency: "EUR", fxRate: "1.0850" });
      expect(second.status).toBe(200);
      expect((await second.json()).saved).toMatchObject({ created: false });

      const rows = spendRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ month: "2026-03", amountMinor: 200_000, currency: "EUR", fxRate: "1.0850" });
      const audit = spendAudit();
      expect(audit.map((entry) => [entry.action, entry.entityId])).toEqual([
        ["create", String(rows[0]!.id)],
        ["update", String(rows[0]!.id)],
      ]);
      expect(audit[0]!.after).toEqual({
        month: "2026-03",
        channel: "alibaba",
        amountMinor: 310_000,
        currency: "USD",
        fxRate: "1",
      });
      expect(audit[1]).toMatchObject({
        before: { amountMinor: 310_000, currency: "USD", fxRate: "1" },
        after: { amountMinor: 200_000, currency: "EUR", fxRate: "1.0850" },
      });
      expect(audit[1]!.userId).not.toBeNull();

      // The editor opens on the stored entry.
      const data = await (await loadSpend(cookie, "?month=2026-03&channel=alibaba")).json();
      expect(data.year).toBe(2026);
      expect(data.editing).toMatchObject({
        id: rows[0]!.id,
        month: "2026-03",
        channel: "alibaba",
        amount: "2000.00",
        currency: "EUR",
        fxRate: "1.0850",
      });
    });

    it("removes an entry, audits it, and answers 404 for one that does not exist", async () => {
      const cookie = await signIn("root@example.com");
      await postSpend(cookie, valid);
      const [row] = spendRows();
      const removed = await postSpend(cookie, { intent: "remove", id: String(row!.id) });
      expect(removed.status).toBe(200);
      expect((await removed.json()).removed).toEqual({ month: "2026-03", channel: "Alibaba.com" });
      expect(spendRows()).toHaveLength(0);
      expect(spendAudit().at(-1)).toMatchObject({
        action: "delete",
        entityId: String(row!.id),
        after: null,
        before: { channel: "alibaba", amountMinor: 310_000 },
      });
      expect((await postSpend(cookie, { intent: "remove", id: String(row!.id) })).status).toBe(404);
      expect((await postSpend(cookie, { intent: "remove", id: "abc" })).status).toBe(404);
      expect((await postSpend(cookie, { intent: "explode" })).status).toBe(400);
    });

    it("moves the funnel's CPA, cost per won order and ROAS as spend is set, changed and removed", async () => {
      const cookie = await signIn("boss@example.com");
      const alibaba = async () => {
        const { report } = await funnelData(cookie, `?${MARCH}`);
        expect(report).toEqual(expected("2026-03-01", "2026-03-31"));
        return report.byChannel.find((c) => c.channel === "alibaba")!;
      };
      // Three alibaba inquiries, two won: 1,000.00 + 3,000.00.
      expect(await alibaba()).toMatchObject({
        inquiries: 3,
        won: 2,
        revenueMinor: 400_000,
        spendMinor: 0,
        cpaMinor: null,
        costPerWonMinor: null,
        roas: null,
      });

      await postSpend(cookie, valid);
      expect(await alibaba()).toMatchObject({
        spendMinor: 310_000,
        cpaMinor: 103_333,
        costPerWonMinor: 155_000,
        roas: 400_000 / 310_000,
      });

      await postSpend(cookie, { ...valid, amount: "2,000", currency: "EUR", fxRate: "1.0850" });
      expect(await alibaba()).toMatchObject({
        spendMinor: 217_000,
        cpaMinor: 72_333,
        costPerWonMinor: 108_500,
        roas: 400_000 / 217_000,
      });

      // February spend counts only for a period that covers February days.
      await postSpend(cookie, { ...valid, month: "2026-02", amount: "2800" });
      expect((await alibaba()).spendMinor).toBe(217_000);
      const { report: withFeb } = await funnelData(cookie, "?from=2026-02-15&to=2026-03-31");
      expect(withFeb.byChannel.find((c) => c.channel === "alibaba")!.spendMinor).toBe(217_000 + 140_000);

      const march = spendRows().find((r) => r.month === "2026-03")!;
      await postSpend(cookie, { intent: "remove", id: String(march.id) });
      expect(await alibaba()).toMatchObject({ spendMinor: 0, cpaMinor: null, costPerWonMinor: null, roas: null });

      // The CSV follows: spend with no inquiries still shows its row, with CPA empty.
      await postSpend(cookie, { ...valid, channel: "trade_show", amount: "500" });
      const economics = await csvRows(await loadFunnel(cookie, `?${MARCH}&format=csv&table=economics`));
      expect(economics.find((row) => row[0] === "trade_show")).toEqual([
        "trade_show",
        "Trade show",
        "0",
        "0",
        "0.00",
        "500.00",
        "",
        "",
        "0.0000",
      ]);
      expect(economics.find((row) => row[0] === "alibaba")).toEqual([
        "alibaba",
        "Alibaba.com",
        "3",
        "2",
        "4000.00",
        "0.00",
        "",
        "",
        "",
      ]);
    });
  });
});

/**
 * Server rendering, as a browser without scripts gets it: the route's loader and component under a
 * static router, with this area's catalog added to the translator (so the test does not depend on
 * where the catalog is mounted, and every key the pages use must exist in both languages).
 */
type PageModule = { loader: (args: ReturnType<typeof loaderArgs>) => Promise<object>; default: ComponentType };

async function renderPage(locale: Locale, path: string, cookie: string, route: PageModule) {
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale, timeZone: "Asia/Shanghai", baseCurrency: "USD", user: null, unanswered: null }),
      element: createElement(Outlet),
      children: [
        {
          id: "page",
          path: path.split("?")[0]!.slice(1),
          loader: ({ request }) => route.loader(loaderArgs(request)),
          Component: route.default,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(getRequest(path, cookie));
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`);
  const i18n = createI18n(locale);
  i18n.addResourceBundle(locale, "translation", { reportFunnel: reportFunnelText[locale] }, true, true);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context, hydrate: false }),
    ),
  );
}

describe("server rendering", () => {
  beforeEach(async () => {
    database = createTestDb();
    await createUser(database.db, { email: "boss@example.com", name: "Boss", role: "manager" });
    const svc = await createUser(database.db, { email: "svc@example.com", name: "Svc", role: "service" });
    const customer = createCustomer(database.db, { country: "DE" });
    const inquiry = createInquiry(database.db, {
      channel: "alibaba",
      customerId: customer.id,
      assigneeId: svc.id,
      receivedAt: local("2026-03-02T10:00:00"),
      firstResponse: { at: local("2026-03-02T10:05:00"), by: svc.id },
    });
    createOrder(database.db, {
      customerId: customer.id,
      inquiryId: inquiry.id,
      totalMinor: 100_000,
      orderedAt: local("2026-03-12T10:00:00"),
    });
  });

  it("renders the funnel's tables and the spend grid and form in both languages, with no missing text", async () => {
    const cookie = await signIn("boss@example.com");
    await postSpend(cookie, {
      intent: "save",
      month: "2026-03",
      channel: "alibaba",
      amount: "1,000",
      currency: "EUR",
      fxRate: "1.0850",
    });
    for (const locale of ["en", "zh-CN"] as const) {
      const funnel = await renderPage(locale, `/reports/funnel?${MARCH}&split=country`, cookie, funnelPage);
      for (const table of ["stages", "split", "economics"])
        expect(funnel, `${locale} ${table}`).toContain(`data-table="${table}"`);
      expect(funnel).toContain(reportFunnelText[locale].stages.repeat);
      expect(funnel).toContain('href="/reports/spend?year=2026"');
      expect(funnel).toMatch(/\/reports\/csv\/funnel\?[^"]*table=economics/);
      expect(funnel).not.toMatch(/reportFunnel\./);

      const empty = await renderPage(locale, "/reports/funnel?from=2025-01-01&to=2025-01-31", cookie, funnelPage);
      expect(empty).toContain(reportFunnelText[locale].empty);
      expect(empty).toContain(reportFunnelText[locale].economics.empty);
      expect(empty).not.toContain('data-table="stages"');

      const spend = await renderPage(locale, "/reports/spend?year=2026&month=2026-03&channel=alibaba", cookie, spendPage);
      expect(spend).toContain('data-table="spend"');
      expect(spend).toContain('value="1000.00"');
      expect(spend).toContain('name="fxRate"');
      expect(spend).not.toMatch(/reportFunnel\./);
      const emptyYear = await renderPage(locale, "/reports/spend?year=2024", cookie, spendPage);
      expect(emptyYear).toContain(reportFunnelText[locale].spend.empty.replace("{{year}}", "2024"));
    }
  });
});

/**
 * Loader timings on the demo data (two years of a hardware exporter). Printed, not asserted: a
 * timing assertion would fail on a slow CI machine without telling anything about the code.
 */
describe("on the demo data", () => {
  let cookie: string;

  beforeAll(async () => {
    database = await demoTestDb();
    cookie = await signIn("manager@demo.example");
  }, 120_000);

  afterAll(() => {
    database.sqlite.close();
  });

  it("answers within the time printed below, with the same figures as funnelReport", async () => {
    const timings: string[] = [];
    for (const preset of ["90d", "12m"] as const) {
      for (const split of [undefined, ...FUNNEL_SPLITS]) {
        const search = `?preset=${preset}${split ? `&split=${split}` : ""}`;
        await loadFunnel(cookie, search); // warm the statement cache
        const runs: number[] = [];
        let data: Awaited<ReturnType<typeof funnelData>> | undefined;
        for (let i = 0; i < 5; i += 1) {
          const started = performance.now();
          const response = await loadFunnel(cookie, search);
          runs.push(performance.now() - started);
          data = (await response.json()) as Awaited<ReturnType<typeof funnelData>>;
        }
        expect(data!.report).toEqual(expected(data!.period.from, data!.period.to, split));
        expect(data!.report.stages[0]!.count).toBeGreaterThan(0);
        const sorted = [...runs].sort((a, b) => a - b);
        const ms = (value: number) => value.toFixed(1).padStart(6);
        timings.push(
          `${preset.padEnd(4)} ${(split ?? "no split").padEnd(9)} loader median ${ms(sorted[2]!)} ms, min ${ms(sorted[0]!)}, max ${ms(sorted[4]!)} (${data!.report.stages[0]!.count} inquiries${data!.report.split ? `, ${data!.report.split.groups.length} groups` : ""})`,
        );
      }
    }
    const csvStarted = performance.now();
    const csv = await loadFunnel(cookie, "?preset=12m&split=product&format=csv");
    await csv.text();
    timings.push(`12m  product   CSV    ${(performance.now() - csvStarted).toFixed(1)} ms`);
    const spendStarted = performance.now();
    expect((await loadSpend(cookie)).status).toBe(200);
    timings.push(`spend grid (this year)  ${(performance.now() - spendStarted).toFixed(1)} ms`);
    console.log(`Funnel report on the demo data:\n${timings.join("\n")}`);
  });
});
