/**
 * The CLV report (/reports/clv): who may see it, the fitted parameters or the honest reason there
 * are none, and its figures on a small hand-computed fixture (predictions written straight into
 * customers and the fit into a job run, no fitting): the distribution with values on the bucket
 * edges, the top customers, CLV by tier and by acquisition channel, historical against predicted,
 * the acquisition cohort, and the CSV holding exactly the rows shown; the page rendered on the
 * server in both languages.
 *
 * Date is frozen at Monday 2026-11-23 10:30 Shanghai; the team time zone is the default.
 */
import { parse } from "csv-parse/sync";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { Outlet, type LoaderFunction, type RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenDatabase } from "~db/client.server";
import { channelId, createCustomer, type Customer, type User } from "~db/factories";
import { jobRuns, type Tier } from "~db/schema";
import { createI18n, type Locale } from "~/i18n";
import { reportClvText } from "~/i18n/sections/report-clv";
import type { ClvBucket, ClvChannelRow, ClvCustomerRow, ClvPoint, ClvSummary, ClvTierRow } from "~/models/clv-report.server";
import * as clvPage from "~/routes/reports.clv";
import * as reportCsv from "~/routes/reports.csv.$report";
import { createTeam, createTestDb, getRequest, loaderArgs, respond, sessionCookieFor } from "./helpers";

const NOW = new Date("2026-11-23T10:30:00+08:00");
const FIT_DAY = "2026-11-22";
const sh = (local: string) => new Date(`${local}+08:00`);

let database: OpenDatabase;
let rep: User;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  database = createTestDb();
  const team = await createTeam(database.db, { rep: "Rita Rep" });
  rep = team.rep;
});

afterEach(() => {
  vi.useRealTimers();
});

async function signIn(who: string) {
  return await sessionCookieFor(`${who}@example.com`);
}

// A CSV is downloaded through /reports/csv/:report (the page itself sends ?format=csv on there).
const load = (cookie: string, search = "") =>
  respond(() =>
    /format=csv/.test(search)
      ? reportCsv.loader(loaderArgs(getRequest(`/reports/csv/clv${search}`, cookie), { report: "clv" }))
      : clvPage.loader(loaderArgs(getRequest(`/reports/clv${search}`, cookie))),
  );

type PageJson = {
  fit: {
    params: { status: string; params?: Record<string, unknown>; code?: string | null };
    run: Record<string, unknown> | null;
  };
  model: { label: string; value: string | number | null }[];
  period: { from: string; to: string } | null;
  summary: ClvSummary;
  distribution: ClvBucket[];
  top: ClvCustomerRow[];
  byTier: ClvTierRow[];
  byChannel: ClvChannelRow[];
  points: ClvPoint[];
  canRunJobs: boolean;
};

async function page(cookie: string, search = ""): Promise<PageJson> {
  const response = await load(cookie, search);
  expect(response.status, search).toBe(200);
  return (await response.json()) as PageJson;
}

async function csvRows(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  return parse(Buffer.from(await response.arrayBuffer()), { bom: true, relax_column_count: true }) as string[][];
}

const FITTED_FIGURES = {
  fitted: true,
  asOf: FIT_DAY,
  customers: 7,
  timeUnit: "days",
  repeatCustomers: 31,
  monthlyDiscountRate: 0.01,
  bgnbd: { r: 0.52, alpha: 48.3, a: 0.81, b: 2.7, logLikelihood: -1234.5, customers: 7, converged: true, iterations: 40 },
  gammaGamma: {
    p: 6.1,
    q: 3.9,
    v: 1520.5,
    customers: 31,
    logLikelihood: -321,
    converged: true,
    iterations: 30,
    currency: "USD",
    meanOrderValue: 3198,
  },
  predictions: 7,
};

function recordClvRun(figures: Record<string, unknown>) {
  database.db
    .insert(jobRuns)
    .values({
      job: "clv",
      asOf: FIT_DAY,
      trigger: "manual",
      startedAt: sh("2026-11-22T02:30:00"),
      finishedAt: sh("2026-11-22T02:31:00"),
      status: "succeeded",
      progress: 1,
      figures,
    })
    .run();
}

type Predicted = {
  tier: Tier | null;
  channel: string | null;
  predicted: number;
  historical: number;
  pAlive: number;
  expectedOrders: number;
  orderValue: number;
  firstOrderAt: Date;
};

function predictedCustomer(name: string, p: Predicted): Customer {
  return createCustomer(database.db, {
    name,
    tier: p.tier,
    ownerId: rep.id,
    sourceChannelId: p.channel ? channelId(database.db, p.channel) : null,
    predictedClv12mMinor: p.predicted,
    revenueTotalMinor: p.historical,
    pAlive: p.pAlive,
    expectedOrders365d: p.expectedOrders,
    expectedOrderValueMinor: p.orderValue,
    firstOrderAt: p.firstOrderAt,
    clvAsOf: FIT_DAY,
  });
}

describe("who may see the CLV report", () => {
  it("lets managers and admins in and turns service and sales away with 403, for the page and its CSV", async () => {
    for (const [who, status] of [
      ["svc", 403],
      ["rep", 403],
      ["boss", 200],
      ["root", 200],
    ] as const) {
      const cookie = await signIn(who);
      expect((await load(cookie)).status, who).toBe(status);
      expect((await load(cookie, "?format=csv")).status, `${who} csv`).toBe(status);
    }
  });
});

describe("without a fit", () => {
  it("says the CLV job has not run, and the CSV holds only that", async () => {
    const cookie = await signIn("boss");
    const data = await page(cookie);
    expect(data.fit).toEqual({ params: { status: "never_run", message: expect.any(String) }, run: null });
    expect(data.model).toEqual([]);
    expect(data.canRunJobs).toBe(true);
    const csv = await csvRows(await load(cookie, "?format=csv"));
    expect(csv).toEqual([
      ["table", "parameter", "value"],
      ["model", "status", "never_run"],
    ]);
    expect((await load(cookie, "?format=csv&table=top")).status).toBe(400);
  });

  it("gives the reason when there were too few repeat customers, with the counts", async () => {
    recordClvRun({
      asOf: FIT_DAY,
      customers: 12,
      timeUnit: "days",
      fitted: false,
      code: "too_few_repeat_customers",
      reason: "Only 4 customers have repeat purchases; the CLV models need at least 30.",
      repeatCustomers: 4,
      required: 30,
      predictions: 0,
    });
    const cookie = await signIn("root");
    const data = await page(cookie);
    expect(data.fit.params).toMatchObject({ status: "not_fitted", code: "too_few_repeat_customers" });
    expect(data.fit.run).toMatchObject({ repeatCustomers: 4, required: 30 });
    const csv = await csvRows(await load(cookie, "?format=csv&table=model"));
    expect(csv).toEqual([
      ["parameter", "value"],
      ["status", "not_fitted"],
      ["as_of", FIT_DAY],
      ["code", "too_few_repeat_customers"],
      ["reason", "Only 4 customers have repeat purchases; the CLV models need at least 30."],
      ["repeat_customers", "4"],
      ["required", "30"],
    ]);
  });
});

describe("with a fit", () => {
  const ids: Record<string, number> = {};

  beforeEach(() => {
    recordClvRun(FITTED_FIGURES);
    const base = { pAlive: 0.5, expectedOrders: 1, orderValue: 10_000 };
    const rows: [string, Predicted][] = [
      // name, tier, channel, predicted, historical (cents), first order
      [
        "Zero",
        {
          ...base,
          tier: "dormant",
          channel: "email",
          predicted: 0,
          historical: 50_000,
          pAlive: 0.05,
          firstOrderAt: sh("2025-03-01T10:00:00"),
        },
      ],
      // The cohort's first instant: 2026-10-01 00:00 Shanghai.
      [
        "Just Under",
        {
          ...base,
          tier: "growing",
          channel: "alibaba",
          predicted: 99_999,
          historical: 200_000,
          firstOrderAt: sh("2026-10-01T00:00:00"),
        },
      ],
      [
        "On 1k",
        {
          ...base,
          tier: "growing",
          channel: "alibaba",
          predicted: 100_000,
          historical: 100_000,
          firstOrderAt: sh("2026-10-15T10:00:00"),
        },
      ],
      // The cohort's last instant: 2026-10-31 23:59:59.999 Shanghai.
      [
        "Under 5k",
        {
          ...base,
          tier: "new",
          channel: "website",
          predicted: 499_999,
          historical: 0,
          pAlive: 0.9,
          expectedOrders: 1.2345,
          orderValue: 416_666,
          firstOrderAt: sh("2026-10-31T23:59:59.999"),
        },
      ],
      // Just after the cohort: 2026-11-01 00:00 Shanghai.
      [
        "On 5k",
        {
          ...base,
          tier: "high_value",
          channel: "alibaba",
          predicted: 500_000,
          historical: 1_000_000,
          firstOrderAt: sh("2026-11-01T00:00:00"),
        },
      ],
      [
        "On 25k",
        {
          ...base,
          tier: "high_value",
          channel: null,
          predicted: 2_500_000,
          historical: 2_000_000,
          firstOrderAt: sh("2025-06-01T10:00:00"),
        },
      ],
      [
        "Top 100k",
        {
          ...base,
          tier: "high_value",
          channel: "website",
          predicted: 10_000_000,
          historical: 5_000_000,
          pAlive: 0.99,
          firstOrderAt: sh("2024-12-01T10:00:00"),
        },
      ],
    ];
    for (const [name, p] of rows) ids[name] = predictedCustomer(name, p).id;
    // A lead without orders has no prediction: counted as a customer, in no figure.
    ids["Lead"] = createCustomer(database.db, { name: "Lead", tier: "new" }).id;
  });

  it("shows the fitted parameters and when they were fitted, as `clv params` has them", async () => {
    const data = await page(await signIn("boss"));
    expect(data.fit.params).toMatchObject({
      status: "fitted",
      params: {
        asOf: FIT_DAY,
        customers: 7,
        bgnbd: { r: 0.52, alpha: 48.3, a: 0.81, b: 2.7, logLikelihood: -1234.5 },
        gammaGamma: { p: 6.1, q: 3.9, v: 1520.5, customers: 31 },
      },
    });
    expect(Object.fromEntries(data.model.map((row) => [row.label, row.value]))).toEqual({
      asOf: FIT_DAY,
      finishedAt: "2026-11-21T18:31:00.000Z",
      discountRate: 0.01,
      r: 0.52,
      alpha: 48.3,
      a: 0.81,
      b: 2.7,
      logLikelihood: -1234.5,
      customers: 7,
      repeatCustomers: 31,
      p: 6.1,
      q: 3.9,
      v: 1520.5,
      ggCustomers: 31,
    });
  });

  it("sums every customer: summary, buckets with values on their edges, top customers, tiers, channels, points", async () => {
    const data = await page(await signIn("boss"));
    expect(data.period).toBeNull();
    expect(data.summary).toEqual({
      customers: 8,
      withPrediction: 7,
      predictedMinor: 13_699_998,
      averagePredictedMinor: Math.round(13_699_998 / 7),
      historicalMinor: 8_350_000,
      firstOrderAt: sh("2024-12-01T10:00:00").getTime(),
    });
    // [0, 1k) [1k, 5k) [5k, 10k) [10k, 25k) [25k, 50k) [50k, 100k) [100k, ∞), in cents.
    expect(data.distribution).toEqual([
      { lowerMinor: 0, upperMinor: 100_000, customers: 2, share: 2 / 7, predictedMinor: 99_999 },
      { lowerMinor: 100_000, upperMinor: 500_000, customers: 2, share: 2 / 7, predictedMinor: 599_999 },
      { lowerMinor: 500_000, upperMinor: 1_000_000, customers: 1, share: 1 / 7, predictedMinor: 500_000 },
      { lowerMinor: 1_000_000, upperMinor: 2_500_000, customers: 0, share: 0, predictedMinor: 0 },
      { lowerMinor: 2_500_000, upperMinor: 5_000_000, customers: 1, share: 1 / 7, predictedMinor: 2_500_000 },
      { lowerMinor: 5_000_000, upperMinor: 10_000_000, customers: 0, share: 0, predictedMinor: 0 },
      { lowerMinor: 10_000_000, upperMinor: null, customers: 1, share: 1 / 7, predictedMinor: 10_000_000 },
    ]);
    expect(data.top.map((row) => row.name)).toEqual(["Top 100k", "On 25k", "On 5k", "Under 5k", "On 1k", "Just Under", "Zero"]);
    expect(data.top[3]).toEqual({
      id: ids["Under 5k"],
      name: "Under 5k",
      tier: "new",
      owner: "Rita Rep",
      pAlive: 0.9,
      expectedOrders365d: 1.2345,
      expectedOrderValueMinor: 416_666,
      predictedClv12mMinor: 499_999,
      historicalMinor: 0,
    });
    expect(data.byTier).toEqual([
      {
        tier: "high_value",
        customers: 3,
        predictedMinor: 13_000_000,
        averagePredictedMinor: 4_333_333,
        historicalMinor: 8_000_000,
        averageHistoricalMinor: 2_666_667,
        predictedToHistorical: 1.625,
      },
      {
        tier: "growing",
        customers: 2,
        predictedMinor: 199_999,
        averagePredictedMinor: 100_000,
        historicalMinor: 300_000,
        averageHistoricalMinor: 150_000,
        predictedToHistorical: 199_999 / 300_000,
      },
      {
        tier: "dormant",
        customers: 1,
        predictedMinor: 0,
        averagePredictedMinor: 0,
        historicalMinor: 50_000,
        averageHistoricalMinor: 50_000,
        predictedToHistorical: 0,
      },
      {
        tier: "new",
        customers: 1,
        predictedMinor: 499_999,
        averagePredictedMinor: 499_999,
        historicalMinor: 0,
        averageHistoricalMinor: 0,
        predictedToHistorical: null,
      },
    ]);
    expect(data.byChannel.map((row) => [row.channel, row.customers, row.predictedMinor, row.historicalMinor])).toEqual([
      ["website", 2, 10_499_999, 5_000_000],
      [null, 1, 2_500_000, 2_000_000],
      ["alibaba", 3, 699_999, 1_300_000],
      ["email", 1, 0, 50_000],
    ]);
    expect(data.byChannel[0]).toMatchObject({ channelName: "Website", averagePredictedMinor: 5_250_000 });
    // The largest of predicted and historical first: "Just Under" (2,000 historical) before "On 1k".
    expect(data.points.map((row) => row.name)).toEqual([
      "Top 100k",
      "On 25k",
      "On 5k",
      "Under 5k",
      "Just Under",
      "On 1k",
      "Zero",
    ]);
  });

  it("narrows everything to the acquisition cohort, first orders on the period's edge instants included", async () => {
    const cookie = await signIn("boss");
    const october = await page(cookie, "?from=2026-10-01&to=2026-10-31");
    expect(october.period).toMatchObject({ from: "2026-10-01", to: "2026-10-31" });
    expect(october.summary).toMatchObject({ customers: 3, withPrediction: 3, predictedMinor: 699_998, historicalMinor: 300_000 });
    expect(october.top.map((row) => row.name)).toEqual(["Under 5k", "On 1k", "Just Under"]);
    expect(october.distribution.map((bucket) => bucket.customers)).toEqual([1, 2, 0, 0, 0, 0, 0]);
    expect(october.byTier.map((row) => [row.tier, row.customers])).toEqual([
      ["high_value", 0],
      ["growing", 2],
      ["dormant", 0],
      ["new", 1],
    ]);
    expect(october.byTier[0]).toMatchObject({ averagePredictedMinor: null, predictedToHistorical: null });
    expect(october.byChannel.map((row) => row.channel)).toEqual(["website", "alibaba"]);

    const november = await page(cookie, "?from=2026-11-01&to=2026-11-23");
    expect(november.top.map((row) => row.name)).toEqual(["On 5k"]);
  });

  it("shows an honest empty state for a cohort without predictions, and exports only the model then", async () => {
    const cookie = await signIn("boss");
    const empty = await page(cookie, "?from=2020-01-01&to=2020-01-31");
    expect(empty.summary).toMatchObject({ customers: 0, withPrediction: 0, averagePredictedMinor: null });
    expect(empty.distribution.every((bucket) => bucket.customers === 0 && bucket.share === null)).toBe(true);
    const csv = await csvRows(await load(cookie, "?from=2020-01-01&to=2020-01-31&format=csv"));
    expect(
      new Set(
        csv
          .filter((row) => row.length > 1)
          .slice(1)
          .map((row) => row[0]),
      ),
    ).toEqual(new Set(["model"]));
    expect((await load(cookie, "?from=2020-01-01&to=2020-01-31&format=csv&table=distribution")).status).toBe(400);
  });

  it("exports exactly the rows shown: each table alone, or all of them stacked", async () => {
    const cookie = await signIn("boss");
    const shown = await page(cookie);
    const money = (minor: number | null) => (minor === null ? "" : (minor / 100).toFixed(2));

    const distribution = await csvRows(await load(cookie, "?format=csv&table=distribution"));
    expect(distribution[0]).toEqual(["lower", "upper", "customers", "share", "predicted_total"]);
    expect(distribution.slice(1)).toEqual(
      shown.distribution.map((bucket) => [
        money(bucket.lowerMinor),
        money(bucket.upperMinor),
        String(bucket.customers),
        bucket.share!.toFixed(4),
        money(bucket.predictedMinor),
      ]),
    );
    expect(distribution[2]).toEqual(["1000.00", "5000.00", "2", "0.2857", "5999.99"]);
    expect(distribution[7]).toEqual(["100000.00", "", "1", "0.1429", "100000.00"]);

    const top = await csvRows(await load(cookie, "?format=csv&table=top"));
    expect(top[0]).toEqual([
      "rank",
      "customer_id",
      "name",
      "tier",
      "owner",
      "p_alive",
      "expected_orders_365d",
      "expected_order_value",
      "predicted_clv_12m",
      "historical_value",
    ]);
    expect(top.slice(1).map((row) => Number(row[1]))).toEqual(shown.top.map((row) => row.id));
    expect(top[4]).toEqual([
      "4",
      String(ids["Under 5k"]),
      "Under 5k",
      "new",
      "Rita Rep",
      "0.9000",
      "1.2345",
      "4166.66",
      "4999.99",
      "0.00",
    ]);

    const byTier = await csvRows(await load(cookie, "?format=csv&table=by_tier"));
    expect(byTier.slice(1).map((row) => row[0])).toEqual(shown.byTier.map((row) => row.tier));
    expect(byTier[1]).toEqual(["high_value", "3", "130000.00", "43333.33", "80000.00", "26666.67", "1.6250"]);
    expect(byTier[4]).toEqual(["new", "1", "4999.99", "4999.99", "0.00", "0.00", ""]);

    const byChannel = await csvRows(await load(cookie, "?format=csv&table=by_channel"));
    expect(byChannel.slice(1).map((row) => row[0])).toEqual(["website", "none", "alibaba", "email"]);
    expect(byChannel[2]!.slice(0, 3)).toEqual(["none", "", "1"]);

    const points = await csvRows(await load(cookie, "?format=csv&table=points"));
    expect(points.slice(1).map((row) => Number(row[0]))).toEqual(shown.points.map((row) => row.id));

    const model = await csvRows(await load(cookie, "?format=csv&table=model"));
    expect(model.slice(0, 3)).toEqual([
      ["parameter", "value"],
      ["status", "fitted"],
      ["as_of", FIT_DAY],
    ]);
    expect(model).toContainEqual(["alpha", "48.3"]);
    expect(model).toContainEqual(["gamma_gamma_customers", "31"]);

    const all = await csvRows(await load(cookie, "?format=csv"));
    const blocks = all.filter((row) => row.length > 1).map((row) => row[0]);
    const count = (name: string) => blocks.filter((block) => block === name).length;
    expect(count("table")).toBe(6);
    expect([count("model"), count("distribution"), count("top"), count("by_tier"), count("by_channel"), count("points")]).toEqual(
      [model.length - 1, 7, 7, 4, 4, 7],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Server rendering, as a browser without scripts gets it
// ---------------------------------------------------------------------------------------------

type PageModule = { loader: (args: ReturnType<typeof loaderArgs>) => Promise<unknown>; default: ComponentType };

async function renderPage(locale: Locale, path: string, cookie: string) {
  const route = clvPage as unknown as PageModule;
  const pageLoader: LoaderFunction = ({ request }) => route.loader(loaderArgs(request));
  const routes: RouteObject[] = [
    {
      id: "root",
      path: "/",
      loader: () => ({ locale, timeZone: "Asia/Shanghai", baseCurrency: "USD", user: null, unanswered: null }),
      element: createElement(Outlet),
      children: [{ id: "page", path: path.split("?")[0]!.slice(1), loader: pageLoader, Component: route.default }],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(getRequest(path, cookie));
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`);
  const i18n = createI18n(locale);
  i18n.addResourceBundle(locale, "translation", { reportClv: reportClvText[locale] }, true, true);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context, hydrate: false }),
    ),
  );
}

describe("server rendering", () => {
  it("renders every table in both languages, with no missing text", async () => {
    recordClvRun(FITTED_FIGURES);
    const top = predictedCustomer("Acme GmbH", {
      tier: "high_value",
      channel: "alibaba",
      predicted: 2_500_000,
      historical: 1_000_000,
      pAlive: 0.9,
      expectedOrders: 3,
      orderValue: 800_000,
      firstOrderAt: sh("2026-01-10T10:00:00"),
    });
    const cookie = await signIn("boss");
    for (const locale of ["en", "zh-CN"] as const) {
      const html = await renderPage(locale, "/reports/clv", cookie);
      for (const table of ["model", "distribution", "top", "by_tier", "by_channel"]) {
        expect(html, `${locale} ${table}`).toContain(`data-table="${table}"`);
      }
      // The chart's points as a table: offered, and drawn only when opened (in the browser).
      expect(html).toContain(reportClvText[locale].versus.showPoints);
      expect(html).not.toContain('data-table="points"');
      expect(html).toContain(reportClvText[locale].distribution.title);
      expect(html).toContain(`href="/customers/${top.id}"`);
      expect(html).toMatch(/\/reports\/csv\/clv\?[^"]*table=by_channel/);
      expect(html).not.toMatch(/reportClv\.|tiers\.|customers\.noTier/);
    }
    const english = await renderPage("en", "/reports/clv", cookie);
    expect(english).toContain("$25,000 to under $50,000");
    expect(english).toContain("$25,000.00");
  });

  it("renders the reason there are no predictions, with the jobs link for managers", async () => {
    recordClvRun({
      asOf: FIT_DAY,
      fitted: false,
      code: "too_few_repeat_customers",
      reason: "Only 4 customers have repeat purchases; the CLV models need at least 30.",
      repeatCustomers: 4,
      required: 30,
    });
    const cookie = await signIn("boss");
    for (const locale of ["en", "zh-CN"] as const) {
      const html = await renderPage(locale, "/reports/clv", cookie);
      expect(html).toContain(reportClvText[locale].notFitted.title);
      expect(html).toContain('href="/jobs"');
      expect(html).not.toContain('data-table="distribution"');
      expect(html).not.toMatch(/reportClv\./);
    }
    expect(await renderPage("en", "/reports/clv", cookie)).toContain(
      "only 4 customers have repeat purchases, and they need at least 30",
    );
  });
});
